import { createApiKey, listApiKeys, revokeApiKey } from "@tillsync/db";
import { apiKeyCreateInput, apiKeyRevokeInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { ownerProcedure, router } from "../trpc";

export const apiKeyRouter = router({
  /** The key itself is in this answer only; the database keeps its SHA-256. */
  create: ownerProcedure
    .input(apiKeyCreateInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.prisma, { shopId: ctx.principal.shopId, ...input }, actorOf(ctx.principal))),
  list: ownerProcedure.query(({ ctx }) => listApiKeys(ctx.prisma, ctx.principal.shopId)),
  revoke: ownerProcedure.input(apiKeyRevokeInput).mutation(({ ctx, input }) => revokeApiKey(ctx.prisma, actorOf(ctx.principal), input.id)),
});
