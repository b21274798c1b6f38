"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { canManage, type Role } from "@tillsync/validators";

import { AlertRow } from "~/components/alerts/alert-row";
import { DataAsOf } from "~/components/app/data-as-of";
import { PageHeader } from "~/components/app/page-header";
import { QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { SimpleBarChart } from "~/components/charts/bar-chart";
import { TenderTable } from "~/components/sales/tender-table";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Skeleton } from "~/components/ui/skeleton";
import { presetRange } from "~/lib/dates";
import { formatLocalDate, formatMoney, formatQuantity } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { SetupChecklist } from "./setup-checklist";

export function Dashboard() {
  const { shop, principal } = useShop();
  // The app shell sends other roles to their own start page.
  if (!canManage(principal.role)) return null;
  return <ManagerDashboard currency={shop.currency} timeZone={shop.timezone} role={principal.role} />;
}

function ManagerDashboard({ currency, timeZone, role }: { currency: string; timeZone: string; role: Role }) {
  const trpc = useTRPC();
  const today = presetRange("today", timeZone);
  const week = presetRange("week", timeZone);
  const month = presetRange("30d", timeZone);
  const todaySummary = useQuery(trpc.analytics.summary.queryOptions({ ...today, top: 1 }));
  const weekSummary = useQuery(trpc.analytics.summary.queryOptions({ ...week, top: 1 }));
  const monthSummary = useQuery(trpc.analytics.summary.queryOptions({ ...month, top: 5 }));
  const alerts = useQuery(trpc.alert.list.queryOptions({ status: "open", limit: 5 }));
  const review = useQuery(trpc.review.count.queryOptions());
  const money = (value: string) => formatMoney(value, currency);

  return (
    <>
      <PageHeader title="Today at a glance" description={formatLocalDate(today.endDate, "EEEE d MMMM yyyy")} />
      <DataAsOf freshness={[todaySummary.data?.freshness, weekSummary.data?.freshness, monthSummary.data?.freshness]} />
      <SetupChecklist role={role} />
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi label="Revenue today" query={todaySummary} value={(s) => money(s.totalRevenue)} />
        {/* analytics.summary's saleCount: sales less refunds and reversals (a refunded sale counts 0). */}
        <Kpi label="Sales today" query={todaySummary} value={(s) => String(s.saleCount)} hint="Less refunds" />
        <Kpi label="Revenue this week" query={weekSummary} value={(s) => money(s.totalRevenue)} hint="Since Monday" />
        <Kpi label="Sales this week" query={weekSummary} value={(s) => String(s.saleCount)} hint="Since Monday, less refunds" />
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader>
            <CardTitle>Revenue per day</CardTitle>
            <CardDescription>Last 30 days, refunds netted out</CardDescription>
          </CardHeader>
          <CardContent>
            {monthSummary.isPending ? (
              <Skeleton className="h-[260px] w-full" />
            ) : monthSummary.isError ? (
              <QueryError error={monthSummary.error} retry={() => void monthSummary.refetch()} />
            ) : (
              <SimpleBarChart
                name="Revenue"
                data={monthSummary.data.revenueByDay.map((day) => ({ label: formatLocalDate(day.date, "d MMM"), value: day.revenue }))}
                formatValue={money}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top products</CardTitle>
            <CardDescription>By revenue, last 30 days</CardDescription>
          </CardHeader>
          <CardContent>
            {monthSummary.isPending ? (
              <Skeleton className="h-40 w-full" />
            ) : monthSummary.isError ? null : monthSummary.data.topProducts.length === 0 ? (
              <p className="text-sm text-muted-foreground">No sales in the last 30 days.</p>
            ) : (
              <ol className="grid grid-cols-1 gap-3">
                {monthSummary.data.topProducts.map((p, index) => (
                  <li key={p.productId} className="flex items-center justify-between gap-3 text-sm">
                    <span className="flex min-w-0 items-center gap-3">
                      <span className="w-4 text-muted-foreground tabular-nums">{index + 1}</span>
                      <Link href={`/analytics?product=${p.productId}`} className="truncate font-medium hover:underline">
                        {p.name}
                      </Link>
                    </span>
                    <span className="text-right tabular-nums">
                      {money(p.revenue)}
                      <span className="block text-xs text-muted-foreground">{formatQuantity(p.quantity)} sold</span>
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </CardContent>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader className="flex-row items-center justify-between">
          <div className="grid gap-1">
            <CardTitle>Today by tender</CardTitle>
            <CardDescription>How customers paid today, refunds taken off</CardDescription>
          </div>
          <Link href="/analytics?view=tenders" className="text-sm text-primary hover:underline">
            Sales by tender
          </Link>
        </CardHeader>
        <CardContent>
          {todaySummary.isPending ? (
            <Skeleton className="h-20 w-full" />
          ) : todaySummary.isError ? (
            <QueryError error={todaySummary.error} retry={() => void todaySummary.refetch()} />
          ) : todaySummary.data.tenders.length === 0 ? (
            <p className="text-sm text-muted-foreground">No payments recorded today.</p>
          ) : (
            <TenderTable methods={todaySummary.data.tenders} currency={currency} compact />
          )}
        </CardContent>
      </Card>
      <Card className="mt-6">
        <CardHeader className="flex-row items-center justify-between">
          <div className="grid gap-1">
            <CardTitle>Needs review</CardTitle>
            <CardDescription>Refunds, pay-outs and sales flagged for a manager</CardDescription>
          </div>
          <Link href="/review" className="text-sm text-primary hover:underline">
            Review them
          </Link>
        </CardHeader>
        <CardContent>
          {review.isPending ? (
            <Skeleton className="h-8 w-40" />
          ) : review.isError ? (
            <QueryError error={review.error} retry={() => void review.refetch()} />
          ) : review.data.unreviewed === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing is waiting for a manager.</p>
          ) : (
            <p className="text-sm">
              <span className="text-2xl font-semibold tabular-nums">{review.data.unreviewed}</span> {review.data.unreviewed === 1 ? "item is" : "items are"}{" "}
              waiting for a manager to look at them.
            </p>
          )}
        </CardContent>
      </Card>
      <Card className="mt-6">
        <CardHeader className="flex-row items-center justify-between">
          <div className="grid gap-1">
            <CardTitle>Open low-stock alerts</CardTitle>
            <CardDescription>Products below their reorder level</CardDescription>
          </div>
          <Link href="/alerts" className="text-sm text-primary hover:underline">
            All alerts
          </Link>
        </CardHeader>
        <CardContent>
          {alerts.isPending ? (
            <Skeleton className="h-20 w-full" />
          ) : alerts.isError ? (
            <QueryError error={alerts.error} retry={() => void alerts.refetch()} />
          ) : alerts.data.items.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing is running low.</p>
          ) : (
            <ul className="grid gap-2">
              {alerts.data.items.map((alert) => (
                <AlertRow key={alert.id} alert={alert} compact />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Kpi<T>({
  label,
  hint,
  query,
  value,
}: {
  label: string;
  hint?: string;
  query: { isPending: boolean; isError: boolean; data: T | undefined };
  value: (data: T) => string;
}) {
  return (
    <Card className="gap-2 py-4">
      <CardHeader className="px-4">
        <CardDescription>{label}</CardDescription>
      </CardHeader>
      <CardContent className="px-4">
        {query.isPending ? (
          <Skeleton className="h-8 w-28" />
        ) : query.data === undefined ? (
          <p className="text-sm text-destructive">Unavailable</p>
        ) : (
          <p className="text-2xl font-semibold tabular-nums">{value(query.data)}</p>
        )}
        {hint ? <p className="mt-1 text-xs text-muted-foreground">{hint}</p> : null}
      </CardContent>
    </Card>
  );
}
