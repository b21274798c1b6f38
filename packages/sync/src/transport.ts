import type { OutboxPayload, SyncResult } from "@tillsync/validators";
import { TRPCClientError } from "@trpc/client";

import type { TillsyncClient } from "./client";

/** Sends one batch to `sale.sync` (sales, refunds, drawer events); resolves with one result per entry, in input order. */
export type SyncTransport = (sales: OutboxPayload[], signal: AbortSignal) => Promise<SyncResult[]>;

/**
 * What the engine does about a failed call (DESIGN.md §5). A failed call is never any
 * one sale's fault: only a per-sale `rejected` verdict rejects a sale.
 * - retry: no answer (network down, timeout), 5xx, 408, 409, 429 — whatever the body,
 *   a proxy's HTML 502 page included — the same batch again after a backoff;
 * - split: 413 — the batch is too large for the server or a proxy in front of it: send
 *   it in halves (a single sale answered 413 halts);
 * - halt: everything else (401/403, 404 for the route, 400/422 for the call, an answer
 *   that is not the Tillsync API's: an HTML page, truncated JSON, a wrong number of
 *   results) — the address, key or setup is wrong; drain stops with a message saying so
 *   and nothing is rejected.
 */
export type FailureKind = "retry" | "split" | "halt";

/**
 * A failed `sale.sync` call as a whole. `message` is written for staff: what happened,
 * at which address, and what to do. `status` is the HTTP status (absent when no answer
 * came); `foreign` says the body was not the Tillsync API's (an HTML page, a cut-off or
 * unrelated JSON body).
 */
export class TransportError extends Error {
  readonly status?: number;
  /** The server's error code (`appCode` such as PRODUCT_NOT_FOUND, else the tRPC code). */
  readonly code?: string;
  /** From a Retry-After header. */
  readonly retryAfterMs?: number;
  readonly foreign: boolean;

  constructor(message: string, details: { status?: number; code?: string; retryAfterMs?: number; foreign?: boolean; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = "TransportError";
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
    this.foreign = details.foreign ?? false;
  }
}

/** See `FailureKind`. Anything that is not a `TransportError` with a status is a network error. */
export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof TransportError)) return "retry";
  const { status } = error;
  if (status === undefined) return error.foreign ? "halt" : "retry";
  if (status >= 500 || [408, 409, 429].includes(status)) return "retry";
  if (status === 413) return "split";
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

/** The tRPC transport: `sale.sync` with a per-call timeout (`timeoutMs`, default 60 s). */
export function trpcTransport(client: TillsyncClient, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): SyncTransport {
  return async (sales, signal) => {
    let results: SyncResult[];
    try {
      ({ results } = await client.sale.sync.mutate({ sales }, { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) }));
    } catch (error) {
      // The engine's own stop is not a transport failure: let it through as it is.
      if (signal.aborted) throw error;
      throw toTransportError(error, timeoutMs);
    }
    if (!Array.isArray(results) || results.length !== sales.length || !results.every(isSyncResult)) {
      throw new TransportError(
        `The server answered sale.sync with ${Array.isArray(results) ? `${results.length} results for ${sales.length} sales` : "something that is not a list of results"}: it may run another version of Tillsync. Nothing was marked rejected; check the server.`,
        { foreign: true },
      );
    }
    return results;
  };
}

function isSyncResult(value: unknown): value is SyncResult {
  const status = (value as { status?: unknown } | null)?.status;
  return status === "created" || status === "replayed" || status === "rejected";
}

function toTransportError(error: unknown, timeoutMs: number): TransportError {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof TransportError) return cause;
    if (cause.name === "TimeoutError") return new TransportError(`The server did not answer within ${timeoutMs / 1000} s; will retry.`, { cause: error });
  }
  if (!(error instanceof TRPCClientError)) return new TransportError(`The call failed (${String(error)}); will retry.`, { cause: error });
  // An answer in the API's own error format (checkedFetch let it through).
  const response = (error.meta as { response?: Response } | undefined)?.response;
  const data = error.data as { httpStatus?: number; code?: string; appCode?: string | null } | undefined;
  const status = response?.status ?? data?.httpStatus;
  const code = data?.appCode ?? data?.code;
  const where = response?.url ? ` at ${response.url}` : "";
  return new TransportError(apiErrorMessage(where, status, code, error.message), {
    status,
    code,
    retryAfterMs: parseRetryAfter(response?.headers.get("retry-after")),
    cause: error,
  });
}

