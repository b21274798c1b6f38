import { discardRejectedSale, getSale, listDiscardedSales, listSales, recordRefund, recordSale, refundableSale, reverseSale, syncSales } from "@tillsync/db";
import {
  refundInput,
  saleByIdInput,
  saleDiscardedListInput,
  saleDiscardInput,
  saleInput,
  saleListInput,
  saleRefundableInput,
  saleReverseInput,
  saleSyncInput,
} from "@tillsync/validators";

import { actorOf } from "../actor";
import { fromStandby, managerProcedure, router, shopProcedure } from "../trpc";

export const saleRouter = router({
  create: shopProcedure.input(saleInput).mutation(({ ctx, input }) => recordSale(ctx.prisma, actorOf(ctx.principal), input)),
  sync: shopProcedure.input(saleSyncInput).mutation(async ({ ctx, input }) => ({ results: await syncSales(ctx.prisma, actorOf(ctx.principal), input.sales) })),
  /** On the primary: the sale page reverses and refunds from it, a till reprints the receipt of a sale it just made. */
  byId: shopProcedure.input(saleByIdInput).query(({ ctx, input }) => getSale(ctx.prisma, ctx.principal.shopId, input.id)),
  /**
   * The sales list, read on the standby when there is one (DESIGN.md §10), with `freshness`: a
   * browsing list (the sales page, a till's refund dialog) whose actions re-read the sale on the
   * primary first (byId, refundable), so a list a moment behind changes nothing written. A healthy
   * standby is waited for (≈ 0.2 s at most) until it has what the primary had, so a manager's own
   * reversal shows at once.
   */
  list: shopProcedure.input(saleListInput).query(({ ctx, input }) => fromStandby(ctx, (db) => listSales(db, ctx.principal.shopId, input))),
  /**
   * A partial refund (DESIGN.md §8), exactly once by its externalId, as `type: "refund"` entries
   * of sale.sync are: any till or staff member may refund; without a manager at the till it is
   * recorded and flagged needsReview, never refused. -> { sale: SaleDTO (kind "refund"), replayed }.
   */
  refund: shopProcedure.input(refundInput).mutation(({ ctx, input }) => recordRefund(ctx.prisma, actorOf(ctx.principal), input)),
  /** A sale's lines with sold, refunded and remaining quantities, and its refunds, for the refund dialogs (DESIGN.md §8). */
  refundable: shopProcedure.input(saleRefundableInput).query(({ ctx, input }) => refundableSale(ctx.prisma, ctx.principal.shopId, input)),
  reverse: managerProcedure.input(saleReverseInput).mutation(({ ctx, input }) => reverseSale(ctx.prisma, actorOf(ctx.principal), input)),
  /**
   * Staff discard a sale the server rejected, with a reason; recorded on the server (DESIGN.md
   * §7), as `type: "discard"` entries of sale.sync are. Without a manager at the till it is
   * recorded and flagged needsReview (§8), never refused. -> DiscardedSaleDTO & { replayed }.
   */
  discardRejected: shopProcedure
    .input(saleDiscardInput)
    .mutation(({ ctx, input: { externalId, ...discard } }) =>
      discardRejectedSale(ctx.prisma, actorOf(ctx.principal), { saleExternalId: externalId, ...discard }),
    ),
  discardedList: managerProcedure.input(saleDiscardedListInput).query(({ ctx, input }) => listDiscardedSales(ctx.prisma, ctx.principal.shopId, input)),
});
