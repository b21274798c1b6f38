import type { OutboxPayload } from "@tillsync/validators";
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

import { discardedEntry, requeuedEntry, settledEntry } from "./apply";
import { prunableEntries, SYNCED_RETENTION_DAYS } from "./retention";
import { OUTBOX_FORMAT, type Outbox, type OutboxCounts, type OutboxEntry, type OutboxStatus, type OutboxWrite, type Settlement } from "./types";

interface OutboxSchema extends DBSchema {
  sales: {
    key: number;
    value: OutboxEntry;
    indexes: { externalId: string; statusSeq: [OutboxStatus, number] };
  };
  meta: { key: "lastSyncedAt" | "format"; value: string | number };
}

/**
 * A queued sale must be on disk before the cashier sees "done", so writes ask for strict
 * durability (Chromium's default may acknowledge a commit before it is flushed).
 */
const durable = { durability: "strict" } as const;

/** All entries of one status, in queue order, through the compound [status, seq] index. */
const ofStatus = (status: OutboxStatus) => IDBKeyRange.bound([status, 0], [status, Infinity]);

/**
 * The browser's outbox (DESIGN.md §5): IndexedDB through idb, so queued sales survive
 * reloads and browser restarts. `seq` is the store's auto-increment key, which gives
 * queue order across tabs; every write is one transaction.
 */
