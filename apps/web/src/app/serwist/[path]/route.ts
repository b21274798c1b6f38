import { randomUUID } from "node:crypto";

import { createSerwistRoute } from "@serwist/turbopack";

import { env } from "~/env";

// @serwist/turbopack's default patterns plus .wasm: the camera scanner's barcode decoder
// (src/pos/decoder-wasm.ts, ~1.1 MB, under the 2 MiB per-file limit) must load offline too.
// Its lazy JS chunk is among the build's .js files already.
const BUILD = randomUUID();
const PRECACHED_STATIC = `${env.NEXT_DIST_DIR}/static/**/*.{js,css,html,ico,apng,png,avif,jpg,jpeg,jfif,pjpeg,pjp,gif,svg,webp,json,webmanifest,wasm}`;

/**
 * Serves the POS's service worker (src/pos/sw.ts) at /serwist/sw.js. Turbopack has no
 * plugins, so @serwist/turbopack bundles the worker with esbuild in this route, which
 * `next build` prerenders after the static chunks exist: the precache manifest lists them.
 */
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "src/pos/sw.ts",
  useNativeEsbuild: true,
  globPatterns: [PRECACHED_STATIC, "public/**/*"],
  // /pos is static HTML; the web app manifest and the icons the page links (src/app's metadata
  // files) are answered by routes, not files: all are precached so the till reopened offline has
  // its name and icons. A new build gets a new revision, so an updated worker re-fetches them.
  additionalPrecacheEntries: ["/pos", "/manifest.webmanifest", "/favicon.ico", "/icon.svg", "/apple-icon.png"].map((url) => ({ url, revision: BUILD })),
});
