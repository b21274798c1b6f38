import type { SaleDTO } from "@tillsync/validators";

import { Badge } from "~/components/ui/badge";

export function SaleKindBadges({ sale }: { sale: SaleDTO }) {
  return (
    <span className="flex flex-wrap gap-1">
      {sale.kind === "reversal" ? <Badge variant="destructive">Reversal</Badge> : null}
      {sale.reversedBySaleId ? <Badge variant="outline">Reversed</Badge> : null}
      {sale.clockAdjusted ? (
        <Badge variant="warning" title="The till’s clock was ahead; the time received is used instead.">
          Clock adjusted
        </Badge>
      ) : null}
    </span>
  );
}
