import type { OutboxPayload, SyncResult } from "@tillsync/validators";
import mitt from "mitt";
import { v4 as uuidv4 } from "uuid";

import { backoffDelay, sleep, type BackoffOptions } from "./backoff";
import type { DrainLock } from "./lock";
import { settledEntry } from "./outbox/apply";
import { payloadKind, type Outbox, type OutboxEntry, type Settlement } from "./outbox/types";
import { classifyFailure, TransportError, type SyncTransport } from "./transport";

/** `sale.sync` accepts at most this many sales per call. */
export const MAX_BATCH_SIZE = 500;

export interface SyncEngineOptions {
  outbox: Outbox;
  transport: SyncTransport;
  /** Needed where several engines share one outbox (browser tabs: `drainLock()`). */
  lock?: DrainLock;
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
   * Discards a rejected sale for good, with a reason (DESIGN.md §5, §7), online or offline: a
   * `type: "discard"` entry carrying the sale as it was queued, its rejection and who is at
   * the till (`cashierId`) is queued first, then the sale is marked `discarded` here; the
   * next drain records the discard on the server like any other entry (flagged for review
   * when no manager is at the till, §8). Should the server find the sale recorded after all,
   * the sale is marked synced instead (see `settle`). Returns the discard's externalId.
   * Throws when `externalId` is not a rejected sale of this outbox.
   */
  async discardRejected(externalId: string, reason: string, options: { cashierId?: string } = {}): Promise<string> {
    const { outbox } = this.options;
    const entry = (await outbox.rejected()).find((candidate) => candidate.externalId === externalId);
    if (!entry) throw new Error(`Sale ${externalId} is not a rejected sale of this till`);
    const discard = {
      type: "discard" as const,
      externalId: uuidv4(),
      saleExternalId: externalId,
      reason,
      sale: entry.sale,
      ...(entry.rejection ? { rejection: { code: entry.rejection.code, message: entry.rejection.message } } : {}),
      ...(options.cashierId === undefined ? {} : { cashierId: options.cashierId }),
    };
    // Queued before the sale is marked: a crash in between leaves the sale rejected (discard
    // it again; the server answers the second discard with the first) and never a sale gone
    // without its record.
    await outbox.append([discard]);
    await outbox.discard(externalId, reason, new Date());
    await this.emitChange();
    return discard.externalId;
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

  /**
   * `settlements[i]` is the verdict on `batch[i]`. A discard the server answered with the
   * sale's id (it found the sale recorded after all) also marks that sale synced.
   */
  private async settle(batch: OutboxEntry[], settlements: Settlement[]) {
    const at = new Date();
    const recordedAfterAll = batch.flatMap((entry, index): Settlement[] => {
      const settlement = settlements[index]!;
      if (entry.sale.type !== "discard" || settlement.status !== "synced" || settlement.saleId === undefined) return [];
      return [{ externalId: entry.sale.saleExternalId, status: "synced", saleId: settlement.saleId, replayed: true }];
    });
    await this.options.outbox.settle([...settlements, ...recordedAfterAll], at);
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
  // A drawer event is settled by its eventId and a discard by its discardId (they have no
  // sale); sales and refunds by saleId.
  const eventId = payloadKind(entry.sale) === "discard" ? result.discardId : result.eventId;
  return {
    externalId: entry.externalId,
    status: "synced",
    saleId: result.saleId,
    ...(eventId === undefined ? {} : { eventId }),
    replayed: result.status === "replayed",
  };
}
