/// <reference lib="webworker" />
import { Serwist, type PrecacheEntry, type SerwistGlobalConfig } from "serwist";

declare global {
  interface WorkerGlobalScope extends SerwistGlobalConfig {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/**
 * The till's service worker: precaches the build's static assets, the /pos page, the web app
 * manifest and the icons (src/app/serwist/[path]/route.ts), so the POS opens with no network
 * (cache first; a new build ships a new worker and a new precache). Nothing else is cached: API calls (/trpc, /api) always go to the network,
 * because the catalogue and the session are kept in IndexedDB by the page and the
 * sales in the outbox, never in Cache Storage.
 */
const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: {
    cleanupOutdatedCaches: true,
    // Serwist's defaults, plus the cache-busting query Next adds to its metadata icons'
    // links ("/icon.svg?icon.3781q6z60wg4r.svg"), so they match the precached "/icon.svg".
    ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^(favicon|icon|apple-icon)\.\w+\.\w+$/],
  },
  skipWaiting: true,
  clientsClaim: true,
});

serwist.addEventListeners();
