import { D, lineTotal } from "./money";
import type { ScanPrefixRule } from "./scan-settings";

// What a barcode scanned at the till means (DESIGN.md §9): a GTIN (EAN-8, EAN-13, UPC-A) with
// its check digit checked, a GS1 variable-measure label (an EAN-13 whose restricted-circulation
// prefix the shop set up as weight or price), or the shop's own code (a SKU such as "MILK-1L").
// Pure: the till runs it offline against its own catalogue; the server validates the settings.
//
// Hand-written rather than a library: the npm GTIN packages in reach (gtin, gs1, gtin-validator)
// check the mod-10 digit only, and neither they nor the GS1 element-string parsers read
// variable-measure labels per shop-set prefix or check the price verifier digit (not on the
// package list here: gs1-price-verifier, @aidc-toolkit/gs1); the two checks are a dozen lines
// each, straight from the standard, and tested against its worked examples.

/**
 * GS1 General Specifications §7.9.1 mod-10 check digit of `digits` (the code without its
 * check digit): weights 3, 1, 3… from the right; the digit brings the sum to a multiple of 10.
 */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) sum += Number(digits[i]) * weight;
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `code` (all digits) is its GS1 mod-10 check digit. */
export const hasValidCheckDigit = (code: string): boolean => /^\d{2,}$/.test(code) && gs1CheckDigit(code.slice(0, -1)) === Number(code.slice(-1));

// GS1 §7.9.3 weighting factors for price/measure verifier digits: "2-" is the units digit of
// d×2 less its tens digit, "5+" of d×5 plus its tens digit, "5-" of d×5 less it, "3" of d×3.
const weighted = (digit: number, weight: 2 | 3 | 5, sign: -1 | 0 | 1) => {
  const product = digit * weight;
  return (((product + sign * Math.floor(product / 10)) % 10) + 10) % 10;
};
const WEIGHTS_4: readonly [2 | 3 | 5, -1 | 0 | 1][] = [
  [2, -1],
  [2, -1],
  [3, 0],
  [5, -1],
];
const WEIGHTS_5: readonly [2 | 3 | 5, -1 | 0 | 1][] = [
  [5, 1],
  [2, -1],
  [5, -1],
  [5, 1],
  [2, -1],
];

/**
 * The GS1 price (or measure) verifier digit of a 4- or 5-digit field, GS1 General
 * Specifications §7.9.3. Four digits: the weighted products (2-, 2-, 3, 5-) summed, times 3,
 * units digit ("2875" → 9). Five digits: the weighted products (5+, 2-, 5-, 5+, 2-) summed,
 * the sum's units digit taken from 10, and the digit whose 5- product that is ("14685" → 6).
 * Throws RangeError for any other field.
 */
export function priceVerifierDigit(field: string): number {
  if (!/^\d{4,5}$/.test(field)) throw new RangeError(`A price verifier digit is defined for 4 or 5 digits, not "${field}"`);
  const weights = field.length === 4 ? WEIGHTS_4 : WEIGHTS_5;
  const sum = [...field].reduce((total, digit, i) => total + weighted(Number(digit), ...weights[i]!), 0);
  if (field.length === 4) return (sum * 3) % 10;
  const target = (10 - (sum % 10)) % 10;
  // 5- maps 0–9 one to one onto 0–9, so exactly one digit has the target as its product.
  return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((digit) => weighted(digit, 5, -1) === target)!;
}

/** The common European layout for every prefix 20–29: item code in positions 3–7, five digits of value, no verifier digit. */
export const gs1Preset = (measure: ScanPrefixRule["measure"]): ScanPrefixRule[] =>
  Array.from({ length: 10 }, (_, i) => ({ prefix: `2${i}`, measure, itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false }));

export type GtinFormat = "EAN-8" | "UPC-A" | "EAN-13";

/**
 * What a scanned code is. Every kind but `misread` carries `keys`: the SKUs to look for in
 * the catalogue, in order (the first that a product has wins).
 * - `gtin`: a GTIN with a valid check digit. A UPC-A and the EAN-13 that is the same number
 *   with a leading 0 are one product: both spellings are keys, the one scanned first.
 * - `variable`: a variable-measure label; `value` is kg ("0.472") for weight, the amount
 *   ("3.49") for price; keys: the item code as printed (leading zeros kept), then the label's
 *   "base" code (value and verifier digits zeroed, check digit recomputed; for a UPC-A label
 *   its 13- then 12-digit spelling), the form a scale's item list or another till may store.
 * - `sku`: not a GTIN (letters, or another number of digits): looked up exactly as typed.
 * - `misread`: a GTIN-length number whose check digit is wrong, or a label whose verifier
 *   digit does not match its value (the scanner misread it).
 */
