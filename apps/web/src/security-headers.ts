// The admin app's and the till's security headers (docs/security.md, "Security headers"),
// on every path: pages, static assets, the service worker, and the API answers the app
// proxies (/trpc, /api). next.config.ts's headers() sets the fixed ones; src/proxy.ts sets
// the CSP, whose script hashes are known only once `next build` has prerendered the pages.

/** What the CSP allows of inline scripts: see contentSecurityPolicy. */
export interface InlineScripts {
  /** `sha256-…` of each inline script of the prerendered pages (scripts/csp-hashes.mjs). */
  hashes: readonly string[];
  /** This request's nonce, which Next (and React, for what it streams) puts on the inline scripts of pages rendered per request. */
  nonce: string;
}

/**
 * Content-Security-Policy. What each directive allows and why:
 * - scripts: this origin's files, and only the inline scripts Next itself wrote: every
 *   prerendered page carries Next's inline bootstrap (the Turbopack runtime stub and the
 *   page's RSC payload, `self.__next_f.push(…)`), fixed per build, allowed by their SHA-256
 *   (`inline.hashes`); the pages rendered per request (the admin app's, which read their first
 *   screen of data on the server: trpc/server.tsx) get this request's `inline.nonce` on theirs.
 *   A nonce alone would make every page dynamic and /pos impossible to precache. Without `inline` (`next dev`, or a build whose hashes are
 *   missing) inline scripts are allowed as a whole ('unsafe-inline'). `'wasm-unsafe-eval'`
 *   compiles the barcode reader's WebAssembly (zxing-wasm) and nothing else: no `eval`
 *   outside `next dev`, which needs it;
 * - styles: this origin and inline `style` attributes (Radix positions its popovers with them);
 * - images: this origin, `data:` and `blob:` (barcode images, the camera's frames);
 * - connections: this origin only: the API is reached through the app's own /trpc and /api;
 * - workers and the manifest: this origin (the till's service worker);
 * - no plugins, no <base> elsewhere, forms post only here, and no page may frame this app.
 */
export function contentSecurityPolicy(development: boolean, inline: InlineScripts | null): string {
  const scripts = inline ? [...inline.hashes.map((hash) => `'${hash}'`), `'nonce-${inline.nonce}'`] : ["'unsafe-inline'"];
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scripts, "'wasm-unsafe-eval'", ...(development ? ["'unsafe-eval'"] : [])].join(" "),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The headers every answer of the app carries, but the CSP (src/proxy.ts sets that). */
export const securityHeaders = [
  // frame-ancestors for browsers that predate it.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Other sites learn the origin at most, never a path or a query (an invitation's token).
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The till uses the camera (scanning); nothing else here needs a powerful feature.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
];

/**
 * HSTS, only on answers a TLS-terminating proxy (Caddy, docs/operations.md) marks as
 * https with X-Forwarded-Proto: sent over plain http it would be ignored at best, and a
 * till opened over http on a LAN name must stay reachable. One year, no preload: shops'
 * LAN names are not on the preload list.
 */
export const HSTS = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };
