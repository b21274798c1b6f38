// Numbers and locales as staff write them, without zod: the till reads typed amounts with these
// at first load (issue 21); the schemas (shopLocale, typedDecimal) are locale-schema.ts's.
import { canonicalDecimal } from "./decimal-text";

/** The locales offered in the shop settings; any other supported tag is accepted too. */
export const commonShopLocales = [
  { tag: "en-GB", name: "English (UK)" },
  { tag: "en-US", name: "English (US)" },
  { tag: "en-IE", name: "English (Ireland)" },
  { tag: "en-AU", name: "English (Australia)" },
  { tag: "en-NZ", name: "English (New Zealand)" },
  { tag: "de-DE", name: "Deutsch (Deutschland)" },
  { tag: "de-AT", name: "Deutsch (Österreich)" },
  { tag: "de-CH", name: "Deutsch (Schweiz)" },
  { tag: "fr-FR", name: "Français (France)" },
  { tag: "es-ES", name: "Español (España)" },
  { tag: "it-IT", name: "Italiano (Italia)" },
  { tag: "nl-NL", name: "Nederlands (Nederland)" },
  { tag: "pl-PL", name: "Polski (Polska)" },
  { tag: "pt-PT", name: "Português (Portugal)" },
  { tag: "sv-SE", name: "Svenska (Sverige)" },
] as const;

/** Spaces a person or a locale puts between groups of digits: space, no-break and narrow no-break space, apostrophe (de-CH). */
const GROUP_SPACING = /[\s\u00a0\u202f'’]/g;

/**
 * A number as staff type it in any shop's language → the canonical decimal ("2.5"), or null
 * when it is not one. The rule (issue 21): where only one of "," and "." appears, it is the
 * decimal separator ("2,5" and "2.5" are 2.5; "1,000" is 1 — the separator written once
 * means decimals, whatever the locale); where both appear, the last one is and the others
 * group digits ("1.234,56" and "1,234.56" are 1234.56). A separator written twice with no
 * other after it ("1,000,000", "1.2.3") is ambiguous and refused. Spaces between digit
 * groups are ignored ("1 234,5"). Then as canonicalDecimal: sign, no leading/trailing zeros.
 */
export function parseLocaleDecimal(text: string): string | null {
  const compact = text.trim().replace(GROUP_SPACING, "").replace(/^−/, "-");
  const lastComma = compact.lastIndexOf(",");
  const lastDot = compact.lastIndexOf(".");
  if (lastComma === -1 && lastDot === -1) return canonicalDecimal(compact);
  const decimalAt = Math.max(lastComma, lastDot);
  const separator = compact[decimalAt] as "," | ".";
  const other = separator === "," ? "." : ",";
  const whole = compact.slice(0, decimalAt);
  const fraction = compact.slice(decimalAt + 1);
  // The decimal separator once; the other one only in the whole part, grouping digits.
  if (whole.includes(separator) || fraction.includes(other)) return null;
  if (whole.includes(other) && !/^[+-]?\d{1,3}([.,]\d{3})*$/.test(whole)) return null;
  return canonicalDecimal(`${whole.split(other).join("")}.${fraction}`);
}

/**
 * The decimal separator a number field shows in `locale` (a BCP 47 tag; undefined: this
 * runtime's default): "," where Intl writes decimals with a comma (de-DE, fr-FR), else ".".
 * Only these two, as they are the two parseLocaleDecimal reads back.
 */
export function fieldDecimalSeparator(locale?: string): "," | "." {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
  return part?.value === "," ? "," : ".";
}

/**
 * A decimal the app puts into a number field (a price to edit, a scale label's weight, a
 * quick cash amount), written the way staff of `locale`'s shop type it: "2.50" → "2,50" in
 * de-DE, "2.50" in en-GB. The digits are kept as they are (no rounding, trailing zeros kept,
 * so a price reads "2,50") and never grouped, as "1.234" alone would read back as 1.234 by
 * parseLocaleDecimal's rule; parseLocaleDecimal reads every result back as the same number.
 * Text that is no canonical-style decimal ("", "abc", what staff left half typed) is
 * returned unchanged.
 */
export function decimalForField(value: string, locale?: string): string {
  if (!/^-?\d*\.?\d*$/.test(value) || !/\d/.test(value)) return value;
  return fieldDecimalSeparator(locale) === "," ? value.replace(".", ",") : value;
}

/**
 * What a number field's text stands for: the canonical decimal parseLocaleDecimal reads in it
 * ("2,5" → "2.5", "1.234,5" → "1234.5", "2," → "2"), "" for an empty box, or the text as
 * typed when it is no number ("abc", "1,000,000"), for the field's validator to refuse with
 * its own message. What number fields hand to their form: the box keeps what was typed.
 */
export function decimalFromField(text: string): string {
  if (text.trim() === "") return "";
  return parseLocaleDecimal(text) ?? text;
}
