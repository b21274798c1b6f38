import type { Metadata } from "next";

import { HydrateClient, prefetch, prefetchInfinite, serverTRPC, viewerFor } from "~/trpc/server";

import { searchParamsGetter } from "../address-params";
import { saleFilters, saleListInput } from "./list-input";
import { SalesView } from "./sales-view";

export const metadata: Metadata = { title: "Sales" };

/**
 * The sales list, its first page under the address's filters (list-input.ts) and the tills'
 * names read on the server (trpc/server.tsx), so the first rows come with the HTML.
 */
export default async function SalesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  if (await viewerFor("/sales")) {
    const list = saleListInput(saleFilters(searchParamsGetter(params)));
    await Promise.all([
      list.enabled
        ? prefetchInfinite(serverTRPC.sale.list.infiniteQueryOptions(list.input, { getNextPageParam: (page) => page.nextCursor ?? undefined }))
        : undefined,
      prefetch(serverTRPC.till.list.queryOptions()),
    ]);
  }
  // The view reads the address (useSearchParams) as the server rendered it: no Suspense boundary is
  // needed on a page rendered per request, and one would send the view after the frame, behind a script.
  return (
    <HydrateClient>
      <SalesView />
    </HydrateClient>
  );
}
