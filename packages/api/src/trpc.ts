import { AsyncLocalStorage } from "node:async_hooks";

import type { PrismaClient, ReadReplica, ReportRead } from "@tillsync/db";
import { databaseFailure, DomainError, isTransientDatabaseError, primaryReads } from "@tillsync/db";
import { canAdminister, canManage, type Freshness, type Role } from "@tillsync/validators";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";

import { domainTrpcError } from "./error-map";
import { AuthError, type AuthErrorCode, type Principal } from "./principal";

export interface Context {
  prisma: PrismaClient;
  /**
   * Where reports read (Database.readReplica: the standby of DATABASE_READ_URL, else the
   * primary); absent, they read `prisma`. Only through fromStandby.
   */
  readReplica?: ReadReplica;
  principal: Principal | null;
  /** Why `principal` is null when credentials were sent but did not check out (default: none were sent). */
  authFailure?: Extract<AuthErrorCode, "API_KEY_INVALID" | "SESSION_EXPIRED">;
  /**
   * Present on REST calls only (trpc-to-openapi in apps/api): a procedure whose success
   * status depends on the outcome (201 for a new sale, 200 for a replay) sets it here.
   */
  rest?: { status?: number };
}

/**
 * A report's read on the standby when there is one (DESIGN.md §10), its answer with `freshness`
 * added (how current it is; the report pages say "Data as of …" when `stale`). For reads only,
 * and only those whose callers can live with data a bound behind, which they are told: nothing
 * a till syncs from, nothing the caller is about to change (those read `ctx.prisma`). Without a
 * standby (or ctx.readReplica), the primary answers, current.
 */
export async function fromStandby<T extends object>(ctx: Pick<Context, "prisma" | "readReplica">, read: ReportRead<T>): Promise<T & { freshness: Freshness }> {
  const { value, freshness } = await (ctx.readReplica ?? primaryReads(ctx.prisma))(read);
  return { ...value, freshness };
}

/** For callers that have already resolved who is calling (the HTTP server, tests, tools). */
export const createContext = (context: Context): Context => context;

/**
 * The HTTP request being served, set by apps/api around each request. A scope rather than
 * a context field because errors thrown while the context is built (the database being
 * down as the caller is authenticated) are formatted without a context, and they need
 * the request id most.
 */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

// SQLSTATEs of a value the database cannot store: out of range (22003), too long (22001),
// not representable in UTF-8 (22021, the NUL character; 22P05). The validators refuse
// these first; this keeps one that slips through a 400 rather than a 500.
const UNSTORABLE_CODES = new Set(["22001", "22003", "22021", "22P05"]);

const isUnstorableValue = (error: unknown) => UNSTORABLE_CODES.has(databaseFailure(error)?.sqlState ?? "");

const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable; retry shortly.";

/** A SERVICE_UNAVAILABLE (503) for a database outage, for every layer that meets one. */
export const databaseUnavailable = (cause: unknown) => new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    // Stacks never leave the server (the formatter drops them), so tRPC need not build them
    // for every error: that costs as much as the rest of a refused call.
    isDev: false,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const { stack: _stack, ...data } = shape.data;
      return {
        ...shape,
        // Unexpected failures say nothing about the server's internals.
        message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
        data: {
          ...data,
          appCode: cause instanceof DomainError || cause instanceof AuthError ? cause.code : null,
          /** IDEMPOTENCY_KEY_REUSED, SALE_ALREADY_RECORDED: the sale stored under the externalId. */
          storedSaleId: cause instanceof DomainError ? (cause.details.storedSaleId ?? null) : null,
          /** IDEMPOTENCY_KEY_REUSED on a drawer event: the event stored under the externalId. */
          storedEventId: cause instanceof DomainError ? (cause.details.storedEventId ?? null) : null,
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
          /** Each invalid field with its full dotted path ("items.2.unitPrice"), which zodError's fieldErrors cut to the top-level key. */
          issues: cause instanceof ZodError ? cause.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })) : null,
          /** The X-Request-Id of the HTTP request, to find its log lines; null outside HTTP. */
          requestId: requestScope.getStore()?.requestId ?? null,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/**
 * Domain errors become the tRPC error the error map (error-map.ts) names, kept as the cause;
 * a database outage becomes a retryable SERVICE_UNAVAILABLE instead of a 500, and a
 * value the database refuses to store a BAD_REQUEST.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError) throw domainTrpcError(cause);
  if (result.error.code !== "INTERNAL_SERVER_ERROR") return result;
  if (isTransientDatabaseError(cause)) throw databaseUnavailable(cause);
  if (isUnstorableValue(cause))
    throw new TRPCError({ code: "BAD_REQUEST", message: "A value is out of range or has characters that cannot be stored.", cause });
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

const authenticated = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) {
    const cause = new AuthError(ctx.authFailure ?? "NOT_SIGNED_IN");
    throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
  }
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

const requireRole = (allowed: (role: Role) => boolean, what: string) =>
  t.middleware(({ ctx, next }) => {
    if (!ctx.principal || !allowed(ctx.principal.role)) throw new TRPCError({ code: "FORBIDDEN", message: `Only ${what} may do this.` });
    return next();
  });

/** Anyone of the shop: cashiers and tills sell and read products. */
export const shopProcedure = publicProcedure.use(authenticated);
/** Owners, managers and manager keys: products, stock, alerts, reversals, analytics. */
export const managerProcedure = shopProcedure.use(requireRole(canManage, "owners and managers"));
/** Owners: staff, API keys and shop settings. */
export const ownerProcedure = shopProcedure.use(requireRole(canAdminister, "owners"));
