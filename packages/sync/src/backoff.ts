export interface BackoffOptions {
  /** The first retry waits up to this long (default 1 s). */
  baseMs?: number;
  /** No wait is longer than this (default 5 min, docs/sync-protocol.md). */
  maxMs?: number;
}

/**
 * Exponential backoff with "full jitter": a random wait in [0, min(max, base × 2^(attempt − 1))),
 * attempt counting from 1 (the first retry waits below `baseMs`),
 * so tills that lost the network together do not come back in lockstep. Hand-written
 * (rather than p-retry / exponential-backoff) because the engine owns its retry loop: it
 * must wait at least the server's Retry-After, keep its attempt count across drains and
 * show the next retry time to staff, none of which those libraries' closed loops expose.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { baseMs = 1_000, maxMs = 300_000 } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
