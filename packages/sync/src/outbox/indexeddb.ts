import type { SaleInputRaw } from "@tillsync/validators";
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

import { settledEntry } from "./apply";
import type { Outbox, OutboxCounts, OutboxEntry, OutboxStatus, Settlement } from "./types";

interface OutboxSchema extends DBSchema {
  sales: {
    key: number;
    value: OutboxEntry;
    indexes: { externalId: string; statusSeq: [OutboxStatus, number] };
  };
  meta: { key: "lastSyncedAt"; value: string };
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
  private constructor(private readonly db: IDBPDatabase<OutboxSchema>) {}

  static async open(name = "tillsync-outbox"): Promise<IndexedDbOutbox> {
    const db = await openDB<OutboxSchema>(name, 1, {
      upgrade(db) {
        const sales = db.createObjectStore("sales", { keyPath: "seq", autoIncrement: true });
        sales.createIndex("externalId", "externalId", { unique: true });
        sales.createIndex("statusSeq", ["status", "seq"]);
        db.createObjectStore("meta");
      },
    });
    return new IndexedDbOutbox(db);
  }

  async append(sales: readonly SaleInputRaw[]): Promise<number> {
    const tx = this.db.transaction("sales", "readwrite", durable);
    const queuedAt = new Date().toISOString();
    let added = 0;
    for (const sale of sales) {
      if ((await tx.store.index("externalId").getKey(sale.externalId)) !== undefined) continue;
      // `seq` is left out for the store to assign (keyPath + autoIncrement).
      const entry = { externalId: sale.externalId, sale, status: "pending", queuedAt } as Omit<OutboxEntry, "seq">;
      await tx.store.add(entry as OutboxEntry);
      added++;
    }
    await tx.done;
    return added;
  }

  pending(limit: number): Promise<OutboxEntry[]> {
    return this.db.getAllFromIndex("sales", "statusSeq", ofStatus("pending"), limit);
  }

  async settle(settlements: readonly Settlement[], at: Date): Promise<void> {
    const tx = this.db.transaction(["sales", "meta"], "readwrite", durable);
    const sales = tx.objectStore("sales");
    for (const settlement of settlements) {
      const entry = await sales.index("externalId").get(settlement.externalId);
      if (entry) await sales.put(settledEntry(entry, settlement, at));
    }
    await tx.objectStore("meta").put(at.toISOString(), "lastSyncedAt");
    await tx.done;
  }

  async counts(): Promise<OutboxCounts> {
    const count = (status: OutboxStatus) => this.db.countFromIndex("sales", "statusSeq", ofStatus(status));
    const [pending, synced, rejected] = await Promise.all([count("pending"), count("synced"), count("rejected")]);
    return { pending, synced, rejected };
  }

  rejected(): Promise<OutboxEntry[]> {
    return this.db.getAllFromIndex("sales", "statusSeq", ofStatus("rejected"));
  }

  async lastSyncedAt(): Promise<Date | null> {
    const at = await this.db.get("meta", "lastSyncedAt");
    return at ? new Date(at) : null;
  }

  close() {
    this.db.close();
  }
}
