import { z } from "zod";

// Money and quantities travel as decimal strings ("2.50", "0.500"). Numbers are accepted
// for convenience and must be exactly representable at the allowed precision
// (0.1 + 0.2 is rejected rather than rounded).
interface DecimalRule {
  scale: number;
  integerDigits: number;
  /** "positive": > 0; "nonNegative": >= 0; "signed": any sign, but not zero. */
  sign: "positive" | "nonNegative" | "signed";
  label: string;
}

/** Longer text than this is no decimal any till sends; it is refused before it is read. */
const MAX_DECIMAL_TEXT = 64;
const DECIMAL_SPELLING = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;

/**
 * The canonical spelling of a decimal written in any of the ways tills and languages write
 * one — "+1", "01", ".5", "5.", "1.0000", "2.5e-1", "1E3" — as "-"? digits ("." digits)?, with
 * no leading or trailing zeros ("0" for zero, never "-0"); the value is kept exactly (the
 * exponent moves the point, nothing is rounded). Null when the text is not a decimal.
 * A sale is never refused for how a number was spelled, only for its value (DESIGN.md §7).
 */
export function canonicalDecimal(text: string): string | null {
  if (text.length > MAX_DECIMAL_TEXT) return null;
  const match = DECIMAL_SPELLING.exec(text);
  if (!match) return null;
  const [, sign, whole = "", fraction = "", exponent = "0"] = match;
  if (whole === "" && fraction === "") return null;
  const digits = whole + fraction;
  // Where the point falls in `digits` once the exponent has moved it.
  const point = whole.length + Number(exponent);
  const padded = point < 0 ? "0".repeat(-point) + digits : point > digits.length ? digits + "0".repeat(point - digits.length) : digits;
  const at = Math.max(point, 0);
  const integer = padded.slice(0, at).replace(/^0+/, "") || "0";
  const decimals = padded.slice(at).replace(/0+$/, "");
  const magnitude = decimals ? `${integer}.${decimals}` : integer;
  return sign === "-" && magnitude !== "0" ? `-${magnitude}` : magnitude;
}

function decimalString({ scale, integerDigits, sign, label }: DecimalRule) {
  const pattern = new RegExp(`^${sign === "signed" ? "-?" : ""}(0|[1-9]\\d{0,${integerDigits - 1}})(\\.\\d{1,${scale}})?$`);
  const max = `${"9".repeat(integerDigits)}.${"9".repeat(scale)}`;
  const message = `${label} must be a decimal number with at most ${scale} decimals and at most ${max}`;
  return z
    .union([z.string(), z.number()])
    .transform((value) => {
      const text = typeof value === "number" ? String(value) : value.trim();
      return canonicalDecimal(text) ?? text;
    })
    .pipe(
      z
        .string()
        .regex(pattern, message)
        .refine((value) => sign === "nonNegative" || value !== "0", {
          message: sign === "positive" ? `${label} must be greater than 0` : `${label} must not be 0`,
        }),
    );
}

/** A price: 0 or more, two decimals, below 100 million. */
export const money = decimalString({ scale: 2, integerDigits: 8, sign: "nonNegative", label: "Amount" });
/** A quantity sold or restocked: more than 0, three decimals, at most 9,999,999.999. */
export const quantity = decimalString({ scale: 3, integerDigits: 7, sign: "positive", label: "Quantity" });
/** A stock level or reorder level: 0 or more, three decimals. */
export const stockLevel = decimalString({ scale: 3, integerDigits: 9, sign: "nonNegative", label: "Stock level" });
/** A signed stock correction, not zero. */
export const stockDelta = decimalString({ scale: 3, integerDigits: 9, sign: "signed", label: "Stock change" });
