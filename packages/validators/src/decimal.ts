import { z } from "zod";

import { decimalInputText, decimalIssue, decimalPlan, MONEY_RULE, PRICE_RULE, QUANTITY_RULE, type DecimalRule } from "./decimal-text";
import "./messages";

// Money and quantities travel as decimal strings ("2.50", "0.500"). Numbers are accepted
// for convenience and must be exactly representable at the allowed precision
// (0.1 + 0.2 is rejected rather than rounded). The rules themselves are decimal-text.ts's,
// shared with the till's zod-free checks.

export { canonicalDecimal } from "./decimal-text";

function decimalString(rule: DecimalRule) {
  const plan = decimalPlan(rule);
  return (
    z
      // Neither text nor a number: what the field takes (nothing at all: the app's "This is required").
      .union([z.string(), z.number()], { error: (issue) => (issue.input === undefined || issue.input === null ? undefined : plan.message) })
      .transform(decimalInputText)
      .pipe(
        z.string().check((ctx) => {
          const message = decimalIssue(rule, plan, ctx.value);
          if (message !== null) ctx.issues.push({ code: "custom", message, input: ctx.value });
        }),
      )
  );
}

/** An amount of money (a tender, a float, a pay-out, a limit): 0 or more, two decimals, below 100 million. */
export const money = decimalString(MONEY_RULE);
/** A price: money's rule, its messages worded for a price ("Enter a price of 0 or more, …"). */
export const price = decimalString(PRICE_RULE);
/** A quantity sold or restocked: more than 0, three decimals, below 10 million. */
export const quantity = decimalString(QUANTITY_RULE);
const STOCK_LEVEL_RULE: DecimalRule = { scale: 3, integerDigits: 9, sign: "nonNegative", noun: "stock level" };
/** A stock level (counted, or on hand when a product is created): 0 or more, three decimals, below 1 billion. */
export const stockLevel = decimalString(STOCK_LEVEL_RULE);
/** A reorder level: a stock level's rule, worded as a reorder level. */
export const reorderLevel = decimalString({ ...STOCK_LEVEL_RULE, noun: "reorder level" });
/** A signed stock correction, not zero. */
export const stockDelta = decimalString({ ...STOCK_LEVEL_RULE, sign: "signed", noun: "stock change" });
