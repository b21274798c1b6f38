import type { OutboxPayload } from "@tillsync/validators";

import { SYNCED_RETENTION_DAYS } from "./retention";
import type { Outbox, OutboxCounts, OutboxEntry, OutboxWrite, Settlement } from "./types";

/** A store the mirror can follow: its own writes through `watch`, other connections' through `read`. */
export interface MirroredStore extends Outbox {
  watch(listener: (write: OutboxWrite) => void): () => void;
  read(after: number, seqs?: readonly number[]): Promise<{ entries: OutboxEntry[]; missing: number[]; lastSyncedAt: Date | null }>;
  prune(now: Date, retentionDays?: number): Promise<number>;
}

/**
 * What one tab tells the others after a write (BroadcastChannel): the seqs it wrote or
 * deleted. A tab that hears it reads those and any entry appended since it last looked.
 */
export interface OutboxMessage {
  kind: "tillsync-outbox";
  seqs: number[];
}

/** One entry's change: `before` undefined when it is new, `after` undefined when it was removed. */
export interface EntryChange {
  before: OutboxEntry | undefined;
  after: OutboxEntry | undefined;
}

export interface MirrorChange {
  /**
   * The whole outbox was read again (the first read, a message from a tab of an older build,
   * counts that did not match the store's): whatever is derived from it is derived afresh.
   */
  reset: boolean;
  changed: readonly EntryChange[];
}

const isMessage = (data: unknown): data is OutboxMessage =>
  typeof data === "object" &&
  data !== null &&
  (data as OutboxMessage).kind === "tillsync-outbox" &&
  Array.isArray((data as OutboxMessage).seqs) &&
  (data as OutboxMessage).seqs.every((seq) => Number.isInteger(seq));

const emptyCounts = (): OutboxCounts => ({ pending: 0, synced: 0, rejected: 0, discarded: 0 });

/** Index of the first entry of `list` (sorted by seq) whose seq is ≥ `seq`. */
function lowerBound(list: readonly OutboxEntry[], seq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]!.seq < seq) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The outbox kept in memory, in step with its store (DESIGN.md §5; issue 21: a till with
 * 10,000 sales queued read all of them back after every sale, ~0.2 s a sale). It is read
 * whole once; after that each write of this tab patches it with the entries as written
 * (`watch`), and each write of another tab, heard as an `OutboxMessage` (`heard`), is read
 * back alone: the entries appended since this tab last looked and the seqs the message names.
 * Listeners (`subscribe`) hear which entries changed, so figures derived from the queue can
 * be kept up to date a sale at a time.
 *
 * It is an `Outbox` for the sync engine: writes go to the store (durably, as before) and are
 * in the mirror once the store's promise resolves; `counts`, `rejected`, `all` and
 * `lastSyncedAt` are answered from memory; `pending` reads the store, so a drain sees a sale
 * another tab queued a moment ago even before its message arrives. Reads of other tabs' writes
 * run one at a time, in order with this tab's writes (IndexedDB orders transactions that
 * share a store by creation), so a late read never overwrites a newer write. `verify` compares
 * the counts with the store's and reads everything again when they differ (a message lost
 * with a tab that closed mid-write).
 */
export class OutboxMirror implements Outbox {
  /** Every entry, in seq order. Replaced, never changed in place, once handed out (`entries`). */
  private list: readonly OutboxEntry[] = [];
  private readonly bySeq = new Map<number, OutboxEntry>();
  private tally = emptyCounts();
  private lastSync: Date | null = null;
  /** Every seq up to this one has been read or written here. */
  private lastRead = 0;
  private readonly listeners = new Set<(change: MirrorChange) => void>();
  private readonly unwatch: () => void;
  /** Seqs named by other tabs, not read yet. */
  private readonly named = new Set<number>();
  private readAgain = false;
  private reloadAgain = false;
  private work: Promise<void> | undefined;

  private constructor(
    private readonly store: MirroredStore,
    private readonly post: (message: OutboxMessage) => void,
  ) {
    this.unwatch = store.watch((write) => this.wrote(write));
  }

