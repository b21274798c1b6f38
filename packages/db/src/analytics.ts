import {
  tenderKey,
  tenderMethods,
  type AnalyticsByProductInput,
  type AnalyticsByTenderInput,
  type AnalyticsSummaryInput,
  type ProductAnalyticsDTO,
  type SummaryDTO,
  type TenderAnalyticsDTO,
  type TenderFigures,
  type TenderMethod,
  type TenderMethodFigures,
} from "@tillsync/validators";

import type { Prisma, PrismaClient, Tx } from "./db";
import { money, qty, roundMoney, toDec } from "./decimal";
import { notFound } from "./errors";
import { localDayBounds } from "./sale/queries";

const TRUNC_UNIT = { daily: "day", weekly: "week", monthly: "month" } as const;

interface PeriodRow {
  product_name: string;
  is_volatile: boolean;
  timezone: string;
  period_start: string;
  quantity: Prisma.Decimal;
  revenue: Prisma.Decimal;
  sale_count: number;
}

/**
 * Sales of one product bucketed by day, ISO week (Monday) or month in the shop's time zone.
 * The range is inclusive local dates; every period appears, zeros included. Reversals
 * carry negative quantities and totals (and count as minus one sale), so they net out in
 * the period they happened. One statement: it finds the product and the shop's time zone
 * and aggregates in SQL with an index-only scan of sale_item (shop_id, product_id,
 * occurred_at) INCLUDE (quantity, line_total, sale_id). No rows means no such product.
 */
export async function productAnalytics(prisma: PrismaClient | Tx, shopId: number, input: AnalyticsByProductInput): Promise<ProductAnalyticsDTO> {
  const unit = TRUNC_UNIT[input.period];
  const rows = await prisma.$queryRaw<PeriodRow[]>`
    WITH target AS (
      SELECT p.name, p.is_volatile, s.timezone
      FROM product p JOIN shop s ON s.id = p.shop_id
      WHERE p.id = ${input.productId} AND p.shop_id = ${shopId}
    ), agg AS (
      SELECT date_trunc(${unit}, si.occurred_at AT TIME ZONE t.timezone)::date AS period_start,
             sum(si.quantity) AS quantity,
             sum(si.line_total) AS revenue,
             count(DISTINCT si.sale_id) FILTER (WHERE si.quantity > 0)
               - count(DISTINCT si.sale_id) FILTER (WHERE si.quantity < 0) AS sale_count
      FROM target t JOIN sale_item si
        ON si.shop_id = ${shopId} AND si.product_id = ${input.productId}
       AND si.occurred_at >= (${input.startDate}::date::timestamp AT TIME ZONE t.timezone)
       AND si.occurred_at < ((${input.endDate}::date + 1)::timestamp AT TIME ZONE t.timezone)
      GROUP BY 1
    )
    SELECT t.name AS product_name, t.is_volatile, t.timezone,
           to_char(s.period_start, 'YYYY-MM-DD') AS period_start,
           coalesce(agg.quantity, 0) AS quantity,
           coalesce(agg.revenue, 0) AS revenue,
           coalesce(agg.sale_count, 0)::int AS sale_count
    FROM target t
    CROSS JOIN generate_series(date_trunc(${unit}, ${input.startDate}::date::timestamp),
                               date_trunc(${unit}, ${input.endDate}::date::timestamp),
                               ('1 ' || ${unit})::interval) AS s(period_start)
    LEFT JOIN agg ON agg.period_start = s.period_start::date
    ORDER BY s.period_start`;
  const first = rows[0];
  if (!first) throw notFound("PRODUCT_NOT_FOUND", `Product ${input.productId} not found.`);

  const totalQuantity = rows.reduce((sum, r) => sum.plus(toDec(r.quantity)), toDec(0));
  const totalRevenue = rows.reduce((sum, r) => sum.plus(toDec(r.revenue)), toDec(0));
  return {
    product: { id: input.productId, name: first.product_name, isVolatile: first.is_volatile },
    startDate: input.startDate,
    endDate: input.endDate,
    period: input.period,
    timezone: first.timezone,
    totalQuantitySold: totalQuantity.toFixed(3),
    totalRevenue: totalRevenue.toFixed(2),
    averageUnitPrice: totalQuantity.isZero() ? null : roundMoney(totalRevenue.div(totalQuantity)).toFixed(2),
    saleCount: rows.reduce((sum, r) => sum + r.sale_count, 0),
    periodBreakdown: rows.map((r) => ({ periodStart: r.period_start, quantity: qty(r.quantity), revenue: money(r.revenue), saleCount: r.sale_count })),
  };
}

