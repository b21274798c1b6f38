import type { TenderMethodFigures } from "@tillsync/validators";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { formatMoney, tenderName } from "~/lib/format";

/** Money per way of paying (DESIGN.md §8): taken by sales, refunded, net, and how many sales used it. */
export function TenderTable({ methods, currency, compact = false }: { methods: readonly TenderMethodFigures[]; currency: string; compact?: boolean }) {
  const money = (value: string) => formatMoney(value, currency);
  return (
    <Table aria-label="Sales by tender">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Method</TableHead>
          {compact ? null : <TableHead className="text-right">Taken</TableHead>}
          {compact ? null : <TableHead className="text-right">Refunded</TableHead>}
          <TableHead className="text-right">Net</TableHead>
          <TableHead className="text-right">Sales</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {methods.map((method) => (
          <TableRow key={method.key}>
            <TableCell>{tenderName(method)}</TableCell>
            {compact ? null : <TableCell className="text-right tabular-nums">{money(method.taken)}</TableCell>}
            {compact ? null : <TableCell className="text-right tabular-nums">{money(method.refunded)}</TableCell>}
            <TableCell className="text-right tabular-nums">{money(method.net)}</TableCell>
            <TableCell className="text-right tabular-nums">{method.count}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
