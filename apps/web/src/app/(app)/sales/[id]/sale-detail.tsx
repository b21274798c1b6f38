"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Printer, Undo2 } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { flushSync } from "react-dom";
import { canManage } from "@tillsync/validators";

import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { PrintedReceipt, receiptOfSale } from "~/components/receipt/printed-receipt";
import { useShop } from "~/components/app/shop-context";
import { cashierLabel, deliveredByLabel } from "~/components/sales/attribution";
import { RefundDialog } from "~/components/sales/refund-dialog";
import { RefundsCard } from "~/components/sales/refunds-card";
import { SaleReview } from "~/components/review/sale-review";
import { ReverseSaleDialog } from "~/components/sales/reverse-dialog";
import { SaleKindBadges } from "~/components/sales/sale-kind";
import { TendersCard } from "~/components/sales/tenders-card";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { httpCodeOf } from "~/lib/api-error";
import { isZero } from "~/lib/decimal";
import { formatInstant, formatMoney, formatQuantity } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const TIME = "d MMM yyyy, HH:mm:ss";

export function SaleDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const { shop, principal } = useShop();
  const [reversing, setReversing] = useState(false);
  const [refunding, setRefunding] = useState(false);
  const [printing, setPrinting] = useState(false);
  const sale = useQuery(trpc.sale.byId.queryOptions({ id }));
  const tills = useQuery({ ...trpc.till.list.queryOptions(), enabled: sale.data?.tillId != null });
  // Only a sale has lines to refund and refunds of its own.
  const refundable = useQuery({ ...trpc.sale.refundable.queryOptions({ saleId: id }), enabled: sale.data?.kind === "sale" });

  if (sale.isPending) return <LoadingRows rows={6} />;
  if (sale.isError) {
    return httpCodeOf(sale.error) === "NOT_FOUND" ? (
      <EmptyState title="No such sale">
        <Link href="/sales" className="text-primary underline">
          Back to sales
        </Link>
      </EmptyState>
    ) : (
      <QueryError error={sale.error} retry={() => void sale.refetch()} />
    );
  }
  const s = sale.data;
  const canReverse = canManage(principal.role) && s.kind === "sale" && s.reversedBySaleId === null;
  const refunds = refundable.data?.refunds ?? [];
  const tillName = tills.data?.find((till) => till.id === s.tillId)?.name ?? `Till ${s.tillId}`;
  const leftToRefund = refundable.data?.lines.some((line) => !isZero(line.remaining)) ?? false;
  const canRefund = canReverse && leftToRefund;
  const paperWidth = tills.data?.find((till) => till.id === s.tillId)?.paperWidth ?? 80;

  /** Reprints the customer's receipt alone, marked COPY (DESIGN.md §9), as the cash-up page reprints Z reports. */
  function reprint() {
    flushSync(() => setPrinting(true));
    window.print();
    setPrinting(false);
  }

  return (
    <>
      {printing ? <PrintedReceipt receipt={receiptOfSale(s, shop.name)} paperWidth={paperWidth} timeZone={shop.timezone} currency={shop.currency} /> : null}
      <div className={printing ? "print:hidden" : undefined}>
        <Link href="/sales" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeft className="size-4" /> Sales
        </Link>
        <PageHeader
          title={`${s.kind === "sale" ? "Sale" : "Refund"} #${s.id}${s.receiptNumber ? ` · receipt ${s.receiptNumber}` : ""} · ${formatMoney(s.total, shop.currency)}`}
          description={<SaleKindBadges sale={s} />}
          actions={
            <>
              {s.kind === "sale" ? (
                <Button variant="outline" onClick={reprint}>
                  <Printer /> Reprint receipt
                </Button>
              ) : null}
              {canRefund ? (
                <Button variant="outline" onClick={() => setRefunding(true)}>
                  <Undo2 /> Refund items
                </Button>
              ) : null}
              {canReverse && refunds.every((refund) => refund.overRefund) ? (
                <Button variant="outline" onClick={() => setReversing(true)}>
                  <Undo2 /> Reverse sale
                </Button>
              ) : null}
            </>
          }
        />
        {s.reversesSaleId || s.reversedBySaleId || s.refundsSaleId || s.overRefund || s.needsReview || s.reason || s.receiptFlag ? (
          <div className="mb-6 rounded-xl border bg-muted/50 p-4 text-sm">
            {s.reversesSaleId ? (
              <p>
                Refund of{" "}
                <Link href={`/sales/${s.reversesSaleId}`} className="font-medium text-primary underline underline-offset-4">
                  sale #{s.reversesSaleId}
                </Link>
                .
              </p>
            ) : null}
            {s.refundsSaleId ? (
              <p>
                Partial refund of{" "}
                <Link href={`/sales/${s.refundsSaleId}`} className="font-medium text-primary underline underline-offset-4">
                  sale #{s.refundsSaleId}
                </Link>
                .
              </p>
            ) : null}
            {s.overRefund ? (
              <p className="mt-1">
                More was refunded than was sold: two tills refunded the same items. The money and stock moved as recorded; a manager should check it.
              </p>
            ) : null}
            {s.needsReview ? <p className="mt-1">Done at a till with no manager signed in: a manager should check it.</p> : null}
            {s.receiptFlag === "duplicate" ? (
              <p className="mt-1">
                Receipt number {s.receiptNumber} was given to another sale too (
                <Link href={`/sales?receipt=${s.receiptNumber}`} className="font-medium text-primary underline underline-offset-4">
                  see both
                </Link>
                ), e.g. by a till that kept selling after another browser took it over. Both sales are kept as recorded.
              </p>
            ) : s.receiptFlag === "gap" ? (
              <p className="mt-1">
                The receipt before {s.receiptNumber} has not reached the server: it may still be on a till that is offline, or numbers were skipped (e.g. after
                a till’s storage was wiped). This clears by itself when that sale arrives.
              </p>
            ) : null}
            {s.reversedBySaleId ? (
              <p>
                Reversed by{" "}
                <Link href={`/sales/${s.reversedBySaleId}`} className="font-medium text-primary underline underline-offset-4">
                  refund #{s.reversedBySaleId}
                </Link>
                .
              </p>
            ) : null}
            {s.reason ? <p className="mt-1 text-muted-foreground">Reason: {s.reason}</p> : null}
          </div>
        ) : null}
        <SaleReview sale={s} />
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start">
          <div className="grid min-w-0 grid-cols-1 gap-6">
            <Card>
              <CardHeader>
                <CardTitle>Items</CardTitle>
              </CardHeader>
              <CardContent>
                <Table>
                  <TableHeader>
                    <TableRow className="hover:bg-transparent">
                      <TableHead>Product</TableHead>
                      <TableHead className="text-right">Qty</TableHead>
                      <TableHead className="text-right">Unit price</TableHead>
                      <TableHead className="text-right">Line total</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {s.items.map((item, index) => (
                      <TableRow key={`${item.productId}-${index}`}>
                        <TableCell className="[overflow-wrap:anywhere]">
                          <Link href={`/products/${item.productId}`} className="hover:underline">
                            {item.productName}
                          </Link>
                        </TableCell>
                        <TableCell className="text-right tabular-nums">{formatQuantity(item.quantity)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatMoney(item.unitPrice, shop.currency)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatMoney(item.lineTotal, shop.currency)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                  <TableFooter>
                    <TableRow className="hover:bg-transparent">
                      <TableCell colSpan={3}>Total</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(s.total, shop.currency)}</TableCell>
                    </TableRow>
                  </TableFooter>
                </Table>
              </CardContent>
            </Card>
            <TendersCard sale={s} currency={shop.currency} />
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Who, where and when</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-1">
                <Detail label="Receipt number" value={s.receiptNumber ?? "— (the till gave none)"} />
                <Detail label="Rung up by" value={cashierLabel(s.cashier) || "— (not recorded by the till)"} />
                <Detail label="Sent by" value={deliveredByLabel(s.deliveredBy) || "—"} />
                {s.tillId !== null ? (
                  <Detail
                    label="Till"
                    value={
                      canManage(principal.role) ? (
                        <Link
                          href={`/cash-up?till=${s.tillId}&date=${formatInstant(s.occurredAt, shop.timezone, "yyyy-MM-dd")}`}
                          className="text-primary underline underline-offset-4"
                        >
                          {tillName} · cash-up
                        </Link>
                      ) : (
                        tillName
                      )
                    }
                  />
                ) : null}
                <Detail label="Till (as it calls itself)" value={s.sourceDevice ?? "—"} />
                <Detail label="API key" value={s.deviceName ?? "— (entered by staff)"} />
                <Detail
                  label="Counted at (sale time)"
                  value={
                    <>
                      {formatInstant(s.occurredAt, shop.timezone, TIME)}
                      {s.clockAdjusted ? (
                        <span className="block font-normal text-muted-foreground">
                          {s.clientTimestamp
                            ? "The till’s clock was more than five minutes ahead, so the sale counts at the time it was received."
                            : "The till sent no time, so the sale counts at the time it was received."}
                        </span>
                      ) : null}
                    </>
                  }
                />
                <Detail label="Till’s clock said" value={s.clientTimestamp ? formatInstant(s.clientTimestamp, shop.timezone, TIME) : "not sent"} />
                <Detail label="Received by the server" value={formatInstant(s.receivedAt, shop.timezone, TIME)} />
                <Detail label="Sale id on the till" value={<code className="text-xs break-all">{s.externalId}</code>} />
              </dl>
            </CardContent>
          </Card>
        </div>
        {refunds.length > 0 ? <RefundsCard refunds={refunds} currency={shop.currency} timeZone={shop.timezone} /> : null}
        {canRefund && refundable.data ? (
          <RefundDialog
            key={`refund-${String(refunding)}`}
            refundable={refundable.data}
            currency={shop.currency}
            cashRounding={shop.cashRounding}
            tenderLabels={shop.tenderLabels}
            open={refunding}
            onOpenChange={setRefunding}
          />
        ) : null}
        {canReverse ? <ReverseSaleDialog key={String(reversing)} sale={s} currency={shop.currency} open={reversing} onOpenChange={setReversing} /> : null}
      </div>
    </>
  );
}

function Detail({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium">{value}</dd>
    </div>
  );
}
