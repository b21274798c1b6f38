import type { AppErrorCode } from "@tillsync/validators";

/** The kind of failure, which the API maps to a tRPC/HTTP status. */
export type DomainErrorKind = "NOT_FOUND" | "CONFLICT" | "UNPROCESSABLE_CONTENT" | "BAD_REQUEST" | "SERVICE_UNAVAILABLE";

/** What a client needs to reconcile: the sale already stored under an idempotency key. */
export interface DomainErrorDetails {
  storedSaleId?: number;
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

/** Prisma's error code (P2002 …) or PostgreSQL's SQLSTATE, wherever the adapter put it. */
export function databaseErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
  const original = e?.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof original === "string") return original;
  return typeof e?.code === "string" ? e.code : undefined;
}

/** The SQLSTATE (or Prisma code) of a database failure, also when it is a cause of `error`. */
export function databaseErrorCodeDeep(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = databaseErrorCode(e);
    if (code) return code;
  }
  return undefined;
}

// SQLSTATEs of a connection that is gone or cannot be had now: class 08 (connection
// exception), 57P01-57P03 (server shutting down, restarting, starting up), 53300 (too many
// connections). Prisma's P1001/P1002/P1017 and P2024 (pool timeout) say the same.
const UNAVAILABLE_CODES = /^(08\w{3}|57P0[123]|53300|P1001|P1002|P1017|P2024|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const UNAVAILABLE_ADAPTER_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "TooManyConnections", "SocketTimeout"]);
// node-postgres raises these without a code when a connection drops mid-query.
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|Connection ended|connection timeout|timeout exceeded when trying to connect/i;
// A serialization failure or deadlock: the transaction lost a race, the same call may win.
const CONFLICT_CODES = new Set(["40001", "40P01"]);

/** `error` and its causes, as far as they go (at most 8 deep). */
function* causes(error: unknown) {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && typeof e === "object" && depth < 8; e = e.cause as typeof e, depth++) yield e as { cause?: unknown; code?: unknown; message?: unknown; name?: unknown; meta?: any };
}

/**
 * Whether `error` (or any of its causes) means the database could not be reached or
 * dropped the connection: a failure the client should retry, not a bug. The pool
 * discards the broken connection, so the retry gets a fresh one.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of causes(error)) {
    const adapterCause = e.meta?.driverAdapterError?.cause;
    for (const code of [adapterCause?.originalCode, e.code]) if (typeof code === "string" && UNAVAILABLE_CODES.test(code)) return true;
    if (UNAVAILABLE_ADAPTER_KINDS.has(adapterCause?.kind)) return true;
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
    const adapterCause = e.meta?.driverAdapterError?.cause;
    for (const code of [adapterCause?.originalCode, e.code]) if (typeof code === "string" && CONFLICT_CODES.has(code)) return true;
    if (adapterCause?.kind === "TransactionWriteConflict") return true;
  }
  return false;
}