/** The dashboard: revenue per local day (every day present) and the best-selling products. */
export async function salesSummary(prisma: PrismaClient | Tx, shopId: number, input: AnalyticsSummaryInput): Promise<SummaryDTO> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
  const tz = shop.timezone;
  const { from: start, to: end } = await localDayBounds(prisma, shopId, input.startDate, input.endDate);

  const [days, top, tenders] = await Promise.all([
    prisma.$queryRaw<{ date: string; revenue: Prisma.Decimal; sale_count: number }[]>`
      WITH agg AS (
        SELECT (s.occurred_at AT TIME ZONE ${tz})::date AS day,
               sum(s.total) AS revenue,
               count(*) FILTER (WHERE s.kind = 'sale') - count(*) FILTER (WHERE s.kind IN ('reversal', 'refund')) AS sale_count
        FROM sale s
        WHERE s.shop_id = ${shopId} AND s.occurred_at >= ${start ?? null}::timestamptz AND s.occurred_at < coalesce(${end ?? null}::timestamptz, 'infinity')
        GROUP BY 1
      )
      SELECT to_char(d, 'YYYY-MM-DD') AS date, coalesce(agg.revenue, 0) AS revenue, coalesce(agg.sale_count, 0)::int AS sale_count
      FROM generate_series(${input.startDate}::date::timestamp, ${input.endDate}::date::timestamp, '1 day') AS d
      LEFT JOIN agg ON agg.day = d::date
      ORDER BY d`,
    prisma.$queryRaw<{ product_id: number; name: string; quantity: Prisma.Decimal; revenue: Prisma.Decimal }[]>`
      SELECT si.product_id, p.name, sum(si.quantity) AS quantity, sum(si.line_total) AS revenue
      FROM sale_item si JOIN product p ON p.id = si.product_id
      WHERE si.shop_id = ${shopId} AND si.occurred_at >= ${start ?? null}::timestamptz AND si.occurred_at < coalesce(${end ?? null}::timestamptz, 'infinity')
      GROUP BY si.product_id, p.name
      HAVING sum(si.line_total) <> 0 OR sum(si.quantity) <> 0
      ORDER BY sum(si.line_total) DESC, si.product_id
      LIMIT ${input.top}`,
    tenderRows(prisma, shopId, tz, input.startDate, input.endDate, false),
  ]);

  return {
    startDate: input.startDate,
    endDate: input.endDate,
    timezone: tz,
    currency: shop.currency,
    totalRevenue: days.reduce((sum, d) => sum.plus(toDec(d.revenue)), toDec(0)).toFixed(2),
    saleCount: days.reduce((sum, d) => sum + d.sale_count, 0),
    revenueByDay: days.map((d) => ({ date: d.date, revenue: money(d.revenue), saleCount: d.sale_count })),
    topProducts: top.map((t) => ({ productId: t.product_id, name: t.name, quantity: qty(t.quantity), revenue: money(t.revenue) })),
    tenders: methodsOf(tenders).map(({ days: _days, ...figures }) => figures),
  };
}

/**
 * Sales by tender (DESIGN.md §8): per method (tenderKey: cash, card, other:<label>) the money
 * taken by sales, refunded by partial refunds and the net, over the inclusive range of the
 * shop's local dates and per day (every day present, zeros included; same date rules as
 * productAnalytics). Cash is what stayed in the drawer: change already given, cash rounding
 * included. Aggregated in SQL from sale_tender (shop_id, occurred_at). Reversals carry no tenders.
 */
