import type { SaleInputRaw, SyncResult } from "@tillsync/validators";
import { TRPCClientError } from "@trpc/client";

import type { TillsyncClient } from "./client";

/** Sends one batch to `sale.sync`; resolves with one result per sale, in input order. */
export type SyncTransport = (sales: SaleInputRaw[], signal: AbortSignal) => Promise<SyncResult[]>;

/**
 * A failed `sale.sync` call as a whole. `status` is the HTTP status, absent when no
 * answer came (network down, timeout, a body that was not tRPC's).
 */
export class TransportError extends Error {
  readonly status?: number;
  /** The server's error code (`appCode` such as PRODUCT_NOT_FOUND, else the tRPC code). */
  readonly code?: string;
  /** From a Retry-After header. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: { status?: number; code?: string; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = "TransportError";
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * What the engine does about a failed call (DESIGN.md §5):
 * - retry: network errors, timeouts, 5xx, 408, 409, 429 — the same batch again later;
 * - permanent: 400/404/413/422 — something in the batch is refused, so the engine
 *   narrows it down to the sale at fault and rejects that one;
 * - halt: 401/403 and other 4xx — the till's key or setup is wrong; no sale is at fault,
 *   so nothing is rejected and draining stops until someone fixes it.
 */
export type FailureKind = "retry" | "permanent" | "halt";

export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof TransportError) || error.status === undefined) return "retry";
  const { status } = error;
  if (status >= 500 || [408, 409, 429].includes(status)) return "retry";
  if ([400, 404, 413, 422].includes(status)) return "permanent";
  return "halt";
}

/** Seconds or an HTTP date, as RFC 9110 allows. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The tRPC transport: `sale.sync` with a per-call timeout. */
export function trpcTransport(client: TillsyncClient, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): SyncTransport {
  return async (sales, signal) => {
    try {
      const { results } = await client.sale.sync.mutate({ sales }, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
      return results;
    } catch (error) {
      // The engine's own stop is not a transport failure: let it through as it is.
      if (signal.aborted) throw error;
      throw toTransportError(error);
    }
  };
}

function toTransportError(error: unknown): TransportError {
  if (!(error instanceof TRPCClientError)) return new TransportError(String(error), { cause: error });
  const response = (error.meta as { response?: Response } | undefined)?.response;
  const data = error.data as { httpStatus?: number; code?: string; appCode?: string } | undefined;
  return new TransportError(error.message, {
    status: response?.status ?? data?.httpStatus,
    code: data?.appCode ?? data?.code,
    retryAfterMs: parseRetryAfter(response?.headers.get("retry-after")),
    cause: error,
  });
}
