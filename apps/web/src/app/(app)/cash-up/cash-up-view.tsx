"use client";

import { useQuery } from "@tanstack/react-query";
import type { DrawerEventDTO, DrawerReport, DrawerSessionReportDTO } from "@tillsync/validators";
import { Download, Printer } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { flushSync } from "react-dom";

import { DataAsOf } from "~/components/app/data-as-of";
import { DatePicker } from "~/components/app/date-picker";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Stat } from "~/components/app/stat";
import { cashierLabel } from "~/components/sales/attribution";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { NativeSelect } from "~/components/ui/input";
import { Label } from "~/components/ui/label";
import { stackedOnPhone, Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { cashUpCsv, downloadCsv } from "~/lib/csv";
import { dateParam, presetRange } from "~/lib/dates";
import { formatInstant, formatMoney, isNegative, tenderName } from "~/lib/format";
import { idParam, useAddressParams } from "~/lib/use-address-params";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

const TIME = "d MMM yyyy, HH:mm";

/**
 * The cash-up of a day (DESIGN.md §8), for managers: per till, each drawer session opened that
 * day in the shop's time zone, with its float, expected against counted per method, over/short,
 * pay-ins and pay-outs with their reasons, the Z report's number (flagged when numbers were
 * skipped or repeated), and what arrived after the Z report shown apart as an amendment. The
 * till and day live in the address (?till=&date=). A Z report reprints marked "copy".
 */
export function CashUpView() {
  const trpc = useTRPC();
  const { shop } = useShop();
  const [params, set] = useAddressParams<"till" | "date">();
  const date = dateParam(params.get("date")) ?? presetRange("today", shop.timezone).endDate;
  const tillId = idParam(params.get("till"));
  const tills = useQuery(trpc.till.list.queryOptions());
  const cashUp = useQuery(trpc.drawer.cashUp.queryOptions({ date, tillId }));
  const [printing, setPrinting] = useState<string | null>(null);

  function exportCsv() {
    if (!cashUp.data) return;
    const { fields, rows } = cashUpCsv(cashUp.data, shop.timezone);
    const till = tillId === undefined ? "all-tills" : `till-${tillId}`;
    downloadCsv(`cash-up-${date}-${till}.csv`, fields, rows);
  }

  /** Prints one session alone (the print CSS hides the rest of the page). */
  function print(sessionId: string) {
    flushSync(() => setPrinting(sessionId));
    window.print();
    setPrinting(null);
  }

  const sessionCount = cashUp.data?.tills.reduce((count, till) => count + till.sessions.length, 0) ?? 0;

  return (
    <>
      <div className={cn(printing && "print:hidden")}>
        <PageHeader
          title="Cash-up"
          description={`Each till’s drawer sessions opened on the day, counted against what the till took. Times are in ${shop.timezone}.`}
          actions={
            <Button variant="outline" onClick={exportCsv} disabled={!cashUp.data || sessionCount === 0}>
              <Download /> Export CSV
            </Button>
          }
        />
        <DataAsOf freshness={[cashUp.data?.freshness]} />
        <div className="mb-6 grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 md:max-w-xl">
          <div className="grid gap-1.5">
            <Label htmlFor="cash-up-date">Day</Label>
            <DatePicker id="cash-up-date" value={date} onChange={(day) => set({ date: dateParam(day) })} timeZone={shop.timezone} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="cash-up-till">Till</Label>
            <NativeSelect id="cash-up-till" value={tillId === undefined ? "" : String(tillId)} onChange={(e) => set({ till: idParam(e.target.value) })}>
              <option value="">All tills</option>
              {tills.data?.map((till) => (
                <option key={till.id} value={String(till.id)}>
                  {till.name}
                  {till.archivedAt ? " (archived)" : ""}
                </option>
              ))}
            </NativeSelect>
          </div>
        </div>
      </div>
      {cashUp.isPending ? (
        <LoadingRows rows={8} />
      ) : cashUp.isError ? (
        <QueryError error={cashUp.error} retry={() => void cashUp.refetch()} />
      ) : sessionCount === 0 ? (
        <EmptyState title="No drawer sessions on this day">
          A session appears here once a till opens its drawer with a float and syncs.{" "}
          {tills.data?.length === 0 ? (
            <Link href="/tills" className="text-primary underline">
              Create a till first.
            </Link>
          ) : null}
        </EmptyState>
      ) : (
        <div className="grid gap-8">
          {cashUp.data.tills.map((till) => (
            <section
              key={till.tillId}
              aria-label={till.tillName}
              className={cn("grid gap-4", printing && !till.sessions.some((s) => s.sessionId === printing) && "print:hidden")}
            >
              <h2 className={cn("text-lg font-semibold", printing && "print:hidden")}>{till.tillName}</h2>
              {till.sessions.map((session) => (
                <SessionCard
                  key={session.sessionId}
                  session={session}
                  currency={shop.currency}
                  timeZone={shop.timezone}
                  onPrint={() => print(session.sessionId)}
                  className={cn(printing && printing !== session.sessionId && "print:hidden")}
                />
              ))}
            </section>
          ))}
        </div>
      )}
    </>
  );
}

function SessionCard({
  session,
  currency,
  timeZone,
  onPrint,
  className,
}: {
  session: DrawerSessionReportDTO;
  currency: string;
  timeZone: string;
  onPrint: () => void;
  className?: string;
}) {
  const money = (value: string) => formatMoney(value, currency);
  const at = (value: Date | null) => (value ? formatInstant(value, timeZone, TIME) : "—");
  const opened = session.events.find((event) => event.kind === "open");
  const closed = session.events.find((event) => event.kind === "close");
  const moves = session.events.filter((event) => event.kind === "payIn" || event.kind === "payOut");
  const review = session.events.filter((event) => event.needsReview);
  const title = session.type === "Z" ? `Z report ${session.zNumber ?? ""}`.trim() : "X report (drawer still open)";
  const report = session.report;
  const cashCounted = report.methods.find((line) => line.key === "cash")?.counted;

  return (
    <Card role="region" aria-label={`${session.tillName} ${title}`} className={cn("print:border-0 print:shadow-none", className)}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle className="flex flex-wrap items-center gap-2">
            {title}
            {session.type === "Z" ? <span className="hidden font-bold tracking-widest print:inline">COPY</span> : null}
            {session.zNumberFlag === "gap" ? (
              <Badge variant="warning" title="Z numbers were skipped before this one, e.g. after the till’s storage was wiped.">
                Z numbers skipped
              </Badge>
            ) : session.zNumberFlag === "duplicate" ? (
              <Badge variant="warning" title="Another Z report of this till has the same number.">
                Z number used twice
              </Badge>
            ) : null}
            {review.length > 0 ? <Badge variant="warning">Needs review</Badge> : null}
            {session.amendment ? <Badge variant="outline">Amended</Badge> : null}
          </CardTitle>
          <CardDescription>
            {session.tillName} · opened {at(session.openedAt)}
            {opened?.cashier ? ` by ${cashierLabel(opened.cashier)}` : ""}
            {session.closedAt ? ` · closed ${at(session.closedAt)}` : ""}
            {closed?.cashier ? ` by ${cashierLabel(closed.cashier)}` : ""}
          </CardDescription>
        </div>
        <Button variant="outline" size="sm" onClick={onPrint} className="print:hidden">
          <Printer /> {session.type === "Z" ? "Reprint Z report" : "Print X report"}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-6">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat label="Float" value={money(report.float)} />
          <Stat label="Expected cash" value={money(report.expectedCash)} />
          <Stat label="Counted cash" value={cashCounted ? money(cashCounted) : "Not counted yet"} />
          <Stat
            label="Over / short"
            value={report.overShort === null ? "—" : overShortText(report.overShort, money)}
            tone={report.overShort !== null && isNegative(report.overShort) ? "destructive" : undefined}
          />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <MethodsTable report={report} money={money} label="Expected and counted" />
          <CashFigures session={session} money={money} />
        </div>
        {moves.length > 0 ? (
          <div className="grid gap-2">
            <h3 className="text-sm font-medium">Pay-ins and pay-outs</h3>
            <EventsTable events={moves} money={money} at={at} />
          </div>
        ) : null}
        {review.length > 0 ? (
          <p className="rounded-md border border-warning bg-warning/15 px-3 py-2 text-sm">
            {review.length === 1 ? "One action" : `${review.length} actions`} in this session needed a manager and none was signed in at the till (
            {review.map((event) => describeEvent(event, money)).join("; ")}). Check them with the cashier.
          </p>
        ) : null}
        {session.amendment ? <Amendment amendment={session.amendment} money={money} at={at} /> : null}
      </CardContent>
    </Card>
  );
}

function overShortText(value: string, money: (value: string) => string) {
  if (/^-?0(\.0+)?$/.test(value)) return `${money("0.00")} (exact)`;
  return isNegative(value) ? `${money(value.slice(1))} short` : `${money(value)} over`;
}

function MethodsTable({ report, money, label }: { report: DrawerReport; money: (value: string) => string; label: string }) {
  return (
    <Table aria-label={label} className={stackedOnPhone.table}>
      <TableHeader className={stackedOnPhone.head}>
        <TableRow className="hover:bg-transparent">
          <TableHead>Method</TableHead>
          <TableHead className="text-right">Expected</TableHead>
          <TableHead className="text-right">Counted</TableHead>
          <TableHead className="text-right">Over / short</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {report.methods.map((line) => (
          <TableRow key={line.key} className={stackedOnPhone.row}>
            <TableCell data-label="Method" className={cn("font-medium", stackedOnPhone.cell)}>
              {tenderName(line)}
            </TableCell>
            <TableCell data-label="Expected" className={cn("text-right tabular-nums", stackedOnPhone.cell)}>
              {money(line.expected)}
            </TableCell>
            <TableCell data-label="Counted" className={cn("text-right tabular-nums", stackedOnPhone.cell)}>
              {line.counted === null ? "—" : money(line.counted)}
            </TableCell>
            <TableCell
              data-label="Over / short"
              className={cn("text-right tabular-nums", stackedOnPhone.cell, line.difference !== null && isNegative(line.difference) && "text-destructive")}
            >
              {line.difference === null ? "—" : money(line.difference)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function CashFigures({ session, money }: { session: DrawerSessionReportDTO; money: (value: string) => string }) {
  const r = session.report;
  const rows: [string, string][] = [
    ["Float", r.float],
    ["Cash taken (change given)", r.cashSales],
    ["Cash refunded", r.cashRefunds],
    ["Pay-ins", r.payIns],
    ["Pay-outs", r.payOuts],
    ["Cash rounding", r.rounding],
  ];
  return (
    <Table aria-label="Cash in the drawer">
      <TableBody>
        {rows.map(([label, value]) => (
          <TableRow key={label} className="hover:bg-transparent">
            <TableCell>{label}</TableCell>
            <TableCell className="text-right tabular-nums">{money(value)}</TableCell>
          </TableRow>
        ))}
        <TableRow className="hover:bg-transparent">
          <TableCell>
            {session.saleCount} {session.saleCount === 1 ? "sale" : "sales"}, {session.refundCount} {session.refundCount === 1 ? "refund" : "refunds"}
          </TableCell>
          <TableCell className="text-right tabular-nums">
            {money(session.salesTotal)} / {money(session.refundsTotal)}
          </TableCell>
        </TableRow>
      </TableBody>
      <TableFooter>
        <TableRow className="hover:bg-transparent">
          <TableCell>Expected cash</TableCell>
          <TableCell className="text-right tabular-nums">{money(r.expectedCash)}</TableCell>
        </TableRow>
      </TableFooter>
    </Table>
  );
}

const kindText = { open: "Opened with float", payIn: "Pay-in", payOut: "Pay-out", close: "Closed" } as const;

function describeEvent(event: DrawerEventDTO, money: (value: string) => string) {
  return `${kindText[event.kind]}${event.amount ? ` ${money(event.amount)}` : ""}${event.reason ? `: ${event.reason}` : ""}`;
}

function EventsTable({ events, money, at }: { events: DrawerEventDTO[]; money: (value: string) => string; at: (value: Date) => string }) {
  return (
    <Table aria-label="Drawer events" className={stackedOnPhone.table}>
      <TableHeader className={stackedOnPhone.head}>
        <TableRow className="hover:bg-transparent">
          <TableHead>When</TableHead>
          <TableHead>What</TableHead>
          <TableHead className="text-right">Amount</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>By</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id} className={stackedOnPhone.row}>
            <TableCell data-label="When" className={cn("md:whitespace-nowrap", stackedOnPhone.cell)}>
              {at(event.occurredAt)}
            </TableCell>
            <TableCell data-label="What" className={stackedOnPhone.cell}>
              <span className="flex flex-wrap items-center gap-1 max-md:justify-end">
                {kindText[event.kind]}
                {event.needsReview ? <Badge variant="warning">Needs review</Badge> : null}
              </span>
            </TableCell>
            <TableCell data-label="Amount" className={cn("text-right tabular-nums", stackedOnPhone.cell)}>
              {event.amount ? money(event.amount) : "—"}
            </TableCell>
            <TableCell data-label="Reason" className={stackedOnPhone.cell}>
              {event.reason ?? "—"}
            </TableCell>
            <TableCell data-label="By" className={stackedOnPhone.cell}>
              {cashierLabel(event.cashier) || "—"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Amendment({
  amendment,
  money,
  at,
}: {
  amendment: NonNullable<DrawerSessionReportDTO["amendment"]>;
  money: (value: string) => string;
  at: (value: Date) => string;
}) {
  return (
    <section aria-label="Amendment" className="grid gap-3 rounded-xl border border-dashed p-4">
      <div>
        <h3 className="font-medium">Amendment: arrived after the Z report</h3>
        <p className="text-sm text-muted-foreground">
          These were recorded after the drawer was closed, so the Z report above does not include them. Below is the drawer as it stands with them.
        </p>
      </div>
      {amendment.events.length > 0 ? <EventsTable events={amendment.events} money={money} at={at} /> : null}
      {amendment.saleIds.length > 0 ? (
        <p className="text-sm">
          Late sales and refunds:{" "}
          {amendment.saleIds.map((id, index) => (
            <span key={id}>
              {index > 0 ? ", " : ""}
              <Link href={`/sales/${id}`} className="text-primary hover:underline">
                #{id}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      <MethodsTable report={amendment.report} money={money} label="With the amendment" />
      <p className="text-sm">
        Expected cash with the amendment: <span className="font-medium tabular-nums">{money(amendment.report.expectedCash)}</span>
        {amendment.report.overShort !== null ? ` · ${overShortText(amendment.report.overShort, money)}` : ""}
      </p>
    </section>
  );
}
