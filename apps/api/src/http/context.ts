import type { IncomingHttpHeaders } from "node:http";

import { AuthError, createContext, databaseUnavailable, isDatabaseUnavailable, type Context } from "@tillsync/api";
import type { Database } from "@tillsync/db";
import { TRPCError } from "@trpc/server";

import type { Authenticator } from "./auth";
import { RateLimited, type RateLimits } from "./rate-limit";

/** How long a client should wait before retrying while the database is unreachable. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

export interface ContextDeps {
  db: Database;
  authenticate: Authenticator;
  rateLimits: RateLimits;
  /** The admin app's origins (WEB_ORIGIN): the only pages that may send changes with the staff cookie. */
  webOrigins: readonly string[];
}

/** The part of an HTTP request a context is made from. */
export interface Request {
  method: string;
  headers: IncomingHttpHeaders;
  /** The client's address (Fastify's request.ip: the connection's, or X-Forwarded-For's through TRUSTED_PROXIES). */
  ip: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request carrying the staff cookie comes from the admin app's own pages (CSRF,
 * OWASP's "verifying origin with standard headers"): its Origin is one of WEB_ORIGIN, or,
 * without an Origin, the browser's Sec-Fetch-Site says same-origin (or "none": typed into
 * the address bar). A request with neither header is not from a browser page, which always
 * sends Origin on a POST, so it is not a forgery.
 */
function fromOwnPages(headers: IncomingHttpHeaders, webOrigins: readonly string[]): boolean {
  const origin = headers.origin;
  if (origin !== undefined) return webOrigins.includes(origin);
  const site = headers["sec-fetch-site"];
  return site === undefined || site === "same-origin" || site === "none";
}

/**
 * The context of a /trpc or /api call: who is calling (a database outage while finding
 * out is a 503, like one inside a procedure), after charging `calls` to their rate limit.
 * A change (any method but GET/HEAD) authenticated by the staff cookie from a page other
 * than the admin app's is refused with 403 CROSS_ORIGIN_REQUEST; API keys are not cookies
 * a browser attaches by itself, so key-authenticated calls are not checked.
 */
export async function contextFor({ db, authenticate, rateLimits, webOrigins }: ContextDeps, request: Request, calls: number): Promise<Context> {
  let authentication;
  try {
    authentication = await authenticate({ headers: request.headers, address: request.ip });
  } catch (error) {
    throw isDatabaseUnavailable(error) ? databaseUnavailable(error) : error;
  }
  const { principal } = authentication;
  if (principal?.userId !== undefined && !SAFE_METHODS.has(request.method) && !fromOwnPages(request.headers, webOrigins)) {
    const cause = new AuthError("CROSS_ORIGIN_REQUEST");
    throw new TRPCError({ code: "FORBIDDEN", message: cause.message, cause });
  }
  await rateLimits.consume(principal, calls);
  return createContext({ prisma: db.prisma, readReplica: db.readReplica, ...authentication });
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