export type ScanReading =
  | { kind: "gtin"; code: string; format: GtinFormat; keys: string[] }
  | { kind: "variable"; code: string; rule: ScanPrefixRule; itemCode: string; measure: ScanPrefixRule["measure"]; value: string; keys: string[] }
  | { kind: "sku"; code: string; keys: string[] }
  | { kind: "misread"; code: string; reason: "check-digit" | "verifier-digit" };

const FORMATS: Record<number, GtinFormat> = { 8: "EAN-8", 12: "UPC-A", 13: "EAN-13" };

/**
 * Reads `scanned` (surrounding spaces dropped; null when nothing is left) against the shop's
 * variable-measure `rules` (DESIGN.md §9). Digits are kept as they are: "0012345678905" stays
 * thirteen digits. A configured prefix makes any EAN-13 starting with it a label (a UPC-A
 * is read as the EAN-13 with a leading 0, so "02…" rules read US labels).
 */
export function readScan(scanned: string, rules: readonly ScanPrefixRule[] = []): ScanReading | null {
  const code = scanned.trim();
  if (code === "") return null;
  const format = /^\d+$/.test(code) ? FORMATS[code.length] : undefined;
  if (!format) return { kind: "sku", code, keys: [code] };
  if (!hasValidCheckDigit(code)) return { kind: "misread", code, reason: "check-digit" };
  const ean13 = format === "UPC-A" ? `0${code}` : code;
  const rule = format === "EAN-8" ? undefined : rules.find((candidate) => ean13.startsWith(candidate.prefix));
  if (rule) return readLabel(code, ean13, rule, format === "UPC-A");
  const keys = format === "UPC-A" ? [code, ean13] : format === "EAN-13" && code.startsWith("0") ? [code, code.slice(1)] : [code];
  return { kind: "gtin", code, format, keys };
}

function readLabel(code: string, ean13: string, rule: ScanPrefixRule, upcA: boolean): ScanReading {
  const valueStart = 12 - rule.valueLength; // 0-based
  const field = ean13.slice(valueStart, 12);
  if (rule.verifierDigit && priceVerifierDigit(field) !== Number(ean13[valueStart - 1])) return { kind: "misread", code, reason: "verifier-digit" };
  const itemCode = ean13.slice(rule.itemStart - 1, rule.itemStart - 1 + rule.itemLength);
  const zeroedFrom = rule.verifierDigit ? valueStart - 1 : valueStart;
  const base12 = ean13.slice(0, zeroedFrom).padEnd(12, "0");
  const base = `${base12}${gs1CheckDigit(base12)}`;
  const value = new D(field).dividedBy(rule.measure === "weight" ? 1000 : 100).toFixed(rule.measure === "weight" ? 3 : 2);
  return { kind: "variable", code, rule, itemCode, measure: rule.measure, value, keys: [...new Set([itemCode, base, ...(upcA ? [base.slice(1)] : [])])] };
}

/**
 * The sale line of a price label (`amount`, "3.49") for a product sold at `pricePerKg`
 * ("7.39"): the weight derived from it, and a line total that is exactly the label's amount
 * (the amount is what the customer pays; the line total is quantity × unit price rounded
 * half-up to cents, money.ts lineTotal). In order: the derived weight (3 decimals) at the
 * product's price per kg when that multiplies back to the amount; else that weight at the
 * per-kg price nearest the product's that does; else 1 × the amount (no weight can be
 * derived, e.g. a price per kg of 0). Decimal strings in and out.
 */
export function priceLabelLine(amount: string, pricePerKg: string): { quantity: string; unitPrice: string; derived: boolean } {
  const target = new D(amount);
  const perKg = new D(pricePerKg);
  const whole = { quantity: "1", unitPrice: target.toFixed(2), derived: false };
  if (perKg.lte(0) || target.lte(0)) return whole;
  const weight = target.dividedBy(perKg).toDecimalPlaces(3, D.ROUND_HALF_UP);
  const hits = (quantity: InstanceType<typeof D>, price: InstanceType<typeof D>) => quantity.gt(0) && price.gte(0) && lineTotal(quantity, price).eq(target);
  for (const step of [0, -1, 1]) {
    const quantity = weight.plus(new D(step).dividedBy(1000));
    if (hits(quantity, perKg)) return { quantity: quantity.toFixed(3), unitPrice: perKg.toFixed(2), derived: true };
  }
  if (weight.gt(0)) {
    const price = target.dividedBy(weight).toDecimalPlaces(2, D.ROUND_HALF_UP);
    for (const step of [0, -1, 1]) {
      const candidate = price.plus(new D(step).dividedBy(100));
      if (hits(weight, candidate)) return { quantity: weight.toFixed(3), unitPrice: candidate.toFixed(2), derived: true };
    }
  }
  return whole;
}
