"use client";

import { useQuery } from "@tanstack/react-query";
import type { AnalyticsPeriod } from "@tillsync/validators";
import { Download } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";

import { DataAsOf } from "~/components/app/data-as-of";
import { DateRangePicker } from "~/components/app/date-range-picker";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { ProductPicker } from "~/components/app/product-picker";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Stat } from "~/components/app/stat";
import { SimpleBarChart } from "~/components/charts/bar-chart";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Label } from "~/components/ui/label";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { downloadCsv, slug } from "~/lib/csv";
import { isZero } from "~/lib/decimal";
import type { DateRange } from "~/lib/dates";
import { formatLocalDate, formatMoney, formatQuantity } from "~/lib/format";
import { useAddressParams } from "~/lib/use-address-params";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

import { DEFAULT_PERIOD, periods, reportInput } from "./report-input";
import { TenderAnalytics } from "./tender-analytics";

const periodLabel = (periodStart: string, period: AnalyticsPeriod) =>
  period === "monthly"
    ? formatLocalDate(periodStart, "MMM yyyy")
    : period === "weekly"
      ? `Week of ${formatLocalDate(periodStart, "d MMM")}`
      : formatLocalDate(periodStart, "EEE d MMM");

/**
 * The report lives in the address (?product=&from=&to=&period=), so it survives a reload and can be
 * bookmarked or linked (the dashboard links a product). Missing or invalid values mean the defaults,
 * the last 30 days in the shop's time zone grouped by day, and the defaults are left out of the address.
 */
function useReportParams(timeZone: string) {
  const [params, set] = useAddressParams<"product" | "from" | "to" | "period">();
  const { defaults, productId, range, period, byProduct, byProductValid } = reportInput(params, timeZone);
  const report = { productId, range, period, input: byProduct, valid: byProductValid };
  const setProduct = (id: number | undefined) => set({ product: id });
  const setRange = (range: DateRange) => {
    const isDefault = range.startDate === defaults.startDate && range.endDate === defaults.endDate;
    set({ from: isDefault ? undefined : range.startDate, to: isDefault ? undefined : range.endDate });
  };
  const setPeriod = (period: AnalyticsPeriod) => set({ period: period === DEFAULT_PERIOD ? undefined : period });
  return { ...report, setProduct, setRange, setPeriod };
}

/** Analytics: one product over time, or (?view=tenders) sales by tender. */
export function AnalyticsView() {
  return useSearchParams().get("view") === "tenders" ? <TenderAnalytics /> : <ProductAnalytics />;
}

