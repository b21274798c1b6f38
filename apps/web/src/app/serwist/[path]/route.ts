import { randomUUID } from "node:crypto";

import { createSerwistRoute } from "@serwist/turbopack";

/**
 * Serves the POS's service worker (src/pos/sw.ts) at /serwist/sw.js. Turbopack has no
 * plugins, so @serwist/turbopack bundles the worker with esbuild in this route, which
 * `next build` prerenders after the static chunks exist: the precache manifest lists them.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "src/pos/sw.ts",
  useNativeEsbuild: true,
  // /pos is static HTML; a new build gets a new revision, so an updated worker re-fetches it.
  additionalPrecacheEntries: [{ url: "/pos", revision: randomUUID() }],
});
