"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";

import { AlertRow } from "~/components/alerts/alert-row";
import { PageHeader } from "~/components/app/page-header";
import { PagedCards, StatusTabs } from "~/components/app/paged-cards";
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

  return (
    <>
      <PageHeader
        title="Low-stock alerts"
        description="Raised when a sale takes a product below its reorder level; resolved by themselves once it is restocked."
      />
      <StatusTabs label="Alert status" tabs={tabs} value={status} onChange={setStatus} />
      <PagedCards
        query={alerts}
        keyOf={(alert) => alert.id}
        render={(alert) => <AlertRow alert={alert} />}
        empty={status === "open" ? { title: "No open alerts", detail: "Every tracked product is above its reorder level." } : { title: "No alerts" }}
      />
    </>
  );
}
