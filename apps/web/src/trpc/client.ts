import type { AppRouter } from "@tillsync/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";

/**
 * A typed client of the API's tRPC router (`@tillsync/api`'s AppRouter) at this origin's
 * /trpc: next.config.ts proxies it to apps/api, so the staff session cookie goes with every
 * call without any CORS set-up. Calls in the same tick are batched into one request; errors
 * are TRPCClientErrors (lib/api-error.ts reads them). The admin app wraps it in TanStack Query
 * (trpc/react.tsx); the till uses it bare (pos/api.ts), which keeps TanStack Query out of /pos.
 */
export function createApiClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        transformer: superjson,
        fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
      }),
    ],
  });
}
