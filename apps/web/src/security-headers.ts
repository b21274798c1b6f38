// The admin app's and the till's security headers (docs/security.md, "Security headers"),
// set by next.config.ts's headers() on every path: pages, static assets, the service
// worker, and the API answers the app proxies (/trpc, /api). Static, with no per-request
// nonce, so every page stays prerendered and /pos stays precached for offline use.

/**
 * Content-Security-Policy. What each directive allows and why:
 * - scripts: this origin's files, plus inline scripts, because every prerendered page
 *   carries Next's inline bootstrap (`self.__next_f.push(…)`, the page's RSC payload),
 *   different per page and per build; a nonce would make each page dynamic (and /pos
 *   uncacheable offline). `'wasm-unsafe-eval'` compiles the barcode reader's WebAssembly
 *   (zxing-wasm) and nothing else: no `eval` outside `next dev`, which needs it;
 * - styles: this origin and inline `style` attributes (Radix positions its popovers with them);
 * - images: this origin, `data:` and `blob:` (barcode images, the camera's frames);
 * - connections: this origin only: the API is reached through the app's own /trpc and /api;
 * - workers and the manifest: this origin (the till's service worker);
 * - no plugins, no <base> elsewhere, forms post only here, and no page may frame this app.
 */
export function contentSecurityPolicy(development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${development ? " 'unsafe-eval'" : ""}`,
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

/** The headers every answer of the app carries. */
export const securityHeaders = (development: boolean) => [
  { key: "Content-Security-Policy", value: contentSecurityPolicy(development) },
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
