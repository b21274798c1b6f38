import type { SaleDTO } from "@tillsync/validators";
import Link from "next/link";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { formatInstant, formatMoney, formatQuantity, tenderName } from "~/lib/format";

import { SaleKindBadges } from "./sale-kind";

/** The partial refunds of a sale (DESIGN.md §8), accepted and flagged, as sale.refundable lists them. */
export function RefundsCard({ refunds, currency, timeZone }: { refunds: SaleDTO[]; currency: string; timeZone: string }) {
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>Refunds of this sale</CardTitle>
        <CardDescription>Items given back so far. A flagged refund went beyond what was sold and is for a manager to check.</CardDescription>
      </CardHeader>
      <CardContent>
        <Table aria-label="Refunds">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Refund</TableHead>
              <TableHead>When</TableHead>
              <TableHead>Items</TableHead>
              <TableHead>Back by</TableHead>
              <TableHead className="text-right">Amount</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {refunds.map((refund) => (
              <TableRow key={refund.id}>
                <TableCell>
                  <span className="flex flex-col gap-1">
                    <Link href={`/sales/${refund.id}`} className="font-medium text-primary underline underline-offset-4">
                      #{refund.id}
                    </Link>
                    <SaleKindBadges sale={{ ...refund, kind: "sale" }} />
                  </span>
                </TableCell>
                <TableCell className="whitespace-nowrap">{formatInstant(refund.occurredAt, timeZone)}</TableCell>
                <TableCell>
                  {refund.items.map((item) => `${formatQuantity(item.quantity.replace(/^-/, ""))} × ${item.productName}`).join(", ")}
                  {refund.reason ? <span className="block text-xs text-muted-foreground">{refund.reason}</span> : null}
                </TableCell>
                <TableCell>{refund.tenders.map((tender) => tenderName(tender)).join(", ") || "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(refund.total, currency)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}
