import { analyticsByProductInput, analyticsByTenderInput, type AnalyticsPeriod } from "@tillsync/validators";

import { dateParam, presetRange, type DateRange } from "~/lib/dates";

import { idParam } from "../address-params";

export const periods: { value: AnalyticsPeriod; label: string }[] = [
  { value: "daily", label: "Daily" },
  { value: "weekly", label: "Weekly" },
  { value: "monthly", label: "Monthly" },
];

export const DEFAULT_PERIOD: AnalyticsPeriod = "daily";

const periodParam = (value: string | null) => periods.find((p) => p.value === value)?.value;

/**
 * The analytics page's report as the address holds it (?view=tenders, ?product=&from=&to=&period=):
 * missing or invalid values mean the defaults, the last 30 days in the shop's time zone (`timeZone`)
 * grouped by day. `byProduct`: analytics.byProduct's input, null until a product is chosen or
 * while the range is invalid; `byTender`: analytics.byTender's, null while invalid. Shared by the
 * views and page.tsx, which reads the report on the server with the very input the view then asks
 * for. A module of its own: a server component cannot call into a client module.
 */
export function reportInput(params: { get(key: string): string | null }, timeZone: string) {
  const defaults = presetRange("30d", timeZone);
  const productId = idParam(params.get("product"));
  const range: DateRange = { startDate: dateParam(params.get("from")) ?? defaults.startDate, endDate: dateParam(params.get("to")) ?? defaults.endDate };
  const period = periodParam(params.get("period")) ?? DEFAULT_PERIOD;
  const byProduct = { productId: productId ?? 0, period, ...range };
  return {
    view: params.get("view") === "tenders" ? ("tenders" as const) : ("product" as const),
    defaults,
    productId,
    range,
    period,
    byProduct,
    byProductValid: analyticsByProductInput.safeParse(byProduct),
    byTenderValid: analyticsByTenderInput.safeParse(range),
  };
}
