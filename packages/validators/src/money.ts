import { Decimal } from "decimal.js";

/**
 * decimal.js as Tillsync does money and stock, in the browser and on the server alike
 * (DESIGN.md §4: money strings carry two decimals). 40 significant digits: any product of two
 * stored values (a DECIMAL(14,3) quantity times a DECIMAL(12,2) price, at most 26 digits) is
 * exact before `roundMoney` rounds it; decimal.js's default of 20 only just holds the largest
 * sale line the validators accept. JS numbers never touch an amount.
 */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

/** Rounds to cents, half away from zero ("half-up" as shops mean it): 0.125 → 0.13, −0.125 → −0.13. */
export const roundMoney = (value: Decimal.Value): Dec => new D(value).toDecimalPlaces(2, D.ROUND_HALF_UP);

/** A sale line's total: quantity × unit price, rounded half-up to cents (the server stores exactly this). */
export const lineTotal = (quantity: Decimal.Value, unitPrice: Decimal.Value): Dec => roundMoney(new D(quantity).times(unitPrice));

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * A decimal money string ("1234.5") shown in `currency` (ISO 4217) with two decimals, in the
 * runtime's locale unless `locale` is given. Intl.NumberFormat formats a numeric string
 * exactly (ES2023), so no amount passes through a float on its way to the screen; a third
 * decimal is rounded half-up ("0.125" → €0.13), as `roundMoney` does.
 * Throws RangeError for a currency code that is not three letters.
 */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  const key = `${locale ?? ""}|${currency}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2, roundingMode: "halfExpand" });
    moneyFormats.set(key, format);
  }
  return format.format(amount as Intl.StringNumericLiteral);
}
