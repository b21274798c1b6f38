import { getShop, updateShop } from "@tillsync/db";
import { shopUpdateInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { ownerProcedure, router, shopProcedure } from "../trpc";

export const shopRouter = router({
  /** The caller's shop and who they are in it. */
  current: shopProcedure.query(async ({ ctx }) => ({
    shop: await getShop(ctx.prisma, ctx.principal.shopId),
    /** userId: the signed-in staff member (null for API keys), which a till captures as a sale's cashier. */
    principal: { role: ctx.principal.role, name: ctx.principal.name, userId: ctx.principal.userId ?? null },
  })),
  update: ownerProcedure.input(shopUpdateInput).mutation(({ ctx, input }) => updateShop(ctx.prisma, actorOf(ctx.principal), input)),
});
