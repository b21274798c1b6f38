import type { AppErrorCode } from "@tillsync/validators";

/** The kind of failure, which the API maps to a tRPC/HTTP status. */
export type DomainErrorKind = "NOT_FOUND" | "CONFLICT" | "UNPROCESSABLE_CONTENT" | "BAD_REQUEST" | "SERVICE_UNAVAILABLE";

/** What a client needs to reconcile: the sale already stored under an idempotency key. */
export interface DomainErrorDetails {
  storedSaleId?: number;
  /** IDEMPOTENCY_KEY_REUSED for a drawer event (DESIGN.md §8): the event stored under the externalId. */
  storedEventId?: number;
}

/**
 * A failure the caller caused or can act on. Thrown inside a transaction it rolls the
 * whole transaction back.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: AppErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (code: AppErrorCode, message: string) => new DomainError("NOT_FOUND", code, message);

/**
 * What a database failure says about itself, read from wherever the driver put it: Prisma's
 * error with its driver adapter's cause (`meta.driverAdapterError.cause`), the adapter's
 * error itself, or node-postgres's error from the direct path (sql.ts).
 */
export interface DatabaseFailure {
  /** PostgreSQL's SQLSTATE ("23505"), or a socket error's code ("ECONNREFUSED"). */
  sqlState?: string;
  /** Prisma's own code (P2002, P2010 …) when Prisma raised it. */
  prismaCode?: string;
  /** The violated constraint's name (pg adapter, direct pg path). */
  constraint?: string;
  /** The violated key's columns, where the driver gives them instead of the name (PGlite's adapter). */
  columns?: string[];
  /** The driver adapter's kind of error ("UniqueConstraintViolation", "ConnectionClosed" …). */
  kind?: string;
  /** The database's own message, first line. */
  message?: string;
}

/** What Prisma's driver adapters (pg, PGlite) put in a DriverAdapterError's cause. */
interface AdapterCause {
  originalCode?: unknown;
  originalMessage?: unknown;
  kind?: unknown;
  constraint?: { index?: unknown; fields?: unknown };
}

/** The fields any error in a chain may carry (Prisma's, the adapters', node-postgres's). */
interface Cause {
  cause?: unknown;
  code?: unknown;
  message?: unknown;
  name?: unknown;
  meta?: { driverAdapterError?: { cause?: AdapterCause } };
  constraint?: unknown;
}

/** `error` and its causes, as far as they go (at most 8 deep). */
function* causes(error: unknown) {
  for (let e = error as Cause | undefined, depth = 0; e && typeof e === "object" && depth < 8; e = e.cause as Cause, depth++) yield e;
}

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/** What one error object (not its causes) says; undefined when it is not a database failure. */
function failureOf(e: Cause): DatabaseFailure | undefined {
  // The API's own errors carry codes of their own ("NOT_FOUND"), never the database's.
  if (e.name === "DomainError" || e.name === "TRPCError") return undefined;
  // A driver adapter's cause: inside Prisma's error, or of the adapter's own error.
  const adapter = e.meta?.driverAdapterError?.cause ?? (e.name === "DriverAdapterError" ? (e.cause as AdapterCause | undefined) : undefined);
  const code = text(e.code);
  const prismaCode = code && /^P\d{4}$/.test(code) ? code : undefined;
  if (adapter) {
    const constraint = adapter.constraint;
    return {
      sqlState: text(adapter.originalCode),
      prismaCode,
      constraint: text(constraint?.index),
      columns: Array.isArray(constraint?.fields) ? constraint.fields.filter((field): field is string => typeof field === "string") : undefined,
      kind: text(adapter.kind),
      message: text(adapter.originalMessage)?.split("\n")[0],
    };
  }
  if (prismaCode) return { prismaCode, message: text(e.message)?.split("\n")[0] };
  // node-postgres: a SQLSTATE (five characters), or a socket's code (ECONNREFUSED …).
  if (code && /^([0-9A-Z]{5}|E[A-Z]+)$/.test(code)) return { sqlState: code, constraint: text(e.constraint), message: text(e.message)?.split("\n")[0] };
  return undefined;
}

