import { claimTill, createTill, listTills, tillStatus, updateTill } from "@tillsync/db";
import { tillClaimInput, tillCreateInput, tillStatusInput, tillUpdateInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router, shopProcedure } from "../trpc";

/** Tills (DESIGN.md §8): managers create and bind them; any staff member or device key lists and claims them. */
export const tillRouter = router({
  create: managerProcedure.input(tillCreateInput).mutation(({ ctx, input }) => createTill(ctx.prisma, actorOf(ctx.principal), input)),
  update: managerProcedure.input(tillUpdateInput).mutation(({ ctx, input }) => updateTill(ctx.prisma, actorOf(ctx.principal), input)),
  list: shopProcedure.query(({ ctx }) => listTills(ctx.prisma, ctx.principal.shopId)),
  /** A browser takes the till (online); the answer says where the till's counters stand on the server. */
  claim: shopProcedure.input(tillClaimInput).mutation(({ ctx, input }) => claimTill(ctx.prisma, actorOf(ctx.principal), input)),
  /** Whether this browser still holds the till. */
  status: shopProcedure.input(tillStatusInput).query(({ ctx, input }) => tillStatus(ctx.prisma, actorOf(ctx.principal), input)),
});
