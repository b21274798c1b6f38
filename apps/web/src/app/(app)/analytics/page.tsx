import type { Metadata } from "next";

import { HydrateClient, prefetch, serverTRPC, viewerFor } from "~/trpc/server";

import { searchParamsGetter } from "../address-params";
import { AnalyticsView } from "./analytics-view";
import { reportInput } from "./report-input";

export const metadata: Metadata = { title: "Analytics" };

/**
 * Analytics, with the report the address asks for (report-input.ts) read on the server
 * (trpc/server.tsx) in the shop's time zone: a product's report and its name, or sales by tender.
 */
export default async function AnalyticsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const viewer = await viewerFor("/analytics");
  if (viewer) {
    const report = reportInput(searchParamsGetter(params), viewer.shop.timezone);
    if (report.view === "tenders") {
      if (report.byTenderValid.success) await prefetch(serverTRPC.analytics.byTender.queryOptions(report.range));
    } else if (report.productId !== undefined && report.byProductValid.success) {
      await Promise.all([
        prefetch(serverTRPC.analytics.byProduct.queryOptions(report.byProduct)),
        prefetch(serverTRPC.product.byId.queryOptions({ id: report.productId })),
      ]);
    }
  }
  // The view reads the address (useSearchParams) as the server rendered it: no Suspense boundary is
  // needed on a page rendered per request, and one would send the view after the frame, behind a script.
  return (
    <HydrateClient>
      <AnalyticsView />
    </HydrateClient>
  );
}
