import type { SaleInputRaw } from "@tillsync/validators";

export type OutboxStatus = "pending" | "synced" | "rejected";

/** Why the server refused a sale for good (`sale.sync` result or HTTP 400/404/422). */
export interface Rejection {
  code: string;
  message: string;
}

export interface OutboxEntry {
  /** Position in the queue: sales are sent in this order. */
  seq: number;
  externalId: string;
  sale: SaleInputRaw;
  status: OutboxStatus;
  /** ISO-8601: when the sale was queued. */
  queuedAt: string;
  /** ISO-8601: when the server recorded or rejected it. */
  settledAt?: string;
  /** The server's id, once synced. */
  saleId?: number;
  rejection?: Rejection;
}

export type Settlement =
  | { externalId: string; status: "synced"; saleId?: number }
  | { externalId: string; status: "rejected"; rejection: Rejection };

export interface OutboxCounts {
  pending: number;
  synced: number;
  rejected: number;
}

/**
 * A durable queue of sales waiting for the server. A sale is written here before the
 * cashier sees "done"; the sync engine is the only reader. Entries are never deleted:
 * synced ones keep the externalId known (so queueing it again is a no-op) and rejected
 * ones stay visible to staff with their reason.
 */
export interface Outbox {
  /**
   * Queues sales at the end, in the given order. A sale whose externalId is already in the
   * outbox (in any status) is skipped, so re-queueing is safe. Returns how many were added.
   */
  append(sales: readonly SaleInputRaw[]): Promise<number>;
  /** The oldest pending sales, in queue order. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Records the server's verdicts for pending sales, all at once. */
  settle(settlements: readonly Settlement[], at: Date): Promise<void>;
  counts(): Promise<OutboxCounts>;
  /** Rejected sales, in queue order, with their reasons. */
  rejected(): Promise<OutboxEntry[]>;
  /** When a batch last reached the server (null if never). */
  lastSyncedAt(): Promise<Date | null>;
}
