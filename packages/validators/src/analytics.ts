import { z } from "zod";

import { id, localDate } from "./common";
import "./messages";
import type { TenderMethod } from "./settlement";

export const analyticsPeriod = z.enum(["daily", "weekly", "monthly"]);

/** At most ten years of days: the breakdown lists every period, so it must stay bounded. */
const MAX_RANGE_DAYS = 3660;

/** A reporting range's rules, for any object schema whatever its date fields are called (REST is snake_case). */
export const withDateRange = <T extends z.ZodObject, K extends keyof z.output<T> & string>(schema: T, start: K, end: K) =>
  schema
    .refine((r) => String(r[start]) <= String(r[end]), { message: "The end date is before the start date: pick an end date on or after it", path: [end] })
    .refine((r) => (Date.parse(String(r[end])) - Date.parse(String(r[start]))) / 86_400_000 < MAX_RANGE_DAYS, {
      message: "The range may span at most ten years",
      path: [end],
    });

const dateRange = withDateRange(z.object({ startDate: localDate, endDate: localDate }), "startDate", "endDate");

export const analyticsByProductInput = z.intersection(z.object({ productId: id, period: analyticsPeriod }), dateRange);

export const analyticsSummaryInput = z.intersection(z.object({ top: z.number().int().min(1).max(50).default(10) }), dateRange);

/** analytics.byTender: an inclusive range of the shop's local dates. */
export const analyticsByTenderInput = dateRange;

export type AnalyticsPeriod = z.infer<typeof analyticsPeriod>;
export type AnalyticsByTenderInput = z.output<typeof analyticsByTenderInput>;
export type AnalyticsByProductInput = z.output<typeof analyticsByProductInput>;
export type AnalyticsSummaryInput = z.output<typeof analyticsSummaryInput>;

export interface PeriodFigures {
  /** First day of the period (YYYY-MM-DD, shop time zone); weeks start on Monday. */
  periodStart: string;
  quantity: string;
  revenue: string;
  saleCount: number;
}

export interface ProductAnalyticsDTO {
  product: { id: number; name: string; isVolatile: boolean };
  startDate: string;
  endDate: string;
  period: AnalyticsPeriod;
  timezone: string;
  totalQuantitySold: string;
  totalRevenue: string;
  /** revenue / quantity, to the cent; null when nothing was sold. */
  averageUnitPrice: string | null;
  saleCount: number;
  periodBreakdown: PeriodFigures[];
}

/** Money by one tender method over a range or a day (DESIGN.md §8). Amounts are "0.00" strings. */
export interface TenderFigures {
  /** Σ tender amounts of sales (cash: what stayed in the drawer, change already given, rounding included). */
  taken: string;
  /** Σ tender amounts of partial refunds (kind "refund"): money that went back by this method. */
  refunded: string;
  /** taken − refunded. */
  net: string;
  /** Sales paid (in part) by this method; a sale with two tenders of one method counts once. */
  count: number;
}

/** One method: "cash", "card", or "other:<label>" (tenderKey). */
export interface TenderMethodFigures extends TenderFigures {
  key: string;
  method: TenderMethod;
  /** The shop's name of an `other` method; null for cash and card. */
  label: string | null;
}

/** analytics.byTender: per method, the range's figures and every local day of it, zeros included. */
export interface TenderAnalyticsDTO {
  startDate: string;
  endDate: string;
  timezone: string;
  currency: string;
  /** Cash first, then card, then the other methods by label; only methods used in the range. */
  methods: (TenderMethodFigures & { days: ({ date: string } & TenderFigures)[] })[];
}

export interface SummaryDTO {
  startDate: string;
  endDate: string;
  timezone: string;
  currency: string;
  totalRevenue: string;
  saleCount: number;
  revenueByDay: { date: string; revenue: string; saleCount: number }[];
  topProducts: { productId: number; name: string; quantity: string; revenue: string }[];
  /** Sales by tender over the range (as analytics.byTender, without the days). */
  tenders: TenderMethodFigures[];
}
