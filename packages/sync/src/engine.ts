import type { OutboxPayload, SyncResult } from "@tillsync/validators";
import mitt from "mitt";

import { backoffDelay, sleep, type BackoffOptions } from "./backoff";
import type { DrainLock } from "./lock";
import { settledEntry } from "./outbox/apply";
import type { Outbox, OutboxEntry, Rejection, Settlement } from "./outbox/types";
import { classifyFailure, TransportError, type SyncTransport } from "./transport";

/** `sale.sync` accepts at most this many sales per call. */
export const MAX_BATCH_SIZE = 500;

export interface SyncEngineOptions {
  outbox: Outbox;
  transport: SyncTransport;
  /** Needed where several engines share one outbox (browser tabs: `drainLock()`). */
  lock?: DrainLock;
  /**
   * Records a discard on the server before the outbox forgets the sale (DESIGN.md §7); the
   * web POS passes `(discard) => client.sale.discardRejected.mutate(discard)`. Needed by
   * `discardRejected` only.
   */
  recordDiscard?: (discard: DiscardRecord) => Promise<unknown>;
  /** Sales per `sale.sync` call, 1..500 (default 100). */
  batchSize?: number;
  backoff?: BackoffOptions;
  /**
   * A drain gives up after this many failed calls in a row. Default: never — a till
   * keeps retrying until the network is back; a one-off tool wants a limit.
   */
  maxAttempts?: number;
  /** For tests: the jitter source. */
  random?: () => number;
}

/** What `sale.discardRejected` takes: the sale as it was queued and why it was refused. */
export interface DiscardRecord {
  externalId: string;
  reason: string;
  sale: OutboxPayload;
  rejection?: Rejection;
}

export interface SyncStatus {
  pending: number;
  synced: number;
  rejected: number;
  discarded: number;
  lastSyncedAt: Date | null;
  draining: boolean;
  /** Why the last call failed, until one succeeds. */
  lastError: string | null;
  /** When a waiting drain tries again. */
  nextRetryAt: Date | null;
}

export type DrainResult =
  /** The queue was empty when the drain stopped. */
  | { outcome: "drained" }
  /** Another engine (tab) holds the drain lock; it will do the work. */
  | { outcome: "busy" }
  /** The caller's signal stopped it. */
  | { outcome: "stopped" }
  /**
   * The server refused the call as a whole (wrong address, key, proxy, version; see
   * `classifyFailure`): nothing is rejected, nothing more is tried; `error.message` says why.
   */
  | { outcome: "halted"; error: unknown }
  /** `maxAttempts` failures in a row. */
  | { outcome: "gave-up"; error: unknown };

// A type, not an interface: mitt's Emitter needs an index-signature-compatible record.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type SyncEvents = {
  /** Counts or state changed: re-render. */
  change: SyncStatus;
  /** The server refused these sales for good; they stay in the outbox with their reason. */
  rejected: OutboxEntry[];
  /** A call failed and will be retried after `delayMs`. */
  retry: { attempt: number; delayMs: number; error: unknown };
};

/**
 * Drains an outbox through `sale.sync`, oldest sale first (docs/sync-protocol.md). A
 * failed call is retried with the same sales, which the server replays rather than
 * duplicates; a rejected sale is set aside with its reason and never blocks the queue.
 */
