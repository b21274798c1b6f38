import { getProduct, productAnalytics, recordSale } from "@tillsync/db";
import { restAnalyticsInput, restProductAnalytics, restSale, restSaleInput, toRestProductAnalytics, toRestSale } from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router, shopProcedure } from "../trpc";

/**
 * The original Django API's two endpoints, which offline clients already call: the same
 * domain functions as `sale.create` and `analytics.byProduct`, in the REST shapes. Served
 * by trpc-to-openapi in apps/api (trailing slashes are ignored) and kept out of AppRouter,
 * so tRPC clients see only the camelCase procedures.
 */
export const restRouter = router({
  createSale: shopProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/sales",
        tags: ["sales"],
        summary: "Record a sale, exactly once",
        description:
          "201 with the new sale; 200 with the stored sale when the same external_id and payload were sent before (a retry); " +
          "422 IDEMPOTENCY_KEY_REUSED (with stored_sale_id, the sale stored under it) when the external_id was used for a different sale. " +
          "client_timestamp takes the spellings of docs/api.md; a clock without offset is the shop's local time. Totals are computed by the server.",
        successDescription: "The stored sale: a retry of a sale already recorded (a new sale answers 201)",
        errorResponses: {
          400: "Invalid input",
          401: "No valid API key",
          404: "A product of another shop, or none",
          413: "Body over 1 MB",
          415: "Body not application/json",
          422: "IDEMPOTENCY_KEY_REUSED, with stored_sale_id",
          500: "Internal server error",
          503: "The database is unavailable or the call met a transient failure; retry after Retry-After",
        },
      },
    })
    .input(restSaleInput)
    .output(restSale)
    .mutation(async ({ ctx, input }) => {
      const { sale, replayed } = await recordSale(ctx.prisma, actorOf(ctx.principal), input);
      if (ctx.rest) ctx.rest.status = replayed ? 200 : 201;
      return toRestSale(sale);
    }),

  salesAnalytics: managerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/sales/analytics",
        tags: ["analytics"],
        summary: "Sales of one product, per day, week or month",
        description:
          "Dates are in the shop's time zone, the range is inclusive, every period appears (zeros included) and reversals net out. Needs a manager key.",
        errorResponses: {
          400: "Invalid query",
          401: "No valid API key",
          403: "Not a manager key",
          404: "A product of another shop, or none",
          500: "Internal server error",
        },
      },
    })
    .input(restAnalyticsInput)
    .output(restProductAnalytics)
    // On the primary, even with a standby (DATABASE_READ_URL): the seed's clients post a sale
    // and read this back, and its shape has no way to tell them the data is behind.
    .query(async ({ ctx, input }) => {
      const report = await productAnalytics(ctx.prisma, ctx.principal.shopId, input);
      return toRestProductAnalytics(report, await getProduct(ctx.prisma, ctx.principal.shopId, input.productId));
    }),
});
