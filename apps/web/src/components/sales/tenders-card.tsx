import { D, type SaleDTO } from "@tillsync/validators";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { isZero } from "~/lib/decimal";
import { formatMoney, tenderName } from "~/lib/format";

/**
 * How a sale was paid, or how a refund's money went back (DESIGN.md §8): each tender's method,
 * amount, what was handed over, the change and the card terminal's reference; the cash rounding
 * the server applied; and a plain warning when the tenders do not add up.
 */
export function TendersCard({ sale, currency }: { sale: SaleDTO; currency: string }) {
  const money = (value: string) => formatMoney(value, currency);
  const refund = sale.kind !== "sale";
  return (
    <Card>
      <CardHeader>
        <CardTitle>{refund ? "Money given back" : "Payment"}</CardTitle>
        {sale.tenders.length === 0 ? <CardDescription>The till did not record how this was paid.</CardDescription> : null}
      </CardHeader>
      {sale.tenders.length > 0 || sale.tenderMismatch ? (
        <CardContent className="grid gap-3">
          {sale.tenderMismatch ? (
            <p role="alert" className="rounded-md border border-warning bg-warning/15 px-3 py-2 text-sm">
              Tenders do not add up: {mismatchText(sale, money)} The sale is kept as the till recorded it.
            </p>
          ) : null}
          {sale.tenders.length > 0 ? (
            <Table aria-label="Tenders">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Method</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                  <TableHead className="text-right">Handed over</TableHead>
                  <TableHead className="text-right">Change</TableHead>
                  <TableHead>Reference</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sale.tenders.map((tender, index) => (
                  <TableRow key={index}>
                    <TableCell>{tenderName(tender)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(tender.amount)}</TableCell>
                    <TableCell className="text-right tabular-nums">{tender.tendered === null ? "—" : money(tender.tendered)}</TableCell>
                    <TableCell className="text-right tabular-nums">{isZero(tender.change) ? "—" : money(tender.change)}</TableCell>
                    <TableCell className="font-mono text-xs">{tender.reference ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
              {!isZero(sale.rounding) ? (
                <TableFooter>
                  <TableRow className="hover:bg-transparent">
                    <TableCell>Cash rounding</TableCell>
                    <TableCell className="text-right tabular-nums">{money(sale.rounding)}</TableCell>
                    <TableCell colSpan={3} className="text-muted-foreground">
                      The cash part was rounded to the shop’s increment.
                    </TableCell>
                  </TableRow>
                </TableFooter>
              ) : null}
            </Table>
          ) : null}
        </CardContent>
      ) : null}
    </Card>
  );
}

/** Why the tenders were flagged, in words: short cash, or paid ≠ owed (owed = |total| + rounding, as settleTenders computes it). */
function mismatchText(sale: SaleDTO, money: (value: string) => string) {
  if (sale.tenders.some((tender) => tender.tendered !== null && new D(tender.tendered).lt(tender.amount))) {
    return "the cash handed over was less than the amount it was meant to pay.";
  }
  const paid = sale.tenders.reduce((sum, tender) => sum.plus(tender.amount), new D(0));
  const owed = new D(sale.total).abs().plus(sale.rounding);
  return `${money(paid.toFixed(2))} was recorded against ${money(owed.toFixed(2))} owed.`;
}