export class SyncEngine {
  readonly events = mitt<SyncEvents>();
  private readonly batchSize: number;
  private running: Promise<DrainResult> | undefined;
  private lastError: string | null = null;
  private nextRetryAt: Date | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1 || this.batchSize > MAX_BATCH_SIZE) {
      throw new RangeError(`batchSize must be 1..${MAX_BATCH_SIZE}`);
    }
  }

  /**
   * Queues sales, refunds and drawer events (DESIGN.md §8) durably, before the cashier sees
   * "done"; `drain` sends them, in queue order, through `sale.sync`.
   */
  async enqueue(...sales: OutboxPayload[]): Promise<number> {
    const added = await this.options.outbox.append(sales);
    await this.emitChange();
    return added;
  }

  /**
   * Sends pending sales until the queue is empty. Calls made while a drain runs share it
   * (and its signal), so there is one drainer per engine, and one per lock across engines.
   */
  drain(options: { signal?: AbortSignal } = {}): Promise<DrainResult> {
    this.running ??= this.drainLocked(options.signal ?? new AbortController().signal).finally(() => {
      this.running = undefined;
      void this.emitChange();
    });
    return this.running;
  }

  async status(): Promise<SyncStatus> {
    const { outbox } = this.options;
    const [counts, lastSyncedAt] = await Promise.all([outbox.counts(), outbox.lastSyncedAt()]);
    return { ...counts, lastSyncedAt, draining: this.running !== undefined, lastError: this.lastError, nextRetryAt: this.nextRetryAt };
  }

  /** Rejected sales with their reasons, for staff to see and act on. */
  rejectedSales(): Promise<OutboxEntry[]> {
    return this.options.outbox.rejected();
  }

  /**
   * Puts rejected sales back in the queue, each at its old place, once the cause is fixed
   * (DESIGN.md §5); all rejected ones when `externalIds` is not given. Returns how many
   * were requeued; `drain()` sends them.
   */
  async retryRejected(externalIds?: readonly string[]): Promise<number> {
    const ids = externalIds ?? (await this.options.outbox.rejected()).map((entry) => entry.externalId);
    const requeued = await this.options.outbox.requeue(ids);
    await this.emitChange();
    return requeued;
  }

  /**
   * Discards a rejected sale for good, with a manager's reason (DESIGN.md §5, §7): first
   * recorded on the server through `recordDiscard` (which throws when the server refuses,
   * e.g. not a manager; then nothing changes here), then marked `discarded` in the outbox.
   * If the server answers SALE_ALREADY_RECORDED, the sale is in fact recorded: it is marked
   * synced (replayed) with the stored sale's id instead, and "recorded" is returned.
   */
  async discardRejected(externalId: string, reason: string): Promise<"discarded" | "recorded"> {
    const { outbox, recordDiscard } = this.options;
    if (!recordDiscard) throw new Error("discardRejected needs the engine's recordDiscard option");
    const entry = (await outbox.rejected()).find((candidate) => candidate.externalId === externalId);
    if (!entry) throw new Error(`Sale ${externalId} is not a rejected sale of this till`);
    const at = new Date();
    try {
      await recordDiscard({
        externalId,
        reason,
        sale: entry.sale,
        ...(entry.rejection ? { rejection: { code: entry.rejection.code, message: entry.rejection.message } } : {}),
      });
    } catch (error) {
      const storedSaleId = alreadyRecorded(error);
      if (storedSaleId === undefined) throw error;
      await outbox.settle([{ externalId, status: "synced", saleId: storedSaleId, replayed: true }], at);
      await this.emitChange();
      return "recorded";
    }
    await outbox.discard(externalId, reason, at);
    await this.emitChange();
    return "discarded";
  }

  private async drainLocked(signal: AbortSignal): Promise<DrainResult> {
    if (!this.options.lock) return this.drainAll(signal);
    // The lock's signal aborts when the lock is lost (an expired lease): stop sending then.
    const result = await this.options.lock.tryRun((lost) => this.drainAll(AbortSignal.any([signal, lost])));
    return result.acquired ? result.value : { outcome: "busy" };
  }

  private async drainAll(signal: AbortSignal): Promise<DrainResult> {
    let failures = 0;
    for (;;) {
      if (signal.aborted) return { outcome: "stopped" };
      const batch = await this.options.outbox.pending(this.batchSize);
      if (batch.length === 0) return { outcome: "drained" };
      try {
        await this.send(batch, signal);
        failures = 0;
        this.lastError = null;
        this.nextRetryAt = null;
      } catch (error) {
        if (signal.aborted) return { outcome: "stopped" };
        this.lastError = error instanceof Error ? error.message : String(error);
        // A split that reaches here is a single sale answered 413: nothing smaller to try.
        if (classifyFailure(error) !== "retry") return { outcome: "halted", error };
        failures++;
        if (this.options.maxAttempts !== undefined && failures >= this.options.maxAttempts) return { outcome: "gave-up", error };
        const retryAfterMs = error instanceof TransportError ? (error.retryAfterMs ?? 0) : 0;
        const delayMs = Math.max(retryAfterMs, backoffDelay(failures, this.options.backoff, this.options.random));
        this.nextRetryAt = new Date(Date.now() + delayMs);
        this.events.emit("retry", { attempt: failures, delayMs, error });
        await this.emitChange();
        try {
          await sleep(delayMs, signal);
        } catch {
          return { outcome: "stopped" };
        }
      }
      await this.emitChange();
    }
  }

  /**
   * Sends one batch and records the verdicts. A batch refused as too large (413) is sent
   * in halves; any other failure of the call is thrown to the drain loop, which retries
   * or halts (`classifyFailure`) — it never rejects a sale (DESIGN.md §5).
   */
  private async send(batch: OutboxEntry[], signal: AbortSignal): Promise<void> {
    let results: SyncResult[];
    try {
      results = await this.options.transport(
        batch.map((entry) => entry.sale),
        signal,
      );
    } catch (error) {
      if (signal.aborted || classifyFailure(error) !== "split") throw error;
      if (batch.length === 1) {
        throw new TransportError(
          `${error instanceof Error ? error.message : String(error)} Even a single sale is too large for it: raise the body size limit of the server or of the proxy in front of it.`,
          {
            status: 413,
            cause: error,
          },
        );
      }
      const half = Math.ceil(batch.length / 2);
      await this.send(batch.slice(0, half), signal);
      await this.send(batch.slice(half), signal);
      return;
    }
    if (results.length !== batch.length) {
      throw new TransportError(
        `The server answered ${results.length} results for ${batch.length} sales; nothing was marked rejected. Check the server's version.`,
        { foreign: true },
      );
    }
    await this.settle(
      batch,
      batch.map((entry, index) => toSettlement(entry, results[index]!)),
    );
  }

  /** `settlements[i]` is the verdict on `batch[i]`. */
  private async settle(batch: OutboxEntry[], settlements: Settlement[]) {
    const at = new Date();
    await this.options.outbox.settle(settlements, at);
    const rejected = settlements.flatMap((settlement, index) => (settlement.status === "rejected" ? [settledEntry(batch[index]!, settlement, at)] : []));
    if (rejected.length > 0) this.events.emit("rejected", rejected);
  }

  private async emitChange() {
    this.events.emit("change", await this.status());
  }
}

/** Results come in input order; a malformed sale's result may carry no externalId, so match by position. */
function toSettlement(entry: OutboxEntry, result: SyncResult): Settlement {
  if (result.status === "rejected") {
    return { externalId: entry.externalId, status: "rejected", rejection: result.error ?? { code: "REJECTED", message: "Rejected by the server" } };
  }
  // A drawer event is settled by its eventId (it has no sale); sales and refunds by saleId.
  return {
    externalId: entry.externalId,
    status: "synced",
    saleId: result.saleId,
    ...(result.eventId === undefined ? {} : { eventId: result.eventId }),
    replayed: result.status === "replayed",
  };
}

/** The stored sale's id when a tRPC error says the sale is recorded after all (SALE_ALREADY_RECORDED). */
function alreadyRecorded(error: unknown): number | undefined {
  const data = (error as { data?: { appCode?: unknown; storedSaleId?: unknown } } | null)?.data;
  return data?.appCode === "SALE_ALREADY_RECORDED" && typeof data.storedSaleId === "number" ? data.storedSaleId : undefined;
}
