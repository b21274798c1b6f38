import { TZDate } from "@date-fns/tz";
import { addDays, format, isMatch, startOfMonth, startOfWeek, subDays } from "date-fns";

/** Calendar dates (YYYY-MM-DD) as the shop sees them: reports bucket by the shop's time zone. */
export const toLocalDate = (date: Date) => format(date, "yyyy-MM-dd");

/** `value` if it is a real calendar date written YYYY-MM-DD ("2025-02-30" is not), else undefined. */
export const dateParam = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && isMatch(value, "yyyy-MM-dd") ? value : undefined);

export function shopToday(timeZone: string) {
  return TZDate.tz(timeZone);
}

export interface DateRange {
  startDate: string;
  endDate: string;
}

export type RangePreset = "today" | "7d" | "30d" | "90d" | "week" | "month" | "year";

export const rangePresets: { value: RangePreset; label: string }[] = [
  { value: "today", label: "Today" },
  { value: "week", label: "This week" },
  { value: "7d", label: "Last 7 days" },
  { value: "month", label: "This month" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "year", label: "Last 12 months" },
];

/** Weeks start on Monday, as the analytics API buckets them. */
export function presetRange(preset: RangePreset, timeZone: string): DateRange {
  const today = shopToday(timeZone);
  const end = toLocalDate(today);
  const start = {
    today: () => today,
    week: () => startOfWeek(today, { weekStartsOn: 1 }),
    "7d": () => subDays(today, 6),
    month: () => startOfMonth(today),
    "30d": () => subDays(today, 29),
    "90d": () => subDays(today, 89),
    year: () => addDays(subDays(today, 365), 1),
  }[preset]();
  return { startDate: toLocalDate(start), endDate: end };
}
