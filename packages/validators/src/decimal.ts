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

function decimalString({ scale, integerDigits, sign, label }: DecimalRule) {
  const pattern = new RegExp(`^${sign === "signed" ? "-?" : ""}(0|[1-9]\\d{0,${integerDigits - 1}})(\\.\\d{1,${scale}})?$`);
  const max = `${"9".repeat(integerDigits)}.${"9".repeat(scale)}`;
  return z
    .union([z.string(), z.number()])
    .transform((value) => (typeof value === "number" ? String(value) : value.trim()))
    .pipe(
      z
        .string()
        .regex(pattern, `${label} must be a decimal number with at most ${scale} decimals and at most ${max}`)
        .refine((value) => sign === "nonNegative" || !/^-?0(\.0+)?$/.test(value), {
          message: sign === "positive" ? `${label} must be greater than 0` : `${label} must not be 0`,
        }),
    );
}

/** A price: 0 or more, two decimals, below 100 million. */
export const money = decimalString({ scale: 2, integerDigits: 8, sign: "nonNegative", label: "Amount" });
/** A quantity sold or restocked: more than 0, three decimals, at most 1,000,000. */
export const quantity = decimalString({ scale: 3, integerDigits: 7, sign: "positive", label: "Quantity" });
/** A stock level or reorder level: 0 or more, three decimals. */
export const stockLevel = decimalString({ scale: 3, integerDigits: 9, sign: "nonNegative", label: "Stock level" });
/** A signed stock correction, not zero. */
export const stockDelta = decimalString({ scale: 3, integerDigits: 9, sign: "signed", label: "Stock change" });
