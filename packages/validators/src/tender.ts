import { z } from "zod";

import { text } from "./common";
import { money } from "./decimal";
import "./messages";
import { tenderMethods } from "./settlement";

// The tenders a till sends, as schemas. How they settle a sale (change, cash rounding) is
// settlement.ts's, without zod, so the till in the browser computes it without loading zod.

export { cashRounding, cashRoundingIncrements, type CashRoundingIncrement } from "./common";

/**
 * One tender of a sale or refund. `amount` is what this tender settles (for cash: what stays
 * in the drawer, after change); `tendered` is what the customer handed over (cash only), so
 * change = tendered − amount; `reference` is a card terminal's approval code.
 */
export const tenderInput = z.object({
  method: z.enum(tenderMethods),
  label: text(64).pipe(z.string().min(1)).optional(),
  amount: money,
  tendered: money.optional(),
  reference: text(128).pipe(z.string().min(1)).optional(),
});
export type TenderInput = z.output<typeof tenderInput>;
export type TenderInputRaw = z.input<typeof tenderInput>;

/** 1..10 tenders: split payment between cash, card and the shop's other methods. */
export const tenders = z.array(tenderInput).min(1, "Give at least one tender, or none at all").max(10);
