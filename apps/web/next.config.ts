import { withSerwist } from "@serwist/turbopack";
import type { NextConfig } from "next";

import { env } from "./src/env";
import { HSTS, securityHeaders } from "./src/security-headers";

const config: NextConfig = {
  // Internal packages ship TypeScript source, not build output.
  transpilePackages: ["@tillsync/api", "@tillsync/auth", "@tillsync/sync", "@tillsync/validators"],
  // The browser tests build into a dir of their own (.next-e2e, see e2e/global-setup.ts)
  // so they never replace a developer's build.
  distDir: env.NEXT_DIST_DIR,
  // The REST contract's paths end in a slash (POST /api/sales/). Next would otherwise
  // redirect them to the slashless path before any rewrite runs.
  skipTrailingSlashRedirect: true,
  // Security headers on every answer: pages, static files, the service worker and the
  // proxied API (src/security-headers.ts, docs/security.md); the CSP is src/proxy.ts's.
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [HSTS] },
    ];
  },
  poweredByHeader: false,
  // Rewrites are resolved by `next build` into the routes manifest, so API_URL is read
  // at build time: rebuild (not just restart) to point the app at another API server.
  async rewrites() {
    return [
      { source: "/trpc/:path*", destination: `${env.API_URL}/trpc/:path*` },
      // `:path*` never captures a trailing slash, so keep it with a rule of its own.
      { source: "/api/:path*/", destination: `${env.API_URL}/api/:path*/` },
      { source: "/api/:path*", destination: `${env.API_URL}/api/:path*` },
      { source: "/healthz", destination: `${env.API_URL}/healthz` },
    ];
  },
};

// The POS's service worker is bundled by a route handler (src/app/serwist); this keeps
// esbuild out of the server bundle.
export default withSerwist(config);
