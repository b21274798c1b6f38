import { getSale, listSales, recordSale, reverseSale, syncSales } from "@tillsync/db";
import { saleByIdInput, saleInput, saleListInput, saleReverseInput, saleSyncInput } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router, shopProcedure } from "../trpc";

export const saleRouter = router({
  create: shopProcedure.input(saleInput).mutation(({ ctx, input }) => recordSale(ctx.prisma, actorOf(ctx.principal), input)),
  sync: shopProcedure
    .input(saleSyncInput)
    .mutation(async ({ ctx, input }) => ({ results: await syncSales(ctx.prisma, actorOf(ctx.principal), input.sales) })),
  byId: shopProcedure.input(saleByIdInput).query(({ ctx, input }) => getSale(ctx.prisma, ctx.principal.shopId, input.id)),
  list: shopProcedure.input(saleListInput).query(({ ctx, input }) => listSales(ctx.prisma, ctx.principal.shopId, input)),
  reverse: managerProcedure.input(saleReverseInput).mutation(({ ctx, input }) => reverseSale(ctx.prisma, actorOf(ctx.principal), input)),
});
