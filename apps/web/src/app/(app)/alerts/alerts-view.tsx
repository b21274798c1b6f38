"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import { AlertRow } from "~/components/alerts/alert-row";

import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { Button } from "~/components/ui/button";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

type Status = "open" | "resolved" | "all";
const tabs: { value: Status; label: string }[] = [
  { value: "open", label: "Open" },
  { value: "resolved", label: "Resolved" },
  { value: "all", label: "All" },
];

export function AlertsView() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status>("open");
  const alerts = useInfiniteQuery(trpc.alert.list.infiniteQueryOptions({ status, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const rows = alerts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Low-stock alerts"
        description="Raised when a sale takes a product below its reorder level; resolved by themselves once it is restocked."
      />
      <div role="tablist" aria-label="Alert status" className="mb-4 inline-flex rounded-lg bg-muted p-1">
        {tabs.map((tab) => (
          <button
            key={tab.value}
            role="tab"
            type="button"
            aria-selected={status === tab.value}
            onClick={() => setStatus(tab.value)}
            className={cn(
              "h-9 rounded-md px-4 text-sm font-medium text-muted-foreground transition-colors",
              status === tab.value && "bg-card text-foreground shadow-xs",
            )}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {alerts.isPending ? (
        <LoadingRows />
      ) : alerts.isError ? (
        <QueryError error={alerts.error} retry={() => void alerts.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={status === "open" ? "No open alerts" : "No alerts"}>
          {status === "open" ? "Every tracked product is above its reorder level." : null}
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3">
            {rows.map((alert) => (
              <AlertRow key={alert.id} alert={alert} />
            ))}
          </ul>
          {alerts.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="outline" onClick={() => void alerts.fetchNextPage()} disabled={alerts.isFetchingNextPage}>
                Show more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