  /**
   * Reads `store` whole and follows it from then on. `post` tells the other tabs of this
   * tab's writes (e.g. a BroadcastChannel's postMessage); pass what they post to `heard`.
   */
  static async open(store: MirroredStore, options: { post?: (message: OutboxMessage) => void } = {}): Promise<OutboxMirror> {
    const mirror = new OutboxMirror(store, options.post ?? (() => undefined));
    mirror.reloadAgain = true;
    await mirror.schedule();
    return mirror;
  }

  /** Every entry in any status, in queue order: the same array until the next change. */
  get entries(): readonly OutboxEntry[] {
    return this.list;
  }

  /** Calls `listener` after each change of the mirror, with the entries that changed. Returns the unsubscribe function. */
  subscribe(listener: (change: MirrorChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * A message from another tab: an `OutboxMessage` has its seqs and the entries appended since
   * read; anything else (a tab of an older build posted "change") has the whole outbox read
   * again. Resolves once read.
   */
  heard(data: unknown): Promise<void> {
    if (isMessage(data)) {
      for (const seq of data.seqs) this.named.add(seq);
      this.readAgain = true;
    } else {
      this.reloadAgain = true;
    }
    return this.schedule();
  }

  /**
   * Compares the counts with the store's and reads the whole outbox again when they differ.
   * Resolves with whether they matched. Cheap (four index counts): a till runs it now and then.
   */
  verify(): Promise<boolean> {
    let matched = true;
    const check = async () => {
      const stored = await this.store.counts();
      matched = (Object.keys(stored) as (keyof OutboxCounts)[]).every((status) => stored[status] === this.tally[status]);
      if (!matched) await this.reload();
    };
    this.work = (this.work ?? Promise.resolve()).then(check, check);
    return this.work.then(() => matched);
  }

  close() {
    this.unwatch();
    this.listeners.clear();
  }

  // ---- Outbox: writes go to the store, which reports them to `wrote` before they resolve ----

  append(sales: readonly OutboxPayload[]): Promise<number> {
    return this.store.append(sales);
  }

  settle(settlements: readonly Settlement[], at: Date): Promise<void> {
    return this.store.settle(settlements, at);
  }

  requeue(externalIds: readonly string[]): Promise<number> {
    return this.store.requeue(externalIds);
  }

  discard(externalId: string, reason: string, at: Date): Promise<void> {
    return this.store.discard(externalId, reason, at);
  }

  /** Drops synced entries past retention from the store (its `prune`); the mirror follows. */
  prune(now: Date, retentionDays = SYNCED_RETENTION_DAYS): Promise<number> {
    return this.store.prune(now, retentionDays);
  }

  /** From the store: the drain must see what another tab queued before that tab's message arrives. */
  pending(limit: number): Promise<OutboxEntry[]> {
    return this.store.pending(limit);
  }

  async counts(): Promise<OutboxCounts> {
    return { ...this.tally };
  }

  async rejected(): Promise<OutboxEntry[]> {
    return this.list.filter((entry) => entry.status === "rejected");
  }

  async all(): Promise<OutboxEntry[]> {
    return [...this.list];
  }

  async lastSyncedAt(): Promise<Date | null> {
    return this.lastSync;
  }

  // ---- keeping up ----

  /** A write of this tab, committed: patch the mirror, tell the other tabs. */
  private wrote(write: OutboxWrite) {
    const changed: EntryChange[] = [];
    const list = [...this.list];
    let appended: number[] = [];
    for (const entry of write.written) {
      if (!this.bySeq.has(entry.seq) && entry.seq > this.lastRead) appended.push(entry.seq);
      changed.push(this.upsert(list, entry));
    }
    changed.push(...this.remove(write.removed));
    if (write.lastSyncedAt) this.lastSync = write.lastSyncedAt;
    // Appended right after what this tab has seen: nothing of another tab's in between.
    appended = appended.sort((a, b) => a - b);
    if (appended.length > 0) {
      if (appended[0] === this.lastRead + 1 && appended.every((seq, index) => seq === appended[0]! + index)) this.lastRead = appended.at(-1)!;
      else {
        this.readAgain = true;
        void this.schedule();
      }
    }
    this.list = write.removed.length > 0 ? list.filter((entry) => this.bySeq.get(entry.seq) === entry) : list;
    this.emit({ reset: false, changed });
    const seqs = [...write.written.map((entry) => entry.seq), ...write.removed];
    if (seqs.length === 0) return;
    try {
      this.post({ kind: "tillsync-outbox", seqs });
    } catch (error) {
      // A closed channel (the page is going away) must not fail a write that is already stored.
      report(error);
    }
  }

  /** Runs the reads asked for, one at a time, until none is left. */
  private schedule(): Promise<void> {
    const step = async () => {
      while (this.reloadAgain || this.readAgain) {
        if (this.reloadAgain) {
          this.reloadAgain = false;
          this.readAgain = false;
          this.named.clear();
          await this.reload();
        } else {
          this.readAgain = false;
          const seqs = [...this.named];
          this.named.clear();
          await this.readChanges(seqs);
        }
      }
    };
    this.work = (this.work ?? Promise.resolve()).then(step, step);
    return this.work;
  }

  private async reload() {
    const { entries, lastSyncedAt } = await this.store.read(0);
    const list = [...entries].sort((a, b) => a.seq - b.seq);
    this.bySeq.clear();
    this.tally = emptyCounts();
    for (const entry of list) {
      this.bySeq.set(entry.seq, entry);
      this.tally[entry.status]++;
    }
    this.list = list;
    this.lastSync = lastSyncedAt;
    this.lastRead = list.at(-1)?.seq ?? 0;
    this.emit({ reset: true, changed: [] });
  }

  private async readChanges(seqs: number[]) {
    const { entries, missing, lastSyncedAt } = await this.store.read(this.lastRead, seqs);
    const changed: EntryChange[] = [];
    const list = [...this.list];
    for (const entry of entries) {
      this.lastRead = Math.max(this.lastRead, entry.seq);
      const previous = this.bySeq.get(entry.seq);
      if (previous && sameEntry(previous, entry)) continue;
      changed.push(this.upsert(list, entry));
    }
    changed.push(...this.remove(missing));
    const newSync = lastSyncedAt !== null && lastSyncedAt.getTime() !== this.lastSync?.getTime();
    if (newSync) this.lastSync = lastSyncedAt;
    if (changed.length === 0 && !newSync) return;
    this.list = missing.length > 0 ? list.filter((entry) => this.bySeq.get(entry.seq) === entry) : list;
    this.emit({ reset: false, changed });
  }

  /** Puts `entry` in `list` (a copy of this.list) and the index; keeps the counts. */
  private upsert(list: OutboxEntry[], entry: OutboxEntry): EntryChange {
    const before = this.bySeq.get(entry.seq);
    this.bySeq.set(entry.seq, entry);
    if (before) this.tally[before.status]--;
    this.tally[entry.status]++;
    if (list.length === 0 || list.at(-1)!.seq < entry.seq) list.push(entry);
    else {
      const at = lowerBound(list, entry.seq);
      if (list[at]?.seq === entry.seq) list[at] = entry;
      else list.splice(at, 0, entry);
    }
    return { before, after: entry };
  }

  /** Takes `seqs` out of the index and the counts; the caller filters the list once (a prune may drop thousands). */
  private remove(seqs: readonly number[]): EntryChange[] {
    const changed: EntryChange[] = [];
    for (const seq of seqs) {
      const before = this.bySeq.get(seq);
      if (!before) continue;
      this.bySeq.delete(seq);
      this.tally[before.status]--;
      changed.push({ before, after: undefined });
    }
    return changed;
  }

  /** A listener's failure is reported, never passed to the write that is already stored. */
  private emit(change: MirrorChange) {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        report(error);
      }
    }
  }
}

/** Reports an error as uncaught (the page's error handlers, the console) without throwing it here. */
const report = (error: unknown) =>
  queueMicrotask(() => {
    throw error;
  });

/** The same stored version of an entry (status and verdict): a read of an unchanged entry is not a change. */
const sameEntry = (a: OutboxEntry, b: OutboxEntry) =>
  a.status === b.status && a.settledAt === b.settledAt && a.saleId === b.saleId && a.eventId === b.eventId && a.discardReason === b.discardReason;
