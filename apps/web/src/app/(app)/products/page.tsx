import type { Metadata } from "next";

import { HydrateClient, prefetchInfinite, serverTRPC, viewerFor } from "~/trpc/server";

import { PRODUCT_PAGE } from "./list-input";
import { ProductsView } from "./products-view";

export const metadata: Metadata = { title: "Products" };

/** The products list, its first page (unfiltered, as the view opens) read on the server (trpc/server.tsx). */
export default async function ProductsPage() {
  if (await viewerFor("/products")) {
    await prefetchInfinite(
      serverTRPC.product.list.infiniteQueryOptions(
        { includeArchived: false, limit: PRODUCT_PAGE },
        { getNextPageParam: (page) => page.nextCursor ?? undefined },
      ),
    );
  }
  return (
    <HydrateClient>
      <ProductsView />
    </HydrateClient>
  );
}
