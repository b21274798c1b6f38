"use client";

import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { Fragment, type ReactNode } from "react";

import { EmptyState } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { Button } from "~/components/ui/button";
import { cn } from "~/lib/utils";

/**
 * Tabs that filter a list by status (the Alerts and Needs review pages): `tabs` in order,
 * `label` names the tab list for screen readers.
 */
export function StatusTabs<S extends string>({
  label,
  tabs,
  value,
  onChange,
}: {
  label: string;
  tabs: readonly { value: S; label: string }[];
  value: S;
  onChange: (value: S) => void;
}) {
  return (
    <div role="tablist" aria-label={label} className="mb-4 inline-flex rounded-lg bg-muted p-1">
      {tabs.map((tab) => (
        <button
          key={tab.value}
          role="tab"
          type="button"
          aria-selected={value === tab.value}
          onClick={() => onChange(tab.value)}
          className={cn(
            "h-9 rounded-md px-4 text-sm font-medium text-muted-foreground transition-colors",
            value === tab.value && "bg-card text-foreground shadow-xs",
          )}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/**
 * A cursor-paged list of cards from an infinite query whose pages carry `items`: loading
 * rows, the error with a retry, `empty` when there is nothing, else the cards (`render`,
 * each an `<li>`, keyed by `keyOf`) and "Show more" while the server has another page.
 */
export function PagedCards<T>({
  query,
  keyOf,
  render,
  empty,
}: {
  query: UseInfiniteQueryResult<{ pages: { items: T[] }[] }, unknown>;
  keyOf: (item: T) => string | number;
  render: (item: T) => ReactNode;
  empty: { title: string; detail?: ReactNode };
}) {
  if (query.isPending) return <LoadingRows />;
  if (query.isError) return <QueryError error={query.error} retry={() => void query.refetch()} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState title={empty.title}>{empty.detail ?? null}</EmptyState>;
  return (
    <>
      <ul className="grid gap-3">
        {items.map((item) => (
          <Fragment key={keyOf(item)}>{render(item)}</Fragment>
        ))}
      </ul>
      {query.hasNextPage ? (
        <div className="mt-4 flex justify-center">
          <Button variant="outline" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            Show more
          </Button>
        </div>
      ) : null}
    </>
  );
}
