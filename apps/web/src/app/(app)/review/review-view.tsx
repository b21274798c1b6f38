"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { ReviewRow } from "~/components/review/review-row";
import { Button } from "~/components/ui/button";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

type Status = "unreviewed" | "reviewed" | "all";
const tabs: { value: Status; label: string }[] = [
  { value: "unreviewed", label: "To review" },
  { value: "reviewed", label: "Reviewed" },
  { value: "all", label: "All" },
];

/**
 * What the server recorded and flagged for a manager instead of refusing (DESIGN.md §7, §8):
 * over-refunds, refunds and pay-outs without a manager at the till, payments that do not add
 * up, sales by a cashier removed or unknown, rejected sales discarded without a manager.
 * Newest first; "Mark reviewed" takes an item off the list (laid out like the Alerts page).
 */
export function ReviewView() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status>("unreviewed");
  const items = useInfiniteQuery(trpc.review.list.infiniteQueryOptions({ status, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const rows = items.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title="Needs review"
        description="Done at a till without a manager, or recorded as it happened where something did not add up. Nothing here was refused: look at each one and mark it reviewed."
      />
      <div role="tablist" aria-label="Review status" className="mb-4 inline-flex rounded-lg bg-muted p-1">
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
      {items.isPending ? (
        <LoadingRows />
      ) : items.isError ? (
        <QueryError error={items.error} retry={() => void items.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={status === "unreviewed" ? "Nothing needs review" : "Nothing reviewed yet"}>
          {status === "unreviewed" ? "Every flagged sale, refund and pay-out has been looked at." : null}
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3">
            {rows.map((item) => (
              <ReviewRow key={`${item.subject}-${item.subjectId}`} item={item} />
            ))}
          </ul>
          {items.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="outline" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage}>
                Show more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
