"use client";

import { useQuery } from "@tanstack/react-query";
import type { TenderAnalyticsDTO } from "@tillsync/validators";
import { Download } from "lucide-react";
import Link from "next/link";

import { DateRangePicker } from "~/components/app/date-range-picker";
import { DataAsOf } from "~/components/app/data-as-of";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { TenderTable } from "~/components/sales/tender-table";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { downloadCsv, type CsvCell } from "~/lib/csv";
import type { DateRange } from "~/lib/dates";
import { formatLocalDate, formatMoney, tenderName } from "~/lib/format";
import { useAddressParams } from "~/lib/use-address-params";
import { useTRPC } from "~/trpc/react";

import { reportInput } from "./report-input";

/** The CSV: one row per method and day (every day of the range), then the method's total over the range. */
function tenderCsvRows(report: TenderAnalyticsDTO): CsvCell[][] {
  return report.methods.flatMap((method) => [
    ...method.days.map((day) => [day.date, method.key, day.taken, day.refunded, day.net, day.count]),
    ["total", method.key, method.taken, method.refunded, method.net, method.count],
  ]);
}

/**
 * Sales by tender (DESIGN.md §8, analytics.byTender): per method what was taken, refunded and
 * kept over the range, and the net per day in the shop's time zone; exported as CSV. The
 * range lives in the address (?view=tenders&from=&to=), like the product report's.
 */
export function TenderAnalytics() {
  const trpc = useTRPC();
  const { shop } = useShop();
  const [params, set] = useAddressParams<"from" | "to">();
  const { defaults, range, byTenderValid: valid } = reportInput(params, shop.timezone);
  const report = useQuery({ ...trpc.analytics.byTender.queryOptions(range), enabled: valid.success });
  const money = (value: string) => formatMoney(value, shop.currency);
  const setRange = (next: DateRange) => {
    const isDefault = next.startDate === defaults.startDate && next.endDate === defaults.endDate;
    set({ from: isDefault ? undefined : next.startDate, to: isDefault ? undefined : next.endDate });
  };

  function exportCsv() {
    if (!report.data) return;
    downloadCsv(
      `sales-by-tender_${report.data.startDate}_${report.data.endDate}.csv`,
      ["date", "method", "taken", "refunded", "net", "sale_count"],
      tenderCsvRows(report.data),
    );
  }

  const days = report.data?.methods[0]?.days.map((day) => day.date) ?? [];

  return (
    <>
      <PageHeader
        title="Sales by tender"
        description={`What each way of paying brought in, refunds taken off. Days are counted in ${shop.timezone}.`}
        actions={
          <>
            <Button variant="ghost" asChild>
              <Link href="/analytics">Product analytics</Link>
            </Button>
            <Button variant="outline" onClick={exportCsv} disabled={!report.data || report.data.methods.length === 0}>
              <Download /> Export CSV
            </Button>
          </>
        }
      />
      <DataAsOf freshness={[report.data?.freshness]} />
      <div className="mb-6 grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 md:grid-cols-3">
        <DateRangePicker value={range} onChange={setRange} timeZone={shop.timezone} presets />
        {!valid.success ? <p className="col-span-full text-sm text-destructive">{valid.error.issues[0]?.message}</p> : null}
      </div>
      {!valid.success ? null : report.isPending ? (
        <LoadingRows rows={6} />
      ) : report.isError ? (
        <QueryError error={report.error} retry={() => void report.refetch()} />
      ) : report.data.methods.length === 0 ? (
        <EmptyState title="No payments recorded in this range">Sales appear here once tills record how customers paid.</EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-6">
          <Card>
            <CardHeader>
              <CardTitle>
                {formatLocalDate(report.data.startDate, "d MMM yyyy")} – {formatLocalDate(report.data.endDate, "d MMM yyyy")}
              </CardTitle>
            </CardHeader>
            <CardContent>
              <TenderTable methods={report.data.methods} currency={shop.currency} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Net per day</CardTitle>
              <CardDescription>Taken minus refunded, per way of paying. The CSV export has taken and refunded per day too.</CardDescription>
            </CardHeader>
            <CardContent className="overflow-x-auto">
              <Table aria-label="Net per day">
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>Day</TableHead>
                    {report.data.methods.map((method) => (
                      <TableHead key={method.key} className="text-right">
                        {tenderName(method)}
                      </TableHead>
                    ))}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {days.map((date, index) => (
                    <TableRow key={date}>
                      <TableCell className="whitespace-nowrap">{formatLocalDate(date)}</TableCell>
                      {report.data.methods.map((method) => (
                        <TableCell key={method.key} className="text-right tabular-nums">
                          {money(method.days[index]?.net ?? "0.00")}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
