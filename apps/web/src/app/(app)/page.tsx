import type { Metadata } from "next";

import { presetRange } from "~/lib/dates";
import { HydrateClient, prefetch, serverTRPC, viewerFor } from "~/trpc/server";

import { Dashboard } from "./dashboard";

export const metadata: Metadata = { title: "Dashboard" };

/**
 * The dashboard, with its figures read on the server (trpc/server.tsx) under the same inputs
 * dashboard.tsx asks for: today, this week and the last 30 days in the shop's time zone, the
 * open alerts, the review count and the first-run checklist. Only for managers (viewerFor: the
 * nav's role rules): anyone else gets the page without them, and the app shell sends them on to
 * their own start page.
 */
export default async function DashboardPage() {
  const viewer = await viewerFor("/");
  if (viewer) {
    const timeZone = viewer.shop.timezone;
    await Promise.all([
      prefetch(serverTRPC.analytics.summary.queryOptions({ ...presetRange("today", timeZone), top: 1 })),
      prefetch(serverTRPC.analytics.summary.queryOptions({ ...presetRange("week", timeZone), top: 1 })),
      prefetch(serverTRPC.analytics.summary.queryOptions({ ...presetRange("30d", timeZone), top: 5 })),
      prefetch(serverTRPC.alert.list.queryOptions({ status: "open", limit: 5 })),
      prefetch(serverTRPC.review.count.queryOptions()),
      prefetch(serverTRPC.shop.setup.queryOptions()),
    ]);
  }
  return (
    <HydrateClient>
      <Dashboard />
    </HydrateClient>
  );
}
