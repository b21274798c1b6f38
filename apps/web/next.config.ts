import type { NextConfig } from "next";

import { env } from "./src/env";

const config: NextConfig = {
  // Internal packages ship TypeScript source, not build output.
  transpilePackages: ["@tillsync/api", "@tillsync/validators"],
  // The REST contract's paths end in a slash (POST /api/sales/). Next would otherwise
  // redirect them to the slashless path before any rewrite runs.
  skipTrailingSlashRedirect: true,
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

export default config;