/**
 * The one reader of database failures (issue 16): the first of `error` and its causes that
 * is one, with its SQLSTATE, Prisma code, constraint and the database's message. Conflicts
 * are recognised from this (isUniqueViolation), never by searching message text.
 */
export function databaseFailure(error: unknown): DatabaseFailure | undefined {
  for (const e of causes(error)) {
    const failure = failureOf(e);
    if (failure) return failure;
  }
  return undefined;
}

/** A unique constraint of the schema (packages/db/prisma/migrations): its name and its key's columns. */
export interface UniqueConstraint {
  name: string;
  columns: readonly string[];
}

/** The unique constraints whose violation the domain turns into a conflict the user can fix. */
export const UNIQUE = {
  productSku: { name: "product_shop_id_sku_key", columns: ["shop_id", "sku"] },
  productExternalId: { name: "product_shop_id_external_id_key", columns: ["shop_id", "external_id"] },
  userEmail: { name: "user_email_key", columns: ["email"] },
  tillSeries: { name: "till_shop_id_series_key", columns: ["shop_id", "series"] },
  tillApiKey: { name: "till_api_key_id_key", columns: ["api_key_id"] },
  drawerEventExternalId: { name: "drawer_event_shop_id_external_id_key", columns: ["shop_id", "external_id"] },
  zReportSession: { name: "z_report_shop_id_session_id_key", columns: ["shop_id", "session_id"] },
} as const satisfies Record<string, UniqueConstraint>;

/**
 * Whether `error` is a violation of this unique constraint: by its name, or, where the
 * driver reports only the key's columns (PGlite's Prisma adapter drops the name), by those.
 */
export function isUniqueViolation(error: unknown, constraint: UniqueConstraint): boolean {
  const failure = databaseFailure(error);
  if (failure?.sqlState !== "23505") return false;
  if (failure.constraint !== undefined) return failure.constraint === constraint.name;
  return failure.columns?.join(",") === constraint.columns.join(",");
}

// SQLSTATEs of a connection that is gone or cannot be had now: class 08 (connection
// exception), 57P01-57P03 (server shutting down, restarting, starting up), 53300 (too many
// connections). Prisma's P1001/P1002/P1017 and P2024 (pool timeout) say the same. 25006
// (read-only transaction): a write reached a standby, which during a failover means the
// load balancer has not yet moved to the new leader (DESIGN.md §10); retried, it lands there.
const UNAVAILABLE_CODES = /^(08\w{3}|57P0[123]|53300|25006|P1001|P1002|P1017|P2024|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const UNAVAILABLE_ADAPTER_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "TooManyConnections", "SocketTimeout"]);
// node-postgres raises these without a code when a connection drops mid-query.
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|Connection ended|connection timeout|timeout exceeded when trying to connect/i;
// A serialization failure or deadlock: the transaction lost a race, the same call may win.
const CONFLICT_CODES = new Set(["40001", "40P01"]);

/**
 * Whether `error` (or any of its causes) means the database could not be reached or
 * dropped the connection: a failure the client should retry, not a bug. The pool
 * discards the broken connection, so the retry gets a fresh one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const failure = failureOf(e);
    if (failure && [failure.sqlState, failure.prismaCode].some((code) => code !== undefined && UNAVAILABLE_CODES.test(code))) return true;
    if (failure?.kind !== undefined && UNAVAILABLE_ADAPTER_KINDS.has(failure.kind)) return true;
    // Messages of errors the API raised itself (TRPCError, DomainError) are not the driver's.
    if (e instanceof Error && e.name !== "TRPCError" && e.name !== "DomainError" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * Whether retrying the same call later may well succeed: the database unavailable, or a
 * transaction that lost a race (DESIGN.md §7 "sale.sync answers every sale").
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return true;
  for (const e of causes(error)) {
    const failure = failureOf(e);
    if (failure?.sqlState !== undefined && CONFLICT_CODES.has(failure.sqlState)) return true;
    if (failure?.kind === "TransactionWriteConflict") return true;
  }
  return false;
}
