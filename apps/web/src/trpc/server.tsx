// The admin app's first screen of data, read on the server (issue 21: pages show their frame
// and data with the HTML rather than after the JavaScript has run). A server component asks
// apps/api for the page's first queries with the staff member's own session cookie, exactly as
// the browser would through next.config.ts's /trpc rewrite, so the API's role rules and the
// shop's scoping apply unchanged; the answers go to the browser's query cache through
// <HydrateClient>, under the same keys the page's useQuery calls use, so the page renders them
// on the server and the browser does not ask again while they are fresh (query-client.ts).
// Imports next/headers: server components only.
import type { AppRouter } from "@tillsync/api";
import { SESSION_COOKIE } from "@tillsync/auth/session-cookie";
import type { Role } from "@tillsync/validators";
import { dehydrate, HydrationBoundary, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";
import superjson from "superjson";

import { env } from "~/env";
import { canSee } from "~/lib/nav";

import { makeQueryClient } from "./query-client";

/**
 * One query cache per request, shared by the layout and the page of that request (React `cache`),
 * with the browser's defaults but no retries: a read the API refuses or cannot answer is left to
 * the browser, which retries and shows the error, rather than holding the page back.
 */
export const getQueryClient = cache(() => {
  const client = makeQueryClient();
  client.setDefaultOptions({ ...client.getDefaultOptions(), queries: { ...client.getDefaultOptions().queries, retry: false } });
  return client;
});

/**
 * The request's headers the API needs: the cookie (the staff session), and the client's address
 * as Next received it (X-Forwarded-For, which Next sets from the connection when absent), so a
 * failed authentication counts against the client, as it does through the /trpc rewrite, never
 * against this server. Null without a session cookie, and for anything but a document load:
 * nothing is read on the server then (see isDocumentLoad).
 */
const forwardedHeaders = cache(async (): Promise<Record<string, string> | null> => {
  const incoming = await headers();
  if (!isDocumentLoad(incoming)) return null;
  const cookie = incoming.get("cookie");
  if (!cookie || !SESSION_COOKIE.test(cookie)) return null;
  const forwardedFor = incoming.get("x-forwarded-for");
  return { cookie, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) };
});

/**
 * Whether the browser is loading the page as a document (a first visit, a reload, a link from
 * outside: `Sec-Fetch-Dest: document`, which browsers send and scripts cannot forge), the case
 * where the first screen of data belongs in the HTML. A move within the app is the router's
 * fetch of the page's RSC payload (`Sec-Fetch-Dest: empty`), as is each filter change written to
 * the address (router.replace): the page then reads in the browser as before, from its cache
 * when fresh, instead of the server reading the same again. Without the header (an old browser,
 * a script): a document load, as before browsers sent it.
 */
function isDocumentLoad(incoming: Headers): boolean {
  const destination = incoming.get("sec-fetch-dest");
  return destination === null || destination === "document";
}

/** tRPC's query options for the server, against apps/api at API_URL (the rewrite's destination). */
export const serverTRPC = createTRPCOptionsProxy<AppRouter>({
  client: createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${env.API_URL}/trpc`,
        transformer: superjson,
        headers: async () => (await forwardedHeaders()) ?? {},
      }),
    ],
  }),
  queryClient: getQueryClient,
});

export type CurrentShop = Awaited<ReturnType<typeof currentShop>>;

/**
 * The signed-in principal's shop (shop.current), fetched once per request into the request's
 * query cache; null when there is no session cookie or the API refuses or cannot be reached,
 * in which case nothing is prefetched and the browser finds out for itself (the app shell sends
 * a signed-out visitor to sign in, and shows an unreachable server as it always has).
 */
export const currentShop = cache(async () => {
  if (!(await forwardedHeaders())) return null;
  try {
    return await getQueryClient().fetchQuery(serverTRPC.shop.current.queryOptions());
  } catch {
    return null;
  }
});

/**
 * The shop and role of a signed-in visitor allowed to see `pathname` by the nav's role rules
 * (lib/nav.ts canSee, the API's own), else null: a page prefetches only what its visitor may
 * see, so no cashier's HTML ever carries a manager's figures (the API would refuse them anyway).
 */
export async function viewerFor(pathname: string): Promise<{ shop: NonNullable<CurrentShop>["shop"]; role: Role } | null> {
  const current = await currentShop();
  if (!current || !canSee(current.principal.role, pathname)) return null;
  return { shop: current.shop, role: current.principal.role };
}

/**
 * Fetches `options` (a query's options from serverTRPC) into the request's cache; a failure is
 * left out (dehydrate keeps only answered queries), so the browser asks again and shows the
 * error as it would have. Resolves once answered.
 */
export const prefetch: QueryClient["prefetchQuery"] = (options) => getQueryClient().prefetchQuery(options);

/** As prefetch, for a list read page by page (useInfiniteQuery): its first page. */
export const prefetchInfinite: QueryClient["prefetchInfiniteQuery"] = (options) => getQueryClient().prefetchInfiniteQuery(options);

/**
 * Hands the request's answered queries to the client components below (TanStack Query's
 * HydrationBoundary). Dates and the rest go through React's own serialisation of props.
 */
export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
