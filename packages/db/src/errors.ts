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

// Failures that say nothing about the sale being written: a serialization failure or
// deadlock (40001, 40P01), the server shutting down (57P01-57P03), a lost or refused
// connection (class 08, 53300, Prisma's P1001/P1002/P1017/P2024, socket errors).
const TRANSIENT_CODES = /^(40001|40P01|08\w{3}|57P0[123]|53300|P1001|P1002|P1017|P2024|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT)$/;
const TRANSIENT_MESSAGES = /Connection terminated|not queryable|Connection ended|connection timeout|timeout exceeded when trying to connect/i;

/** Whether retrying the same call later may well succeed (DESIGN.md §7 "sale.sync answers every sale"). */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e = error as { cause?: unknown; message?: unknown; meta?: any } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (typeof e !== "object") return false;
    const adapterCause = e.meta?.driverAdapterError?.cause;
    for (const code of [adapterCause?.originalCode, (e as { code?: unknown }).code]) if (typeof code === "string" && TRANSIENT_CODES.test(code)) return true;
    if (["ConnectionClosed", "DatabaseNotReachable", "TooManyConnections", "SocketTimeout", "TransactionWriteConflict"].includes(adapterCause?.kind)) return true;
    if (e instanceof Error && e.name !== "DomainError" && TRANSIENT_MESSAGES.test(e.message)) return true;
  }
  return false;
}
