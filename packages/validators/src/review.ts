import { z } from "zod";

import { bigId, cursor, pageSize, text } from "./common";
import type { SaleCashier, SaleDeliveredBy } from "./dto";
import "./messages";

// A manager's review of what the server flagged instead of refusing (DESIGN.md §7, §8): the
// flagged record stays as it was recorded; the review is a record of its own, one per item.

/** What a flagged item is: a sale (refunds and reversals included), a drawer event, a discarded rejected sale. */
export const reviewSubjects = ["sale", "drawerEvent", "discardedSale"] as const;
export type ReviewSubject = (typeof reviewSubjects)[number];

/**
 * Why an item needs a manager's eye (one item may have several):
 * - `overRefund`: a refund beyond what was sold, e.g. two tills refunding the same sale offline (§8);
 * - `refundWithoutManager`: a refund done at a till with no manager signed in (§8);
 * - `payOutAboveLimit`: a pay-out above the shop's review limit with no manager at the till (§8);
 * - `tenderMismatch`: the payments recorded do not add up to what was owed (§8);
 * - `cashWithoutDrawer`: cash taken (or given back) with no drawer session of its till open, so
 *   no cash-up or Z report counts it (§8);
 * - `cashierRemoved`: rung up (or done) by a staff member removed from the shop since (§7);
 * - `cashierUnknown`: the till named someone who was never on this shop's staff (§7);
 * - `discardWithoutManager`: a rejected sale discarded at a till with no manager signed in (§7, §8).
 */
export const reviewReasons = [
  "overRefund",
  "refundWithoutManager",
  "payOutAboveLimit",
  "tenderMismatch",
  "cashWithoutDrawer",
  "cashierRemoved",
  "cashierUnknown",
  "discardWithoutManager",
] as const;
export type ReviewReason = (typeof reviewReasons)[number];

/** `unreviewed` (the default): what still needs a manager; `reviewed`: what one has looked at. */
export const reviewListInput = z.object({
  status: z.enum(["unreviewed", "reviewed", "all"]).default("unreviewed"),
  limit: pageSize,
  cursor,
});

/** One flagged item, by what it is and its id (a sale's, a drawer event's, a discarded sale's). */
export const reviewItemInput = z.object({ subject: z.enum(reviewSubjects), subjectId: bigId });

/** A manager says "I have looked at this", with an optional note (blank is none). */
export const reviewMarkInput = reviewItemInput.extend({
  note: text(500)
    .optional()
    .transform((note) => (note === "" ? undefined : note)),
});

export type ReviewListInput = z.output<typeof reviewListInput>;
export type ReviewItemInput = z.output<typeof reviewItemInput>;
export type ReviewMarkInput = z.output<typeof reviewMarkInput>;

/** Where the admin app shows the item: the sale's page, or the cash-up of its till and day (the day its drawer session opened, shop time). */
export type ReviewLink = { page: "sale"; saleId: number } | { page: "cashUp"; tillId: number; date: string };

/** Who looked at an item, when, and what they noted. */
export interface ReviewDTO {
  /** The staff member, or the manager API key; null only for reviews written by tools acting without a principal. */
  by: SaleDeliveredBy | null;
  at: Date;
  note: string | null;
}

/** A flagged item as the review list shows it. Money is a string with two decimals. */
export interface ReviewItemDTO {
  subject: ReviewSubject;
  subjectId: number;
  /** The till's UUID of the record (the sale's, event's or discarded sale's externalId). */
  externalId: string;
  /** What the record is: a sale's kind, a drawer event's kind, or a discarded sale. */
  what: "sale" | "refund" | "reversal" | "open" | "payIn" | "payOut" | "close" | "discardedSale";
  /** At least one. */
  reasons: ReviewReason[];
  /** When it happened: the sale's or event's occurredAt; when a discarded sale was discarded. */
  at: Date;
  /** The sale's total (negative for a refund), the drawer event's amount; null for a discarded sale or an event without one. */
  amount: string | null;
  /** Who the till said was at it (DESIGN.md §7). */
  cashier: SaleCashier | null;
  /** The principal that sent it to the server (or discarded it). */
  sentBy: SaleDeliveredBy | null;
  till: { id: number; name: string } | null;
  /** The reason staff gave: a refund's, a pay-out's, a discard's. */
  detail: string | null;
  /** Why the server had rejected a discarded sale. */
  rejection: { code: string; message: string } | null;
  link: ReviewLink | null;
  /** Null until a manager has reviewed it. */
  review: ReviewDTO | null;
}
