import { z } from "zod";

import { decimalInputText, decimalPlan, MONEY_RULE, QUANTITY_RULE, type DecimalRule } from "./decimal-text";
import "./messages";

// Money and quantities travel as decimal strings ("2.50", "0.500"). Numbers are accepted
// for convenience and must be exactly representable at the allowed precision
// (0.1 + 0.2 is rejected rather than rounded). The rules themselves are decimal-text.ts's,
// shared with the till's zod-free checks.

export { canonicalDecimal } from "./decimal-text";

function decimalString(rule: DecimalRule) {
  const { pattern, message, zeroMessage } = decimalPlan(rule);
  return z
    .union([z.string(), z.number()])
    .transform(decimalInputText)
    .pipe(
      z
        .string()
        .regex(pattern, message)
        .refine((value) => zeroMessage === null || value !== "0", { message: zeroMessage ?? "" }),
    );
}

/** A price: 0 or more, two decimals, below 100 million. */
export const money = decimalString(MONEY_RULE);
/** A quantity sold or restocked: more than 0, three decimals, at most 9,999,999.999. */
export const quantity = decimalString(QUANTITY_RULE);
/** A stock level or reorder level: 0 or more, three decimals. */
export const stockLevel = decimalString({ scale: 3, integerDigits: 9, sign: "nonNegative", label: "Stock level" });
/** A signed stock correction, not zero. */
export const stockDelta = decimalString({ scale: 3, integerDigits: 9, sign: "signed", label: "Stock change" });
