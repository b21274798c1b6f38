import { getShop } from "@tillsync/db";

import { router, shopProcedure } from "../trpc";

export const shopRouter = router({
  /** The caller's shop and who they are in it. */
  current: shopProcedure.query(async ({ ctx }) => ({
    shop: await getShop(ctx.prisma, ctx.principal.shopId),
    principal: { role: ctx.principal.role, name: ctx.principal.name },
  })),
});
