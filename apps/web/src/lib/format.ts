import { format } from "date-fns";
import { tz } from "@date-fns/tz";

import { formatMoney as formatMoneyIn } from "@tillsync/validators";

// Money and quantities arrive as decimal strings. Intl.NumberFormat formats a numeric
// string exactly (ES2023), so no value passes through a float on its way to the screen.
// Money is formatted by the shared rule in @tillsync/validators.

/**
 * The shop's locale (shop.locale, issue 21) every formatter here writes in; undefined: the
 * browser's language. Set by the app shell and the till once the shop is known, before the
 * screens under them render; one shop is signed in per browser tab, so one value serves all.
 */
let shopLocale: string | undefined;
/**
 * Where Intl's own default stands in for the browser's language (a shop without a locale): on the
 * server, which renders the admin pages' first screen, the request's language (Accept-Language),
 * so numbers come out as the browser then writes them; undefined in the browser (its own).
 */
let runtimeLocale: string | undefined;
// Made on first use, not as the module loads: the page's first Intl formatter loads its locale
// data (~14 ms on a mid-range phone), which belongs with the first screen that shows a number.
let quantityFormat: Intl.NumberFormat | undefined;

/**
 * Makes every formatter here write in `locale` (a BCP 47 tag; null: the browser's language).
 * `requestLanguage`: on the server only, the browser's language as its request gave it, used
 * where Intl would otherwise take the server's own (dates keep their fixed patterns then).
 */
export function setShopLocale(locale: string | null | undefined, requestLanguage?: string) {
  const next = locale ?? undefined;
  if (next === shopLocale && requestLanguage === runtimeLocale) return;
  shopLocale = next;
  runtimeLocale = requestLanguage;
  quantityFormat = undefined;
}

/** The shop's locale for a formatter not in this file (`toLocaleString(displayLocale())`); undefined: the browser's. */
export const displayLocale = () => shopLocale;

/** An amount ("2.50") in `currency`, in the shop's locale: "€2.50", "2,50 €". */
export function formatMoney(amount: string, currency: string) {
  return formatMoneyIn(amount, currency, shopLocale ?? runtimeLocale);
}

/** "2.500" → "2.5", "1000.000" → "1,000" (de-DE: "2,5", "1.000"). */
export function formatQuantity(value: string) {
  quantityFormat ??= new Intl.NumberFormat(shopLocale ?? runtimeLocale, { maximumFractionDigits: 3 });
  return quantityFormat.format(value as Intl.StringNumericLiteral);
}

/** A signed stock change, always with its sign: "+12", "−0.25". */
export function formatDelta(value: string) {
  return value.startsWith("-") ? `−${formatQuantity(value.slice(1))}` : `+${formatQuantity(value)}`;
}

/**
 * The Intl options that show what a date-fns `pattern` shows, in the order the shop's
 * locale writes them ("d MMM yyyy, HH:mm" → day, short month, year, 24-hour time);
 * null for a machine spelling ("yyyy-MM-dd", kept as it is in every locale).
 */
function intlOptions(pattern: string): Intl.DateTimeFormatOptions | null {
  if (pattern.includes("yyyy-MM-dd")) return null;
  const options: Intl.DateTimeFormatOptions = {};
  if (pattern.includes("EEEE")) options.weekday = "long";
  else if (pattern.includes("EEE")) options.weekday = "short";
  if (/(^|[^d])d([^d]|$)/.test(pattern)) options.day = "numeric";
  if (pattern.includes("MMMM")) options.month = "long";
  else if (pattern.includes("MMM")) options.month = "short";
  if (pattern.includes("yyyy")) options.year = "numeric";
  if (pattern.includes("HH")) Object.assign(options, { hour: "2-digit", hourCycle: "h23" });
  if (pattern.includes("mm")) options.minute = "2-digit";
  if (pattern.includes("ss")) options.second = "2-digit";
  return options;
}

/** An instant shown in the shop's time zone (and, when the shop has one, in its locale's way of writing dates). */
export function formatInstant(value: Date, timeZone: string, pattern = "d MMM yyyy, HH:mm") {
  const options = shopLocale ? intlOptions(pattern) : null;
  if (options) return new Intl.DateTimeFormat(shopLocale, { ...options, timeZone }).format(value);
  return format(value, pattern, { in: tz(timeZone) });
}

/** A YYYY-MM-DD calendar date, for labels ("Mon 3 Mar"; de-DE "Mo., 3. März"). */
export function formatLocalDate(value: string, pattern = "EEE d MMM") {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const options = shopLocale ? intlOptions(pattern) : null;
  if (options) return new Intl.DateTimeFormat(shopLocale, options).format(new Date(y, m - 1, d));
  return format(new Date(y, m - 1, d), pattern);
}

/** A YYYY-MM-DD calendar date as a date field shows it, the locale's medium date ("30 Nov 2026"; de-DE "30.11.2026"). */
export function formatDateField(value: string) {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(shopLocale ?? runtimeLocale, { dateStyle: "medium" }).format(new Date(y, m - 1, d));
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
