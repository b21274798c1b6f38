import { productAnalytics, salesSummary, tenderAnalytics } from "@tillsync/db";
import { analyticsByProductInput, analyticsByTenderInput, analyticsSummaryInput } from "@tillsync/validators";

import { fromStandby, managerProcedure, router } from "../trpc";

/**
 * Analytics read on the standby when there is one (DATABASE_READ_URL, DESIGN.md §10): long
 * aggregations over sales, the load a standby is there to take, which nothing writes after.
 * Each answer carries `freshness` (the pages say "Data as of …" when it is stale). The REST
 * analytics endpoint (router/rest.ts) reads the primary: its clients cannot be told.
 */
export const analyticsRouter = router({
  byProduct: managerProcedure
    .input(analyticsByProductInput)
    .query(({ ctx, input }) => fromStandby(ctx, (db) => productAnalytics(db, ctx.principal.shopId, input))),
  /** Sales by tender (DESIGN.md §8): per method taken, refunded, net and sales, over the range and per local day. Managers only. */
  byTender: managerProcedure
    .input(analyticsByTenderInput)
    .query(({ ctx, input }) => fromStandby(ctx, (db) => tenderAnalytics(db, ctx.principal.shopId, input))),
  summary: managerProcedure.input(analyticsSummaryInput).query(({ ctx, input }) => fromStandby(ctx, (db) => salesSummary(db, ctx.principal.shopId, input))),
});
