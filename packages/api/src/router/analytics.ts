import { productAnalytics, salesSummary, tenderAnalytics } from "@tillsync/db";
import { analyticsByProductInput, analyticsByTenderInput, analyticsSummaryInput } from "@tillsync/validators";

import { managerProcedure, router } from "../trpc";

export const analyticsRouter = router({
  byProduct: managerProcedure.input(analyticsByProductInput).query(({ ctx, input }) => productAnalytics(ctx.prisma, ctx.principal.shopId, input)),
  /** Sales by tender (DESIGN.md §8): per method taken, refunded, net and sales, over the range and per local day. Managers only. */
  byTender: managerProcedure.input(analyticsByTenderInput).query(({ ctx, input }) => tenderAnalytics(ctx.prisma, ctx.principal.shopId, input)),
  summary: managerProcedure.input(analyticsSummaryInput).query(({ ctx, input }) => salesSummary(ctx.prisma, ctx.principal.shopId, input)),
});
