"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "~/trpc/react";

/** The nav's count of flagged items no manager has reviewed yet; nothing while there are none (or it cannot be read). */
export function ReviewCount() {
  const trpc = useTRPC();
  const count = useQuery(trpc.review.count.queryOptions());
  const unreviewed = count.data?.unreviewed ?? 0;
  if (unreviewed === 0) return null;
  return (
    <span aria-label={`${unreviewed} to review`} className="ml-auto rounded-full bg-warning/25 px-2 py-0.5 text-xs font-semibold text-foreground tabular-nums">
      {unreviewed > 99 ? "99+" : unreviewed}
    </span>
  );
}
