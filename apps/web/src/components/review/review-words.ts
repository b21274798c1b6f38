import type { ReviewItemDTO, ReviewReason } from "@tillsync/validators";

/** Why an item is flagged, in staff words (DESIGN.md §7, §8), with what a manager should check. */
export const reasonWords: Record<ReviewReason, { label: string; explain: string }> = {
  overRefund: { label: "Over-refund", explain: "More was refunded than was sold: two tills refunded the same items. The money and stock moved as recorded." },
  refundWithoutManager: { label: "Refund without a manager", explain: "Refunded at a till with no manager signed in." },
  payOutAboveLimit: { label: "Pay-out above the limit", explain: "Paid out of the drawer above the shop’s review limit with no manager signed in." },
  tenderMismatch: { label: "Payments don’t add up", explain: "The payments recorded do not add up to what the customer owed." },
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

/** "Refund #12", "Pay-out", "Discarded sale". */
export function itemTitle(item: ReviewItemDTO) {
  return item.subject === "sale" ? `${whatWords[item.what]} #${item.subjectId}` : whatWords[item.what];
}
