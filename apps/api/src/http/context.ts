import type { IncomingHttpHeaders } from "node:http";

import { createContext, databaseUnavailable, isDatabaseUnavailable, type Context } from "@tillsync/api";
import type { Auth } from "@tillsync/auth";
import type { Database } from "@tillsync/db";
import type { TRPCError } from "@trpc/server";

import { resolvePrincipal } from "./auth";
import { RateLimited, type RateLimits } from "./rate-limit";

/** How long a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

export interface ContextDeps {
  db: Database;
  auth: Auth;
  rateLimits: RateLimits;
}

/**
 * The context of a /trpc or /api call: who is calling (a database outage while finding
 * out is a 503, like one inside a procedure), after charging `calls` to their rate limit.
 */
export async function contextFor({ db, auth, rateLimits }: ContextDeps, headers: IncomingHttpHeaders, calls: number): Promise<Context> {
  let principal;
  try {
    principal = await resolvePrincipal(db.prisma, headers, auth);
  } catch (error) {
    throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
  }
  await rateLimits.consume(principal, calls);
  return createContext({ prisma: db.prisma, principal });
}

/** Retry-After on the errors a client should retry later: 429 and 503. */
export function retryHeaders(errors: readonly TRPCError[]): Record<string, string> {
  const seconds = errors
    .map((error) =>
      error.cause instanceof RateLimited ? error.cause.retryAfterSeconds : error.code === "SERVICE_UNAVAILABLE" ? DATABASE_RETRY_AFTER_SECONDS : 0,
    )
    .reduce((longest, wait) => Math.max(longest, wait), 0);
  return seconds > 0 ? { "retry-after": String(seconds) } : {};
}
