import type { SaleDTO } from "@tillsync/validators";

import { Badge } from "~/components/ui/badge";

/** The flags staff should see on a sale, in the list and on its page (DESIGN.md §7, §8, §9). */
export function SaleKindBadges({ sale }: { sale: SaleDTO }) {
  return (
    <span className="flex flex-wrap gap-1">
      {sale.kind === "reversal" ? <Badge variant="destructive">Reversal</Badge> : null}
      {sale.kind === "refund" ? <Badge variant="destructive">Refund</Badge> : null}
      {sale.reversedBySaleId ? <Badge variant="outline">Reversed</Badge> : null}
      {sale.overRefund ? (
        <Badge variant="warning" title="More was refunded than was sold (two tills refunded the same items). A manager should check it.">
          Over-refund
        </Badge>
      ) : null}
      {sale.needsReview ? (
        <Badge variant="warning" title="Done at a till with no manager signed in. A manager should check it.">
          Needs review
        </Badge>
      ) : null}
      {sale.tenderMismatch ? (
        <Badge variant="warning" title="The payments recorded do not add up to what the customer owed.">
          Tenders do not add up
        </Badge>
      ) : null}
      {sale.cashWithoutDrawer ? (
        <Badge
          variant="warning"
          title={`Cash ${sale.kind === "refund" ? "given back" : "taken"} with no drawer session of a till open: no cash-up or Z report counts it. A manager should check it.`}
        >
          No drawer open
        </Badge>
      ) : null}
      {sale.receiptFlag === "duplicate" ? (
        <Badge variant="warning" title={`Another sale of the shop has receipt number ${sale.receiptNumber}. Both are kept as the tills recorded them.`}>
          Receipt number used twice
        </Badge>
      ) : sale.receiptFlag === "gap" ? (
        <Badge
          variant="warning"
          title={`The receipt before ${sale.receiptNumber} has not reached the server: numbers were skipped, or that sale is still on a till.`}
        >
          Receipt numbers skipped
        </Badge>
      ) : null}
      {sale.clockAdjusted ? (
        <Badge variant="warning" title="The till’s clock was ahead; the time received is used instead.">
          Clock adjusted
        </Badge>
      ) : null}
    </span>
  );
}