function ProductAnalytics() {
  const trpc = useTRPC();
  const { shop } = useShop();
  const { productId, range, period, input, valid, setProduct, setRange, setPeriod } = useReportParams(shop.timezone);
  const report = useQuery({ ...trpc.analytics.byProduct.queryOptions(input), enabled: productId !== undefined && valid.success });
  const money = (value: string) => formatMoney(value, shop.currency);

  function exportCsv() {
    if (!report.data) return;
    const r = report.data;
    downloadCsv(
      `${slug(r.product.name)}_${r.startDate}_${r.endDate}_${r.period}.csv`,
      ["period_start", "quantity", "revenue", "sale_count"],
      [
        ...r.periodBreakdown.map((row) => [row.periodStart, row.quantity, row.revenue, row.saleCount]),
        ["total", r.totalQuantitySold, r.totalRevenue, r.saleCount],
      ],
    );
  }

  return (
    <>
      <PageHeader
        title="Product analytics"
        description={`Sales of one product over time, refunds netted out. Days are counted in ${shop.timezone}; weeks start on Monday.`}
        actions={
          <>
            <Button variant="ghost" asChild>
              <Link href="/analytics?view=tenders">Sales by tender</Link>
            </Button>
            <Button variant="outline" onClick={exportCsv} disabled={!report.data}>
              <Download /> Export CSV
            </Button>
          </>
        }
      />
      <DataAsOf freshness={[report.data?.freshness]} />
      <div className="mb-6 grid grid-cols-2 gap-3 rounded-xl border bg-card p-4 md:grid-cols-3 lg:grid-cols-5">
        <div className="col-span-2 grid gap-1.5 md:col-span-3 lg:col-span-1">
          <Label htmlFor="product">Product</Label>
          <ProductPicker id="product" value={productId} onChange={setProduct} />
        </div>
        <DateRangePicker value={range} onChange={setRange} timeZone={shop.timezone} presets />
        {/* The whole row on a phone: "Daily Weekly Monthly" is wider than half of a 390 px screen. */}
        <div className="col-span-2 grid gap-1.5 sm:col-span-1">
          <span className="text-sm leading-none font-medium">Group by</span>
          <div role="radiogroup" aria-label="Group by" className="inline-flex h-10 rounded-md bg-muted p-1">
            {periods.map((p) => (
              <button
                key={p.value}
                type="button"
                role="radio"
                aria-checked={period === p.value}
                onClick={() => setPeriod(p.value)}
                className={cn("flex-1 rounded px-2 text-sm font-medium text-muted-foreground", period === p.value && "bg-card text-foreground shadow-xs")}
              >
                {p.label}
              </button>
            ))}
          </div>
        </div>
        {!valid.success && productId !== undefined ? <p className="col-span-full text-sm text-destructive">{valid.error.issues[0]?.message}</p> : null}
      </div>
      {productId === undefined ? (
        <EmptyState title="Choose a product">Pick a product to see how it sells.</EmptyState>
      ) : report.isPending && valid.success ? (
        <LoadingRows rows={8} />
      ) : report.isError ? (
        <QueryError error={report.error} retry={() => void report.refetch()} />
      ) : report.data ? (
        <>
          <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
            <Stat label="Revenue" value={money(report.data.totalRevenue)} />
            <Stat label="Quantity sold" value={formatQuantity(report.data.totalQuantitySold)} />
            <Stat label="Average price" value={report.data.averageUnitPrice === null ? "—" : money(report.data.averageUnitPrice)} />
            <Stat label="Sales" value={String(report.data.saleCount)} />
          </div>
          <Card className="mb-6">
            <CardHeader>
              <CardTitle>Revenue of {report.data.product.name}</CardTitle>
              <CardDescription>
                {formatLocalDate(report.data.startDate, "d MMM yyyy")} – {formatLocalDate(report.data.endDate, "d MMM yyyy")}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <SimpleBarChart
                name="Revenue"
                data={report.data.periodBreakdown.map((row) => ({ label: periodLabel(row.periodStart, report.data.period), value: row.revenue }))}
                formatValue={money}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Breakdown</CardTitle>
              <CardDescription>Exactly what the CSV export contains.</CardDescription>
            </CardHeader>
            <CardContent>
              <Table>
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>Period</TableHead>
                    <TableHead className="text-right">Quantity</TableHead>
                    <TableHead className="text-right">Revenue</TableHead>
                    <TableHead className="text-right">Sales</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {report.data.periodBreakdown.map((row) => (
                    // Quiet periods are muted, so the days with sales stand out in a long range.
                    <TableRow
                      key={row.periodStart}
                      className={row.saleCount === 0 && isZero(row.quantity) && isZero(row.revenue) ? "text-muted-foreground" : undefined}
                    >
                      <TableCell>{periodLabel(row.periodStart, report.data.period)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatQuantity(row.quantity)}</TableCell>
                      <TableCell className="text-right tabular-nums">{money(row.revenue)}</TableCell>
                      <TableCell className="text-right tabular-nums">{row.saleCount}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
                <TableFooter>
                  <TableRow className="hover:bg-transparent">
                    <TableCell>Total</TableCell>
                    <TableCell className="text-right tabular-nums">{formatQuantity(report.data.totalQuantitySold)}</TableCell>
                    <TableCell className="text-right tabular-nums">{money(report.data.totalRevenue)}</TableCell>
                    <TableCell className="text-right tabular-nums">{report.data.saleCount}</TableCell>
                  </TableRow>
                </TableFooter>
              </Table>
            </CardContent>
          </Card>
        </>
      ) : null}
    </>
  );
}
