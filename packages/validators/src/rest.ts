import { z } from "zod";

import { analyticsPeriod, withDateRange, type AnalyticsByProductInput, type ProductAnalyticsDTO } from "./analytics";
import { id, localDate, uuid } from "./common";
import { money, quantity, stockLevel } from "./decimal";
import type { SaleDTO } from "./dto";
import { productName, sku, sourceDevice, type SaleInput, type SaleItemInput } from "./sale";

// The REST contract of the original Django API (DESIGN.md §4 "REST compatibility"), which
// offline clients already speak: snake_case in and out, mapped onto the tRPC shapes so the
// same domain functions serve both. Optional fields also accept null, as those clients send it.
//
// trpc-to-openapi coerces query strings by switching on `coerce` in the number and boolean
// schemas it reaches through objects, arrays and optionals of an input (mutating them). Sale
// items are pipes (they map to SaleItemInput), which it does not enter: in a JSON body,
// `"is_volatile": "false"` stays a type error instead of becoming true, and shared schemas
// such as `id` keep their meaning for tRPC.

const decimalOut = (example: string, description: string) => z.string().meta({ example, description });
const timestamp = z.iso.datetime({ offset: true });

const restInlineProduct = z
  .object({
    external_id: uuid.nullish().meta({ description: "The till's UUID for a product created offline; sales naming it resolve to one product" }),
    name: productName,
    is_volatile: z.boolean().default(false).meta({ description: "Sold by weight or priced at the till: no stock, no alerts" }),
    unit_price: money.nullish(),
    reorder_level: stockLevel.nullish(),
    sku: sku.nullish(),
  })
  .meta({ description: "A product created together with the sale (e.g. at a till while offline)" });

const restSaleItemInput = z
  .object({
    product: id.nullish().meta({ description: "Id of an existing product (give this or product_data)" }),
    product_data: restInlineProduct.nullish(),
    quantity: quantity.meta({ description: "Greater than 0, at most three decimals", example: "0.5" }),
    unit_price: money.nullish().meta({ description: "The price at the till; the product's current price when absent", example: "2.50" }),
  })
  .refine((item) => (item.product == null) !== (item.product_data == null), {
    message: "Give exactly one of product or product_data",
    path: ["product"],
  })
  .transform(
    ({ product, product_data: data, quantity, unit_price }): SaleItemInput => ({
      productId: product ?? undefined,
      product: data
        ? {
            externalId: data.external_id ?? undefined,
            name: data.name,
            isVolatile: data.is_volatile,
            unitPrice: data.unit_price ?? undefined,
            reorderLevel: data.reorder_level ?? undefined,
            sku: data.sku ?? undefined,
          }
        : undefined,
      quantity,
      unitPrice: unit_price ?? undefined,
    }),
  );

/** `POST /api/sales/` body. Totals are never read: the server computes them. */
export const restSaleInput = z
  .object({
    external_id: uuid.meta({ description: "The sale's UUID, made on the till; the idempotency key" }),
    source_device: sourceDevice.nullish().meta({ example: "pos-02" }),
    client_timestamp: timestamp.nullish().meta({ description: "When the sale was rung up, by the till's clock (ISO-8601 with offset)" }),
    items: z.array(restSaleItemInput).min(1, "A sale needs at least one item").max(500),
  })
  .transform(
    (body): SaleInput => ({
      externalId: body.external_id,
      sourceDevice: body.source_device ?? undefined,
      clientTimestamp: body.client_timestamp ? new Date(body.client_timestamp) : undefined,
      items: body.items,
    }),
  );

const restSaleItem = z.object({
  product: z.number().int(),
  product_name: z.string(),
  quantity: decimalOut("0.500", "Three decimals"),
  unit_price: decimalOut("2.50", "Two decimals"),
  line_total: decimalOut("1.25", "round(quantity × unit_price, 2), half up"),
});

/** A stored sale as REST answers it; `synced_at` is when the server received it. */
export const restSale = z
  .object({
    id: z.number().int(),
    external_id: z.uuid(),
    kind: z.enum(["sale", "reversal"]),
    source_device: z.string().nullable(),
    device_name: z.string().nullable().meta({ description: "Name of the API key (or staff member) that sent the sale" }),
    client_timestamp: timestamp.nullable(),
    occurred_at: timestamp.meta({ description: "client_timestamp, unless missing or more than 5 minutes ahead of the server" }),
    synced_at: timestamp,
    total: decimalOut("3.75", "Sum of the line totals, computed by the server"),
    items: z.array(restSaleItem),
  })
  .meta({ id: "Sale" });

export type RestSale = z.output<typeof restSale>;

export const toRestSale = (sale: SaleDTO): RestSale => ({
  id: sale.id,
  external_id: sale.externalId,
  kind: sale.kind,
  source_device: sale.sourceDevice,
  device_name: sale.deviceName,
  client_timestamp: sale.clientTimestamp?.toISOString() ?? null,
  occurred_at: sale.occurredAt.toISOString(),
  synced_at: sale.receivedAt.toISOString(),
  total: sale.total,
  items: sale.items.map((item) => ({
    product: item.productId,
    product_name: item.productName,
    quantity: item.quantity,
    unit_price: item.unitPrice,
    line_total: item.lineTotal,
  })),
});

/** `GET /api/sales/analytics/` query: every value arrives as a string, so the id is coerced. */
export const restAnalyticsInput = withDateRange(
  z.object({
    product_id: z.coerce.number().int().positive().max(2_147_483_647),
    start_date: localDate.meta({ description: "First day, YYYY-MM-DD in the shop's time zone" }),
    end_date: localDate.meta({ description: "Last day (inclusive)" }),
    period: analyticsPeriod.meta({ description: "Weeks start on Monday" }),
  }),
  "start_date",
  "end_date",
).transform(
  (query): AnalyticsByProductInput => ({ productId: query.product_id, startDate: query.start_date, endDate: query.end_date, period: query.period }),
);

export const restProductAnalytics = z
  .object({
    product: z.number().int(),
    product_name: z.string(),
    start_date: z.iso.date(),
    end_date: z.iso.date(),
    period: analyticsPeriod,
    timezone: z.string().meta({ description: "The shop's IANA time zone, which the periods follow" }),
    total_quantity_sold: decimalOut("12.500", "Net of reversals"),
    total_revenue: decimalOut("31.25", "Net of reversals"),
    average_unit_price: decimalOut("2.50", "total_revenue / total_quantity_sold; null when nothing was sold").nullable(),
    sale_count: z.number().int(),
    period_breakdown: z
      .array(
        z.object({
          period_start: z.iso.date(),
          quantity: decimalOut("2.500", "Quantity sold in the period"),
          revenue: decimalOut("6.25", "Revenue in the period"),
          sale_count: z.number().int(),
        }),
      )
      .meta({ description: "Every period of the range, oldest first, zeros included" }),
  })
  .meta({ id: "ProductAnalytics" });

export type RestProductAnalytics = z.output<typeof restProductAnalytics>;

export const toRestProductAnalytics = (report: ProductAnalyticsDTO): RestProductAnalytics => ({
  product: report.product.id,
  product_name: report.product.name,
  start_date: report.startDate,
  end_date: report.endDate,
  period: report.period,
  timezone: report.timezone,
  total_quantity_sold: report.totalQuantitySold,
  total_revenue: report.totalRevenue,
  average_unit_price: report.averageUnitPrice,
  sale_count: report.saleCount,
  period_breakdown: report.periodBreakdown.map((row) => ({
    period_start: row.periodStart,
    quantity: row.quantity,
    revenue: row.revenue,
    sale_count: row.saleCount,
  })),
});

