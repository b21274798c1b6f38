"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import { PageHeader } from "~/components/app/page-header";
import { PagedCards, StatusTabs } from "~/components/app/paged-cards";
import { ReviewRow } from "~/components/review/review-row";
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

  return (
    <>
      <PageHeader
        title="Needs review"
        description="Done at a till without a manager, or recorded as it happened where something did not add up. Nothing here was refused: look at each one and mark it reviewed."
      />
      <StatusTabs label="Review status" tabs={tabs} value={status} onChange={setStatus} />
      <PagedCards
        query={items}
        keyOf={(item) => `${item.subject}-${item.subjectId}`}
        render={(item) => <ReviewRow item={item} />}
        empty={
          status === "unreviewed"
            ? { title: "Nothing needs review", detail: "Every flagged sale, refund and pay-out has been looked at." }
            : { title: "Nothing reviewed yet" }
        }
      />
    </>
  );
}
