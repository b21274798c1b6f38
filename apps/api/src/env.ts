import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { createEnv } from "@t3-oss/env-core";
import { z } from "zod";

// pnpm runs scripts in the package folder; INIT_CWD is where the user typed the command,
// which is what a relative DATA_DIR means to them.
const invocationDir = process.env.INIT_CWD ?? process.cwd();

/** The checkout's root (the folder holding pnpm-workspace.yaml) above `dir`, if there is one. */
function workspaceRootAbove(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "pnpm-workspace.yaml"))) return at;
    if (dirname(at) === at) return undefined;
  }
}

// The embedded database lives at the repo root whichever directory a command starts in
// (pnpm runs package scripts inside apps/api) and whether it runs from src/ or from the
// build in dist/bin/, so every entry point finds the same data. A build copied out of the
// checkout keeps it where it was started.
const defaultDataDir = join(workspaceRootAbove(dirname(fileURLToPath(import.meta.url))) ?? invocationDir, ".data/pglite");

/** A comma-separated setting as its trimmed, non-empty items ("" → []); `fallback` when unset. */
function commaList(fallback = "") {
  return z
    .string()
    .default(fallback)
    .transform((list) =>
      list
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );
}

/**
 * A comma-separated list of http(s) origins, each normalised to its origin (no path, no
 * trailing slash); `example` names one in the error; unset means `fallback`.
 */
function originList({ fallback, example, required }: { fallback?: string; example: string; required: boolean }) {
  return commaList(fallback).pipe(
    z
      .array(
        z.url({ protocol: /^https?$/, error: `must list http(s) origins such as ${example}, separated by commas` }).transform((url) => new URL(url).origin),
      )
      .min(required ? 1 : 0, "must name at least one origin"),
  );
}

export const env = createEnv({
  server: {
    /** PostgreSQL connection string; without it the API runs on PGlite in DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
    DATA_DIR: z
      .string()
      .default(defaultDataDir)
      .transform((dir) => (isAbsolute(dir) ? dir : resolve(invocationDir, dir))),
    /**
     * A streaming standby of DATABASE_URL's PostgreSQL (e.g. a load balancer's read frontend):
     * analytics, the sales list, the cash-up and the activity log read there (docs/scaling.md);
     * without it they read DATABASE_URL. When it cannot answer they read DATABASE_URL too.
     */
    DATABASE_READ_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
    /** Reports read on DATABASE_READ_URL whose data is more than this many seconds behind say "Data as of …". */
    READ_REPLICA_MAX_LAG_SECONDS: z.coerce.number({ error: "must be a number" }).nonnegative().default(30),
    DB_POOL_SIZE: z.coerce.number({ error: "must be a number" }).int().positive().optional(),
    DB_POOL_IDLE_SECONDS: z.coerce.number({ error: "must be a number" }).int().nonnegative().optional(),
    PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535).default(4000),
    // Loopback by default so a first run on a laptop is not reachable from the network;
    // containers and hosts behind a load balancer set HOST=0.0.0.0.
    HOST: z.string().min(1).default("127.0.0.1"),
    /**
     * The web app's origins, comma-separated (e.g. "http://localhost:3000,http://till.lan:3000"):
     * the only origins CORS lets in and staff may sign in from; the first is where sign-in
     * cookies belong.
     */
    // Unset: the address `pnpm start` serves the web app at, on WEB_PORT when that moves it (a
    // WEB_PORT=3100 with the old fixed default refused every sign-in from the web app it started).
    WEB_ORIGIN: originList({
      fallback: `http://localhost:${process.env.WEB_PORT?.trim() ? process.env.WEB_PORT.trim() : 3000}`,
      example: "http://localhost:3000",
      required: true,
    }),
    /**
     * Other browser origins allowed to call the API with an API key (`Authorization: Bearer`),
     * comma-separated: a till served from its own site. Never with cookies: staff sessions stay
     * with WEB_ORIGIN.
     */
    CORS_ORIGINS: originList({ example: "https://till.example", required: false }),
    /** Signs session cookies; every API instance needs the same one. Required in production. */
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Comma-separated CIDRs of proxies in front of the API (e.g. the web app's), for client
     * addresses. Unset: loopback, where `pnpm start`'s web app proxies from; without it every
     * sign-in through the web app counted against one shared limit. "none" trusts none (an empty
     * value counts as unset here).
     */
    TRUSTED_PROXIES: commaList("127.0.0.1/32,::1/128").transform((list) => (list.length === 1 && list[0] === "none" ? [] : list)),
    /** Procedure calls allowed per window for each API key (a tRPC batch counts each call); 0 = no limit. */
    RATE_LIMIT_API_KEY: z.coerce.number({ error: "must be a number" }).int().min(0).default(60_000),
    /** Procedure calls allowed per window for each signed-in staff member; 0 = no limit. */
    RATE_LIMIT_USER: z.coerce.number({ error: "must be a number" }).int().min(0).default(6_000),
    /** Failed authentications (unknown or revoked API keys, ended sessions) allowed per window from one client address; 0 = no limit. */
    RATE_LIMIT_FAILED_AUTH: z.coerce.number({ error: "must be a number" }).int().min(0).default(30),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number({ error: "must be a number" }).int().positive().default(60),
    /** Redis for rate-limit counters shared by every API process; without it each process counts alone. */
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
    /** `create-shop`'s owner password when --password is not given (kept out of `ps` and shell history). */
    TILLSYNC_PASSWORD: z.string().optional(),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  },
  // A copy, because emptyStringAsUndefined deletes keys from the object it is given.
  runtimeEnv: { ...process.env },
  emptyStringAsUndefined: true,
  onValidationError(issues) {
    const lines = issues.map((issue) => {
      const key = (issue.path ?? []).map((part) => (typeof part === "object" ? String(part.key) : String(part))).join(".");
      return `${key}: ${issue.message}`;
    });
    throw new Error(`Invalid environment: ${lines.join("; ")}`);
  },
});

export type Env = typeof env;

// Outside production a fixed secret lets `pnpm dev` work with nothing configured; sessions
// signed with it are worthless anywhere else, which is why production must set its own.
const DEVELOPMENT_AUTH_SECRET = "tillsync-development-secret-not-for-production";

export function authSecret(config: Pick<Env, "AUTH_SECRET" | "NODE_ENV">): string {
  if (config.AUTH_SECRET) return config.AUTH_SECRET;
  if (config.NODE_ENV === "production") throw new Error("Invalid environment: AUTH_SECRET is required in production");
  return DEVELOPMENT_AUTH_SECRET;
}
