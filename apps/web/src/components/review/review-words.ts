import type { ReviewItemDTO, ReviewReason } from "@tillsync/validators";

/**
 * Why an item is flagged, in staff words (DESIGN.md §7, §8), with what a manager should check;
 * `refund`: the words when the item is a refund, where they differ.
 */
export const reasonWords: Record<ReviewReason, { label: string; explain: string; refund?: { label: string; explain: string } }> = {
  overRefund: { label: "Over-refund", explain: "More was refunded than was sold: two tills refunded the same items. The money and stock moved as recorded." },
  refundWithoutManager: { label: "Refund without a manager", explain: "Refunded at a till with no manager signed in." },
  payOutAboveLimit: { label: "Pay-out above the limit", explain: "Paid out of the drawer above the shop’s review limit with no manager signed in." },
  tenderMismatch: { label: "Payments don’t add up", explain: "The payments recorded do not add up to what the customer owed." },
  cashWithoutDrawer: {
    label: "Cash taken with no drawer open — not in any cash-up",
    explain:
      "Cash was taken on a device that is not a till, or at a till with no drawer session of its own open, so no cash-up or Z report of that till counts it. Check where the money went.",
    refund: {
      label: "Cash given back with no drawer open — not in any cash-up",
      explain:
        "Cash was paid back on a device that is not a till, or at a till with no drawer session of its own open, so no cash-up or Z report of that till counts it. Check where the money came from.",
    },
  },
  cashierRemoved: { label: "Cashier no longer on the staff", explain: "Rung up by a staff member removed from the shop before it reached the server." },
  cashierUnknown: { label: "Unknown cashier", explain: "The till named someone who was never on this shop’s staff." },
  discardWithoutManager: {
    label: "Discarded without a manager",
    explain: "A sale the server turned down was thrown away at a till with no manager signed in.",
  },
};

const whatWords: Record<ReviewItemDTO["what"], string> = {
  sale: "Sale",
  refund: "Refund",
  reversal: "Reversal",
  open: "Drawer opened",
  payIn: "Pay-in",
  payOut: "Pay-out",
  close: "Drawer closed",
  discardedSale: "Discarded sale",
};

/** A reason's words for this item (a refund's own where it has them). */
export function reasonOf(reason: ReviewReason, item: Pick<ReviewItemDTO, "what">) {
  const words = reasonWords[reason];
  return (item.what === "refund" ? words.refund : undefined) ?? words;
}

/** "Refund #12", "Pay-out", "Discarded sale". */
export function itemTitle(item: ReviewItemDTO) {
  return item.subject === "sale" ? `${whatWords[item.what]} #${item.subjectId}` : whatWords[item.what];
}
