import { createApiClient } from "~/trpc/client";

/**
 * The till's client of the tRPC API (trpc/client.ts), one per page: bare, without the admin
 * app's TanStack Query cache, because the till keeps its data in IndexedDB (local-store.ts)
 * and calls the API only to sync — so /pos loads neither TanStack Query nor its tRPC adapter
 * (issue 21: /pos first-load JS).
 */
export const tillApi = createApiClient();
