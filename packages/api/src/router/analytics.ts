import { productAnalytics, salesSummary } from "@tillsync/db";
import { analyticsByProductInput, analyticsSummaryInput } from "@tillsync/validators";

import { managerProcedure, router } from "../trpc";

export const analyticsRouter = router({
  byProduct: managerProcedure.input(analyticsByProductInput).query(({ ctx, input }) => productAnalytics(ctx.prisma, ctx.principal.shopId, input)),
  summary: managerProcedure.input(analyticsSummaryInput).query(({ ctx, input }) => salesSummary(ctx.prisma, ctx.principal.shopId, input)),
});
