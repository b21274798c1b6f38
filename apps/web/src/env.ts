import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

export const env = createEnv({
  server: {
    // Where apps/api listens; the browser never sees it because next.config.ts proxies
    // same-origin paths to it (no CORS, and session cookies stay first-party).
    API_URL: z
      .url()
      .default("http://127.0.0.1:4000")
      .transform((url) => url.replace(/\/+$/, "")),
    // Where `next build` writes (next.config.ts); the browser tests build into dirs of their own.
    NEXT_DIST_DIR: z.string().default(".next"),
  },
  shared: {
    // Next inlines it in the browser bundle: the till keeps its service worker off in `next dev`.
    NODE_ENV: z.enum(["development", "test", "production"]).optional(),
  },
  experimental__runtimeEnv: { NODE_ENV: process.env.NODE_ENV },
  emptyStringAsUndefined: true,
});
