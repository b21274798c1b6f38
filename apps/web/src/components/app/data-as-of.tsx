"use client";

import type { Freshness } from "@tillsync/validators";
import { Clock } from "lucide-react";

import { useShop } from "~/components/app/shop-context";
import { formatInstant } from "~/lib/format";

/**
 * "Data as of …" above a report read on a standby that is more than READ_REPLICA_MAX_LAG_SECONDS
 * behind (DESIGN.md §10, docs/scaling.md "Reads from a standby"); nothing while the data is
 * current. Of several answers (a list's pages, the dashboard's figures) the oldest counts. The
 * instant is in the shop's time zone and locale, to the second.
 */
export function DataAsOf({ freshness }: { freshness: readonly (Freshness | undefined)[] }) {
  const { shop } = useShop();
  const oldest = freshness
    .filter((answer): answer is Freshness => answer?.stale === true)
    .reduce<Freshness | undefined>((old, answer) => (old && old.dataAsOf <= answer.dataAsOf ? old : answer), undefined);
  if (!oldest) return null;
  return (
    <p role="status" className="mb-4 flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <Clock aria-hidden className="mt-0.5 size-4 shrink-0" />
      <span>
        <strong className="font-medium">Data as of {formatInstant(oldest.dataAsOf, shop.timezone, "d MMM yyyy, HH:mm:ss")}.</strong> Sales and changes made
        since then are not shown yet; they appear once the report copy of the database catches up.
      </span>
    </p>
  );
}
