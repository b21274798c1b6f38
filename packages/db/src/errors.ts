import type { AppErrorCode } from "@tillsync/validators";

/** The kind of failure, which the API maps to a tRPC/HTTP status. */
export type DomainErrorKind = "NOT_FOUND" | "CONFLICT" | "UNPROCESSABLE_CONTENT" | "BAD_REQUEST";

/**
 * A failure the caller caused or can act on. Thrown inside a transaction it rolls the
 * whole transaction back.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: AppErrorCode,
    message: string,
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
