import { format } from "date-fns";
import { tz } from "@date-fns/tz";

// Money and quantities arrive as decimal strings. Intl.NumberFormat formats a numeric
// string exactly (ES2023), so no value passes through a float on its way to the screen.
// Money is formatted by the shared rule in @tillsync/validators.
export { formatMoney } from "@tillsync/validators";

const quantityFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** "2.500" → "2.5", "1000.000" → "1,000". */
export function formatQuantity(value: string) {
  return quantityFormat.format(value as Intl.StringNumericLiteral);
}

/** A signed stock change, always with its sign: "+12", "−0.25". */
export function formatDelta(value: string) {
  return value.startsWith("-") ? `−${formatQuantity(value.slice(1))}` : `+${formatQuantity(value)}`;
}

/** An instant shown in the shop's time zone. */
export function formatInstant(value: Date, timeZone: string, pattern = "d MMM yyyy, HH:mm") {
  return format(value, pattern, { in: tz(timeZone) });
}

/** A YYYY-MM-DD calendar date, for labels ("Mon 3 Mar"). */
export function formatLocalDate(value: string, pattern = "EEE d MMM") {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  return format(new Date(y, m - 1, d), pattern);
}

export function isNegative(value: string) {
  return value.startsWith("-") && !/^-0(\.0+)?$/.test(value);
}

/**
 * A tender method as staff call it (DESIGN.md §8): "Cash", "Card", or the shop's own name for
 * an `other` method ("Voucher"). Takes a method and label, or a drawer/analytics key
 * ("cash", "card", "other:Voucher", validators tenderKey).
 */
export function tenderName(tender: { method: "cash" | "card" | "other"; label?: string | null } | string) {
  if (typeof tender === "string") {
    if (tender === "cash" || tender === "card") return tenderName({ method: tender });
    return tender.startsWith("other:") ? tender.slice("other:".length) || "Other" : tender;
  }
  if (tender.method === "cash") return "Cash";
  if (tender.method === "card") return "Card";
  return tender.label ?? "Other";
}
