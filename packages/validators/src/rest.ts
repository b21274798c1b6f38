import { z } from "zod";

import { analyticsPeriod, withDateRange, type AnalyticsByProductInput, type ProductAnalyticsDTO } from "./analytics";
import { clientClockText } from "./clock";
import { id, localDate, uuid } from "./common";
import { money, price, quantity, reorderLevel } from "./decimal";
import type { ProductDTO, SaleDTO } from "./dto";
import "./messages";
import { cashierId, productName, sku, sourceDevice, type SaleInput, type SaleItemInput } from "./sale";
import { tenderMethods } from "./settlement";
import { tenderInput, type TenderInput } from "./tender";

// The REST contract of the original Django API (DESIGN.md §4 "REST compatibility"), which
// offline clients already speak: snake_case in and out, mapped onto the tRPC shapes so the
// same domain functions serve both. Optional fields also accept null, as those clients send it.
//
// trpc-to-openapi coerces query strings by switching on `coerce` in the number and boolean
// schemas it reaches through objects, arrays and optionals of an input (mutating them). Sale
// items are pipes (they map to SaleItemInput), which it does not enter: in a JSON body,
// `"is_volatile": "false"` stays a type error instead of becoming true, and shared schemas
// such as `id` keep their meaning for tRPC.

// Django REST Framework's spellings, which the seed's tills send (DESIGN.md §4): a related
// object's primary key may come as a string ("5"), a BooleanField takes its TRUE_VALUES and
// FALSE_VALUES words. A sale is never refused for how a value was spelled (§7).
const drfId = z.union([
  id,
  z
    .string()
    .trim()
    .regex(/^\d{1,10}$/, "A product id")
    .transform(Number)
    .pipe(id),
]);
const DRF_TRUE = new Set(["true", "t", "yes", "y", "on", "1"]);
const DRF_FALSE = new Set(["false", "f", "no", "n", "off", "0"]);
const drfBoolean = z.union([
  z.boolean(),
  z.literal([0, 1]).transform((value) => value === 1),
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((word) => DRF_TRUE.has(word) || DRF_FALSE.has(word), "Must be true or false")
    .transform((word) => DRF_TRUE.has(word)),
]);

const decimalOut = (example: string, description: string) => z.string().meta({ example, description });
const timestamp = z.iso.datetime({ offset: true });

const restInlineProduct = z
  .object({
    external_id: uuid.nullish().meta({ description: "The till's UUID for a product created offline; sales naming it resolve to one product" }),
    name: productName,
    is_volatile: drfBoolean.default(false).meta({ description: "Sold by weight or priced at the till: no stock, no alerts" }),
    unit_price: price.nullish(),
    reorder_level: reorderLevel.nullish(),
    sku: sku.nullish(),
  })
  .meta({ description: "A product created together with the sale (e.g. at a till while offline)" });

const restSaleItemInput = z
  .object({
    product: drfId.nullish().meta({ description: "Id of an existing product (give this or product_data)" }),
    product_data: restInlineProduct.nullish(),
    quantity: quantity.meta({ description: "Greater than 0, at most three decimals", example: "0.5" }),
    unit_price: price.nullish().meta({ description: "The price at the till; the product's current price when absent", example: "2.50" }),
  })
  .refine((item) => (item.product == null) !== (item.product_data == null), {
    message: "Give exactly one of product or product_data",
    path: ["product"],
  })
  .transform(({ product, product_data: data, quantity, unit_price }): SaleItemInput => ({
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
  }));

/** One tender in REST's spelling (DESIGN.md §8): the fields of tenderInput, optional ones also null. */
const restTenderInput = z
  .object({
    method: tenderInput.shape.method,
    label: tenderInput.shape.label.unwrap().nullish().meta({ description: "The shop's name for an `other` method (voucher…)" }),
    amount: money.meta({ description: "What this tender settles; for cash, what stays in the drawer (after change)", example: "5.00" }),
    tendered: money.nullish().meta({ description: "Cash handed over; change = tendered − amount", example: "10.00" }),
    reference: tenderInput.shape.reference.unwrap().nullish().meta({ description: "A card terminal's approval code" }),
  })
  .transform((tender): TenderInput => ({
    method: tender.method,
    label: tender.label ?? undefined,
    amount: tender.amount,
    tendered: tender.tendered ?? undefined,
    reference: tender.reference ?? undefined,
  }));

