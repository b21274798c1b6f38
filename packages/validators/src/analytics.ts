import { z } from "zod";

import { id, localDate } from "./common";

export const analyticsPeriod = z.enum(["daily", "weekly", "monthly"]);

/** At most ten years of days: the breakdown lists every period, so it must stay bounded. */
const MAX_RANGE_DAYS = 3660;

/** A reporting range's rules, for any object schema whatever its date fields are called (REST is snake_case). */
export const withDateRange = <T extends z.ZodObject, K extends keyof z.output<T> & string>(schema: T, start: K, end: K) =>
  schema
    .refine((r) => String(r[start]) <= String(r[end]), { message: `${start} must not be after ${end}`, path: [end] })
    .refine((r) => (Date.parse(String(r[end])) - Date.parse(String(r[start]))) / 86_400_000 < MAX_RANGE_DAYS, {
      message: "The range may span at most ten years",
      path: [end],
    });

const dateRange = withDateRange(z.object({ startDate: localDate, endDate: localDate }), "startDate", "endDate");

export const analyticsByProductInput = z.intersection(z.object({ productId: id, period: analyticsPeriod }), dateRange);

export const analyticsSummaryInput = z.intersection(z.object({ top: z.number().int().min(1).max(50).default(10) }), dateRange);

export type AnalyticsPeriod = z.infer<typeof analyticsPeriod>;
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

export interface SummaryDTO {
  startDate: string;
  endDate: string;
  timezone: string;
  currency: string;
  totalRevenue: string;
  saleCount: number;
  revenueByDay: { date: string; revenue: string; saleCount: number }[];
  topProducts: { productId: number; name: string; quantity: string; revenue: string }[];
}