export class IndexedDbOutbox implements Outbox {
  private readonly listeners = new Set<(write: OutboxWrite) => void>();

  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  /**
   * Calls `listener` after each write of this connection has committed (durably), with the
   * entries as written and the seqs deleted; writes of other connections (tabs) are not seen
   * here (OutboxMirror hears of them on a BroadcastChannel). Returns the unsubscribe function.
   */
  watch(listener: (write: OutboxWrite) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private wrote(write: OutboxWrite) {
    if (write.written.length === 0 && write.removed.length === 0 && write.lastSyncedAt === undefined) return;
    for (const listener of this.listeners) {
      try {
        listener(write);
      } catch (error) {
        // The write is stored: a listener's failure is reported, never made the write's.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /**
   * What changed since a reader last looked, in one read transaction: the entries with a seq
   * above `after` (appended since), the current version of each of `seqs` (entries changed
   * since: settled, requeued, discarded), the seqs of `seqs` that are gone (pruned), and when
   * a batch last reached the server.
   */
  async read(after: number, seqs: readonly number[] = []): Promise<{ entries: OutboxEntry[]; missing: number[]; lastSyncedAt: Date | null }> {
    const tx = this.db.transaction(["sales", "meta"], "readonly");
    const sales = tx.objectStore("sales");
    const named = seqs.filter((seq) => seq <= after);
    const [appended, current, at] = await Promise.all([
      sales.getAll(IDBKeyRange.lowerBound(after, true)),
      Promise.all(named.map((seq) => sales.get(seq))),
      tx.objectStore("meta").get("lastSyncedAt"),
    ]);
    await tx.done;
    const found = current.filter((entry): entry is OutboxEntry => entry !== undefined);
    return {
      entries: [...found, ...appended],
      missing: named.filter((_, index) => current[index] === undefined),
      lastSyncedAt: typeof at === "string" ? new Date(at) : null,
    };
  }

  /**
   * Opens (creating or migrating) the outbox database. The database version is the outbox
   * format (`OUTBOX_FORMAT`); `upgrade` runs each step from the stored version up, in the
   * version-change transaction, so an app update with sales queued keeps every one of them.
   * A database from a newer app version is refused (VersionError), never deleted.
   */
  static async open(name = "tillsync-outbox"): Promise<IndexedDbOutbox> {
    let db: IDBPDatabase<OutboxSchema>;
    try {
      db = await openDB<OutboxSchema>(name, OUTBOX_FORMAT, {
        upgrade(db, oldVersion, _newVersion, tx) {
          if (oldVersion < 1) {
            const sales = db.createObjectStore("sales", { keyPath: "seq", autoIncrement: true });
            sales.createIndex("externalId", "externalId", { unique: true });
            sales.createIndex("statusSeq", ["status", "seq"]);
            db.createObjectStore("meta");
          }
          // 1 → 2: format-1 entries are valid format-2 entries (pending / synced / rejected,
          // `replayed` unknown on synced ones); the stores and indexes stay. Only the format
          // is noted, so a later step knows what it reads. idb ignores what upgrade returns:
          // a failed put aborts the version-change transaction and openDB rejects with that,
          // so the put's own promise is only kept from being reported as unhandled.
          tx.objectStore("meta")
            .put(OUTBOX_FORMAT, "format")
            .catch(() => undefined);
        },
      });
    } catch (error) {
      if ((error as { name?: string }).name === "VersionError") {
        throw new Error(
          `This till's queued sales were stored by a newer version of Tillsync (database ${name}); reload the page to get the newer version. Nothing was deleted.`,
          { cause: error },
        );
      }
      throw error;
    }
    return new IndexedDbOutbox(db);
  }

  async append(sales: readonly OutboxPayload[]): Promise<number> {
    const tx = this.db.transaction("sales", "readwrite", durable);
    const queuedAt = new Date().toISOString();
    const added: OutboxEntry[] = [];
    for (const sale of sales) {
      if ((await tx.store.index("externalId").getKey(sale.externalId)) !== undefined) continue;
      // `seq` is left out for the store to assign (keyPath + autoIncrement).
      const entry = { externalId: sale.externalId, sale, status: "pending", queuedAt } as Omit<OutboxEntry, "seq">;
      const seq = await tx.store.add(entry as OutboxEntry);
      added.push({ seq, ...entry });
    }
    await tx.done;
    this.wrote({ written: added, removed: [] });
    return added.length;
  }

  pending(limit: number): Promise<OutboxEntry[]> {
    return this.db.getAllFromIndex("sales", "statusSeq", ofStatus("pending"), limit);
  }

  async settle(settlements: readonly Settlement[], at: Date): Promise<void> {
    const tx = this.db.transaction(["sales", "meta"], "readwrite", durable);
    const sales = tx.objectStore("sales");
    const written: OutboxEntry[] = [];
    for (const settlement of settlements) {
      const entry = await sales.index("externalId").get(settlement.externalId);
      if (!entry) continue;
      const settled = settledEntry(entry, settlement, at);
      await sales.put(settled);
      written.push(settled);
    }
    await tx.objectStore("meta").put(at.toISOString(), "lastSyncedAt");
    await tx.done;
    this.wrote({ written, removed: [], lastSyncedAt: at });
  }

  /** `seq` is the key, so a requeued sale keeps its place in queue order. */
  async requeue(externalIds: readonly string[]): Promise<number> {
    const tx = this.db.transaction("sales", "readwrite", durable);
    const requeued: OutboxEntry[] = [];
    for (const externalId of new Set(externalIds)) {
      const entry = await tx.store.index("externalId").get(externalId);
      const pending = entry && requeuedEntry(entry);
      if (!pending) continue;
      await tx.store.put(pending);
      requeued.push(pending);
    }
    await tx.done;
    this.wrote({ written: requeued, removed: [] });
    return requeued.length;
  }

  async discard(externalId: string, reason: string, at: Date): Promise<void> {
    const tx = this.db.transaction("sales", "readwrite", durable);
    const entry = await tx.store.index("externalId").get(externalId);
    let discarded: OutboxEntry;
    try {
      discarded = discardedEntry(entry, externalId, reason, at);
    } catch (error) {
      await tx.done;
      throw error;
    }
    await tx.store.put(discarded);
    await tx.done;
    this.wrote({ written: [discarded], removed: [] });
  }

  async counts(): Promise<OutboxCounts> {
    const count = (status: OutboxStatus) => this.db.countFromIndex("sales", "statusSeq", ofStatus(status));
    const [pending, synced, rejected, discarded] = await Promise.all([count("pending"), count("synced"), count("rejected"), count("discarded")]);
    return { pending, synced, rejected, discarded };
  }

  /** `seq` is the key: getAll returns queue order. */
  all(): Promise<OutboxEntry[]> {
    return this.db.getAll("sales");
  }

  rejected(): Promise<OutboxEntry[]> {
    return this.db.getAllFromIndex("sales", "statusSeq", ofStatus("rejected"));
  }

  /**
   * Drops the synced entries `prunableEntries` allows at `now` (retention.ts), in one
   * transaction, so a tab syncing meanwhile never loses a verdict. Returns how many went.
   */
  async prune(now: Date, retentionDays = SYNCED_RETENTION_DAYS): Promise<number> {
    const tx = this.db.transaction("sales", "readwrite", durable);
    const doomed = prunableEntries(await tx.store.getAll(), now, retentionDays);
    for (const entry of doomed) await tx.store.delete(entry.seq);
    await tx.done;
    this.wrote({ written: [], removed: doomed.map((entry) => entry.seq) });
    return doomed.length;
  }

  async lastSyncedAt(): Promise<Date | null> {
    const at = await this.db.get("meta", "lastSyncedAt");
    return typeof at === "string" ? new Date(at) : null;
  }

  close() {
    this.db.close();
  }
}