/** What a sale sent without `source_device` is recorded with, as the seed's Sale model did. */
export const SEED_DEFAULT_SOURCE_DEVICE = "web";

/** `POST /api/sales/` body. Totals are never read: the server computes them. */
export const restSaleInput = z
  .object({
    external_id: uuid.meta({ description: "The sale's UUID, made on the till; the idempotency key" }),
    source_device: sourceDevice.nullish().meta({ description: 'A label for the till; "web" when omitted or null, as the seed recorded it', example: "pos-02" }),
    client_timestamp: clientClockText.nullish().meta({
      description:
        "When the sale was rung up, by the till's clock: date, T or a space, hh:mm[:ss[.fraction]], then Z, ±hh:mm, ±hhmm, ±hh, " +
        "or nothing (then it is the shop's local time). Any instant is recorded; one before 1970 or more than 5 minutes ahead is flagged",
      example: "2026-01-31T14:30:00Z",
    }),
    cashier_id: cashierId.nullish().meta({ description: "The staff user signed in at the till when the sale was rung up" }),
    items: z.array(restSaleItemInput).min(1, "A sale needs at least one item").max(500),
    tenders: z
      .array(restTenderInput)
      .min(1, "Give at least one tender, or none at all")
      .max(10)
      .nullish()
      .meta({ description: "How the customer paid (cash, card, other; split allowed). Optional: clients from before tenders send none" }),
  })
  .transform((body): SaleInput => ({
    externalId: body.external_id,
    // The seed's Sale model defaulted source_device to "web" (DESIGN.md §4); null is read as absent.
    sourceDevice: body.source_device ?? SEED_DEFAULT_SOURCE_DEVICE,
    clientTimestamp: body.client_timestamp ?? undefined,
    cashierId: body.cashier_id ?? undefined,
    items: body.items,
    tenders: body.tenders ?? undefined,
  }));

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
    kind: z.enum(["sale", "reversal", "refund"]),
    source_device: z.string().nullable(),
    device_name: z.string().nullable().meta({ description: "Name of the API key (or staff member) that sent the sale" }),
    client_timestamp: timestamp.nullable().meta({ description: "The till's clock as an instant; null when none was sent or outside years 0001-9999" }),
    client_clock: z.string().nullable().meta({ description: "The till's clock exactly as it was sent" }),
    clock_assumed_local: z.boolean().meta({ description: "client_timestamp had no offset and was read in the shop's time zone" }),
    occurred_at: timestamp.meta({ description: "client_timestamp, unless missing, before 1970 or more than 5 minutes ahead of the server" }),
    clock_adjusted: z.boolean().meta({ description: "occurred_at is synced_at because the till's clock could not be trusted" }),
    synced_at: timestamp,
    cashier: z
      .object({ id: z.string(), name: z.string().nullable(), status: z.enum(["member", "former", "unknown"]) })
      .nullable()
      .meta({ description: "Who rang the sale up (cashier_id as sent), checked against the shop's staff, past and present" }),
    delivered_by: z
      .union([
        z.object({ kind: z.literal("api_key"), name: z.string() }),
        z.object({ kind: z.literal("staff"), user_id: z.string(), name: z.string().nullable() }),
      ])
      .nullable()
      .meta({ description: "The API key or staff session that sent the sale" }),
    total: decimalOut("3.75", "Sum of the line totals, computed by the server"),
    items: z.array(restSaleItem),
    tenders: z
      .array(
        z.object({
          method: z.enum(tenderMethods),
          label: z.string().nullable(),
          amount: decimalOut("5.00", "What this tender settled"),
          tendered: decimalOut("10.00", "Cash handed over").nullable(),
          change: decimalOut("5.00", "tendered − amount; 0.00 when none"),
          reference: z.string().nullable(),
        }),
      )
      .meta({ description: "How it was paid, as recorded; empty for a sale sent without tenders" }),
    rounding: decimalOut("-0.02", "Cash rounding the server applied (the shop's increment, on the cash-settled part); due = total + rounding"),
    tender_mismatch: z
      .boolean()
      .meta({ description: "The tenders did not add up to what was due (or cash handed over was short): recorded and flagged, never refused" }),
    cash_without_drawer: z.boolean().meta({
      description:
        "Cash changed hands with no drawer session open at the till its device key is bound to (a REST sale names none), so no cash-up counts it: recorded and flagged for a manager, never refused. Never set for a key bound to no till",
    }),
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
  client_clock: sale.clientClock,
  clock_assumed_local: sale.clockAssumedLocal,
  occurred_at: sale.occurredAt.toISOString(),
  clock_adjusted: sale.clockAdjusted,
  synced_at: sale.receivedAt.toISOString(),
  cashier: sale.cashier,
  delivered_by: !sale.deliveredBy
    ? null
    : sale.deliveredBy.kind === "apiKey"
      ? { kind: "api_key", name: sale.deliveredBy.name }
      : { kind: "staff", user_id: sale.deliveredBy.userId, name: sale.deliveredBy.name },
  total: sale.total,
  items: sale.items.map((item) => ({
    product: item.productId,
    product_name: item.productName,
    quantity: item.quantity,
    unit_price: item.unitPrice,
    line_total: item.lineTotal,
  })),
  tenders: sale.tenders.map((tender) => ({ ...tender })),
  rounding: sale.rounding,
  tender_mismatch: sale.tenderMismatch,
  cash_without_drawer: sale.cashWithoutDrawer,
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
).transform((query): AnalyticsByProductInput => ({ productId: query.product_id, startDate: query.start_date, endDate: query.end_date, period: query.period }));

