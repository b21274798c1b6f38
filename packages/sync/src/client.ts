import type { AppRouter } from "@tillsync/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";

import { checkedFetch } from "./transport";

export interface TillsyncClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:4000 (tRPC is served under /trpc). */
  url: string;
  /**
   * A device key for a till, a manager key for internal tools. Without one, the
   * browser's own credentials go along: the web POS calls same-origin /trpc with the
   * cashier's session cookie.
   */
  apiKey?: string;
}

/**
 * A typed tRPC client of apps/api. `AppRouter` is imported as a type only, so no server
 * code reaches a browser bundle. `httpLink`, not the batch link: each call (a sync batch
 * of up to 500 sales) is its own request, so its status code is its own. `checkedFetch` turns
 * an answer that is not the API's (a proxy's page, a wrong path) into a `TransportError`
 * that says so in plain words.
 */
export function createTillsyncClient({ url, apiKey }: TillsyncClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url.replace(/\/+$/, "")}/trpc`,
        transformer: superjson,
        fetch: checkedFetch(),
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
      }),
    ],
  });
}

export type TillsyncClient = ReturnType<typeof createTillsyncClient>;
