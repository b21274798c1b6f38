import type { OutboxPayload } from "@tillsync/validators";

import { discardedEntry, requeuedEntry, settledEntry } from "./apply";
import type { Outbox, OutboxCounts, OutboxEntry, Settlement } from "./types";

/** An outbox that lives as long as the process: for tests and for callers that persist elsewhere. */
export class MemoryOutbox implements Outbox {
  protected readonly entries = new Map<string, OutboxEntry>();
  protected nextSeq = 1;
  protected lastSync: Date | null = null;

  async append(sales: readonly OutboxPayload[]): Promise<number> {
    const added = this.newEntries(sales, new Date());
    this.add(added);
    return added.length;
  }

  /** Entries for the sales not queued yet, without adding them (stores persist them first). */
  protected newEntries(sales: readonly OutboxPayload[], at: Date): OutboxEntry[] {
    const added = new Map<string, OutboxEntry>();
    let seq = this.nextSeq;
    for (const sale of sales) {
      if (this.entries.has(sale.externalId) || added.has(sale.externalId)) continue;
      added.set(sale.externalId, { seq: seq++, externalId: sale.externalId, sale, status: "pending", queuedAt: at.toISOString() });
    }
    return [...added.values()];
  }

  protected add(entries: readonly OutboxEntry[]) {
    for (const entry of entries) {
      this.entries.set(entry.externalId, entry);
      this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
    }
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const result: OutboxEntry[] = [];
    // Map iteration follows insertion order, which is queue order.
    for (const entry of this.entries.values()) {
      if (result.length >= limit) break;
      if (entry.status === "pending") result.push(entry);
    }
    return result;
  }

  async settle(settlements: readonly Settlement[], at: Date): Promise<void> {
    this.settleNow(settlements, at);
  }

  protected settleNow(settlements: readonly Settlement[], at: Date) {
    for (const settlement of settlements) {
      const entry = this.entries.get(settlement.externalId);
      if (entry) this.entries.set(entry.externalId, settledEntry(entry, settlement, at));
    }
    this.lastSync = at;
  }

  async requeue(externalIds: readonly string[]): Promise<number> {
    return this.requeueNow(externalIds);
  }

  /** Map.set on a key already present keeps its position, so requeued sales keep their place. */
  protected requeueNow(externalIds: readonly string[]): number {
    let requeued = 0;
    for (const externalId of new Set(externalIds)) {
      const entry = this.entries.get(externalId);
      const pending = entry && requeuedEntry(entry);
      if (!pending) continue;
      this.entries.set(externalId, pending);
      requeued++;
    }
    return requeued;
  }

  async discard(externalId: string, reason: string, at: Date): Promise<void> {
    this.discardNow(externalId, reason, at);
  }

  protected discardNow(externalId: string, reason: string, at: Date) {
    this.entries.set(externalId, discardedEntry(this.entries.get(externalId), externalId, reason, at));
  }

  /** Every entry in queue order (the CSV importer's summary, a till's drawer report). */
  async all(): Promise<OutboxEntry[]> {
    return [...this.entries.values()];
  }

  async counts(): Promise<OutboxCounts> {
    const counts = { pending: 0, synced: 0, rejected: 0, discarded: 0 };
    for (const entry of this.entries.values()) counts[entry.status]++;
    return counts;
  }

  async rejected(): Promise<OutboxEntry[]> {
    return [...this.entries.values()].filter((entry) => entry.status === "rejected");
  }

  async lastSyncedAt(): Promise<Date | null> {
    return this.lastSync;
  }
}
