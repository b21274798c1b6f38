import { dismissSetupChecklist, getShop, setupChecklist, updateShop } from "@tillsync/db";
import { shopUpdateInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, ownerProcedure, router, shopProcedure } from "../trpc";

export const shopRouter = router({
  /** The caller's shop and who they are in it. */
  current: shopProcedure.query(async ({ ctx }) => ({
    shop: await getShop(ctx.prisma, ctx.principal.shopId),
    /** userId: the signed-in staff member (null for API keys), which a till captures as a sale's cashier. */
    principal: { role: ctx.principal.role, name: ctx.principal.name, userId: ctx.principal.userId ?? null },
  })),
  update: ownerProcedure.input(shopUpdateInput).mutation(({ ctx, input }) => updateShop(ctx.prisma, actorOf(ctx.principal), input)),
  /** The dashboard's first-run checklist: which steps the shop has done, and whether it was put away. */
  setup: managerProcedure.query(({ ctx }) => setupChecklist(ctx.prisma, ctx.principal.shopId)),
  /** Puts the first-run checklist away for the shop. */
  dismissSetup: managerProcedure.mutation(({ ctx }) => dismissSetupChecklist(ctx.prisma, ctx.principal.shopId)),
});