function apiErrorMessage(where: string, status: number | undefined, code: string | undefined, message: string): string {
  const what = `${status ?? "an error"}${code ? ` ${code}` : ""}: ${message}`;
  if (status === 401) return `The server${where} did not accept this till's credentials (${what}). Check the API key, or sign in again.`;
  if (status === 403) return `The server${where} does not let this key or user send sales (${what}). Use a device or manager key.`;
  if (status === 404) return `The server${where} has no sale.sync (${what}). Check the server address; it may run another version of Tillsync.`;
  if (status === 413) return `The server${where} refused a batch as too large (${what}).`;
  if (status !== undefined && (status >= 500 || [408, 409, 429].includes(status)))
    return `The server${where} could not take the sales just now (${what}); will retry.`;
  return `The server${where} refused the whole call (${what}). No sale was marked rejected; check the server and this client's version.`;
}

/**
 * `fetch` for the tRPC client that turns every answer which is not the API's into a
 * `TransportError` with a message for staff, before tRPC sees it. Without it an HTML page
 * from a proxy or a 404 from the wrong path reaches tRPC as "Unable to transform response
 * from server" or a JSON syntax error, with the status code lost. An answer is tRPC's
 * when its body is JSON in tRPC's envelope with superjson: `{ result: { data } }` or
 * `{ error: { json } }` (an array of them for a batch). The API's own REST error body
 * (`{ error: { code, message } }`, e.g. for a path it does not serve) is not.
 */
export function checkedFetch(fetchImpl: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const url = String(input instanceof Request ? input.url : input).split("?")[0]!;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(input, init);
      text = await response.text();
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      const reason = ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message) || "no answer";
      throw new TransportError(`Could not reach the server at ${url} (${reason}); will retry.`, { cause: error });
    }
    if (isApiBody(text)) {
      const copy = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
      // A constructed Response has no url; toTransportError names the address in its message.
      Object.defineProperty(copy, "url", { value: url });
      return copy;
    }
    const { status, statusText } = response;
    const answered = `The server at ${url} answered ${status}${statusText ? ` ${statusText}` : ""} with ${describeBody(response, text)}`;
    const error = { status, foreign: true, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) };
    if (status >= 500 || [408, 409, 429].includes(status))
      throw new TransportError(`${answered}, not the Tillsync API: the server or a proxy in front of it is failing; will retry.`, error);
    if (status === 413) throw new TransportError(`${answered}: the request was too large for it.`, error);
    if (status === 401 || status === 403)
      throw new TransportError(`${answered}: a proxy or the server refused access. Check the API key and the server address.`, error);
    if (status === 404)
      throw new TransportError(
        `${answered}: nothing at that address answers sale.sync. Check the server address (the API's base URL, e.g. http://127.0.0.1:4000).`,
        error,
      );
    throw new TransportError(
      `${answered}, not an answer of the Tillsync API. Check the server address (the API's base URL, e.g. http://127.0.0.1:4000).`,
      error,
    );
  };
}

function isApiBody(text: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return false;
  }
  const object = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
  const envelope = (value: unknown) => object(value) && ((object(value.result) && "data" in value.result) || (object(value.error) && "json" in value.error));
  return Array.isArray(json) ? json.length > 0 && json.every(envelope) : envelope(json);
}

function describeBody(response: Response, text: string): string {
  const type = response.headers.get("content-type") ?? "";
  if (text.trim() === "") return "an empty body";
  if (/html/i.test(type) || /^\s*</.test(text)) return "an HTML page";
  if (/json/i.test(type) || /^\s*[[{]/.test(text)) {
    let json: { error?: { message?: unknown } };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      return "a cut-off or malformed JSON body";
    }
    const message = json?.error?.message;
    return typeof message === "string" ? `"${message.slice(0, 200)}"` : "a JSON body";
  }
  return `a ${type || "text"} body`;
}