/**
 * The fields of the analytics answer that the seed wrote as JSON numbers (DESIGN.md §4:
 * `"total_revenue": 247.00`), at any depth. The procedure answers them as decimal strings,
 * which keep every digit; apps/api writes each as a JSON number with exactly those digits
 * (never through a float), and the OpenAPI document types them as numbers.
 */
export const REST_ANALYTICS_NUMBER_FIELDS = [
  "total_quantity_sold",
  "total_revenue",
  "average_unit_price",
  "quantity",
  "revenue",
  "unit_price",
  "stock",
  "reorder_level",
] as const;

const figure = (example: string, description: string) => decimalOut(example, `${description}; a JSON number written with exactly these decimals`);

/** The product as the seed's analytics answer carried it (its ProductSerializer's fields). */
const restAnalyticsProduct = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sku: z.string().nullable(),
    is_volatile: z.boolean(),
    unit_price: figure("2.50", "The current price, two decimals"),
    stock: figure("12.000", "Stock now, three decimals; null for a volatile product").nullable(),
    reorder_level: figure("5.000", "Three decimals; null when none is set").nullable(),
  })
  .meta({ id: "AnalyticsProduct" });

export const restProductAnalytics = z
  .object({
    product: restAnalyticsProduct,
    product_name: z.string(),
    start_date: z.iso.date(),
    end_date: z.iso.date(),
    period: analyticsPeriod,
    timezone: z.string().meta({ description: "The shop's IANA time zone, which the periods follow" }),
    total_quantity_sold: figure("12.500", "Net of reversals, three decimals"),
    total_revenue: figure("31.25", "Net of reversals, two decimals"),
    average_unit_price: figure("2.50", "total_revenue / total_quantity_sold to the cent; null when nothing was sold").nullable(),
    sale_count: z.number().int(),
    period_breakdown: z
      .array(
        z.object({
          period_start: z.iso.date(),
          quantity: figure("2.500", "Quantity sold in the period"),
          revenue: figure("6.25", "Revenue in the period"),
          sale_count: z.number().int(),
        }),
      )
      .meta({ description: "Every period of the range, oldest first, zeros included" }),
  })
  .meta({ id: "ProductAnalytics" });

export type RestProductAnalytics = z.output<typeof restProductAnalytics>;

/** The analytics answer in the seed's shape: `product` is the product object (its current price and stock). */
export const toRestProductAnalytics = (report: ProductAnalyticsDTO, product: ProductDTO): RestProductAnalytics => ({
  product: {
    id: product.id,
    name: product.name,
    sku: product.sku,
    is_volatile: product.isVolatile,
    unit_price: product.unitPrice,
    stock: product.stock,
    reorder_level: product.reorderLevel,
  },
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