export async function tenderAnalytics(prisma: PrismaClient | Tx, shopId: number, input: AnalyticsByTenderInput): Promise<TenderAnalyticsDTO> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
  const rows = await tenderRows(prisma, shopId, shop.timezone, input.startDate, input.endDate, true);
  return { startDate: input.startDate, endDate: input.endDate, timezone: shop.timezone, currency: shop.currency, methods: methodsOf(rows) };
}

interface TenderRow {
  method: TenderMethod;
  label: string | null;
  /** Null: the method's figures over the whole range. */
  date: string | null;
  taken: Prisma.Decimal;
  refunded: Prisma.Decimal;
  count: number;
}

/**
 * One row per method used in the range with its range figures (date null) and, with `withDays`,
 * one per method and local day of the range. GROUPING SETS gives the range's count of distinct
 * sales, which summing days could not.
 */
function tenderRows(prisma: PrismaClient | Tx, shopId: number, tz: string, startDate: string, endDate: string, withDays: boolean) {
  return prisma.$queryRaw<TenderRow[]>`
    WITH t AS (
      SELECT t.method, CASE WHEN t.method = 'other' THEN t.label END AS label, (t.occurred_at AT TIME ZONE ${tz})::date AS day,
             t.sale_id, s.kind, t.amount
      FROM sale_tender t JOIN sale s ON s.id = t.sale_id
      WHERE t.shop_id = ${shopId}
        AND t.occurred_at >= (${startDate}::date::timestamp AT TIME ZONE ${tz}) AND t.occurred_at < ((${endDate}::date + 1)::timestamp AT TIME ZONE ${tz})
        AND s.kind IN ('sale', 'refund')
    ), agg AS (
      SELECT method, label, day, GROUPING(day) = 1 AS whole,
             coalesce(sum(amount) FILTER (WHERE kind = 'sale'), 0) AS taken,
             coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0) AS refunded,
             count(DISTINCT sale_id) FILTER (WHERE kind = 'sale')::int AS count
      FROM t
      GROUP BY GROUPING SETS ((method, label, day), (method, label))
    )
    SELECT k.method::text AS method, k.label, NULL AS date, k.taken, k.refunded, k.count
    FROM agg k WHERE k.whole
    UNION ALL
    SELECT k.method::text, k.label, to_char(d, 'YYYY-MM-DD'), coalesce(a.taken, 0), coalesce(a.refunded, 0), coalesce(a.count, 0)
    FROM agg k
    CROSS JOIN generate_series(${startDate}::date::timestamp, ${endDate}::date::timestamp, '1 day') AS d
    LEFT JOIN agg a ON NOT a.whole AND a.day = d::date AND a.method = k.method AND a.label IS NOT DISTINCT FROM k.label
    WHERE k.whole AND ${withDays}
    ORDER BY 3 NULLS FIRST`;
}

const figuresOf = (row: TenderRow): TenderFigures => ({
  taken: money(row.taken),
  refunded: money(row.refunded),
  net: toDec(row.taken).minus(toDec(row.refunded)).toFixed(2),
  count: row.count,
});

const methodRank = (method: TenderMethod) => tenderMethods.indexOf(method);

/** The rows by method: cash, card, then other methods by label; each with its days in date order. */
function methodsOf(rows: TenderRow[]): TenderAnalyticsDTO["methods"] {
  const methods = new Map<string, TenderMethodFigures & { days: ({ date: string } & TenderFigures)[] }>();
  for (const row of rows) {
    const label = row.method === "other" ? row.label : null;
    const key = tenderKey({ method: row.method, label });
    if (row.date === null) methods.set(key, { key, method: row.method, label, ...figuresOf(row), days: [] });
    else methods.get(key)!.days.push({ date: row.date, ...figuresOf(row) });
  }
  return [...methods.values()].sort((a, b) => methodRank(a.method) - methodRank(b.method) || (a.label ?? "").localeCompare(b.label ?? ""));
}
