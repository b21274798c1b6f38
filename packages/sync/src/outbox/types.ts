import type { OutboxPayload, SaleInputRaw } from "@tillsync/validators";

/**
 * pending → synced (recorded, by this send or an earlier one) or rejected (a per-sale
 * verdict of the server); rejected → pending (`requeue`, staff retry once the cause is
 * fixed) or discarded (`discard`, staff's decision, recorded on the server by a queued
 * `type: "discard"` entry).
 */
export type OutboxStatus = "pending" | "synced" | "rejected" | "discarded";

/** Why the server refused a sale for good (a `sale.sync` result's `error`). */
export interface Rejection {
  code: string;
  message: string;
  /** IDEMPOTENCY_KEY_REUSED: the id of the sale the server holds under this externalId. */
  storedSaleId?: number;
}

export interface OutboxEntry {
  /** Position in the queue: sales are sent in this order. */
  seq: number;
  externalId: string;
  /**
   * What was queued (the name is kept from format 1): a sale, a refund (`type: "refund"`), a
   * drawer event (`type: "drawer"`) or a discard (`type: "discard"`), DESIGN.md §8; see `payloadKind`.
   */
  sale: OutboxPayload;
  status: OutboxStatus;
  /** ISO-8601: when the sale was queued. */
  queuedAt: string;
  /** ISO-8601: when the server recorded or rejected it, or when it was discarded. */
  settledAt?: string;
  /** The server's id, once synced (a sale or a refund). */
  saleId?: number;
  /** The server's id of a synced drawer event, or of a synced discard's record. */
  eventId?: number;
  /**
   * Synced entries: true when the server already had the sale (`replayed`), false when this
   * send created it; absent on entries synced by a format-1 outbox, which did not keep it.
   */
  replayed?: boolean;
  /** Kept after a requeue too, until the next verdict replaces or clears it. */
  rejection?: Rejection;
  /** Discarded entries: the manager's reason. */
  discardReason?: string;
}

export type Settlement =
  | { externalId: string; status: "synced"; saleId?: number; eventId?: number; replayed: boolean }
  | { externalId: string; status: "rejected"; rejection: Rejection };

/** What an outbox entry carries: a sale (no `type` or `"sale"`), a refund, a drawer event or a discard. */
export type PayloadKind = "sale" | "refund" | "drawer" | "discard";

/** The kind of a queued payload (DESIGN.md §8): told apart by its `type`, as `sale.sync` does. */
export const payloadKind = (payload: OutboxPayload): PayloadKind =>
  payload.type === "refund" || payload.type === "drawer" || payload.type === "discard" ? payload.type : "sale";

/** A sale, as opposed to a refund, a drawer event or a discard (see payloadKind). */
export const isSalePayload = (payload: OutboxPayload): payload is SaleInputRaw => payloadKind(payload) === "sale";

export type OutboxCounts = Record<OutboxStatus, number>;

/**
 * One committed write of a store, as its `watch` listeners hear of it: the entries as they
 * are now stored (appended or changed), the seqs deleted (pruned), and the time of the
 * verdicts when the write recorded a sync (`settle`).
 */
export interface OutboxWrite {
  written: readonly OutboxEntry[];
  removed: readonly number[];
  lastSyncedAt?: Date;
}

/**
 * A durable queue of sales waiting for the server. A sale is written here before the
 * cashier sees "done"; the sync engine is the only reader. Entries are not deleted here:
 * synced ones keep the externalId known (so queueing it again is a no-op), rejected ones
 * stay visible to staff with their reason, discarded ones keep the sale as it was. The
 * browser's store drops synced entries after a retention of its own (retention.ts).
 *
 * Stored formats carry a version (`OUTBOX_FORMAT`) and are migrated on open, never dropped:
 * a till updated with sales pending keeps them.
 */
export interface Outbox {
  /**
   * Queues sales at the end, in the given order. A sale whose externalId is already in the
   * outbox (in any status) is skipped, so re-queueing is safe. Returns how many were added.
   */
  append(sales: readonly OutboxPayload[]): Promise<number>;
  /** The oldest pending sales, in queue order. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Records the server's verdicts for pending sales, all at once. */
  settle(settlements: readonly Settlement[], at: Date): Promise<void>;
  /**
   * Rejected → pending, each keeping its place in queue order (a requeued sale goes out
   * before sales queued after it). Ids that are not rejected are skipped. Returns how many
   * were requeued.
   */
  requeue(externalIds: readonly string[]): Promise<number>;
  /** Rejected → discarded with `reason`; throws if the sale is not rejected. */
  discard(externalId: string, reason: string, at: Date): Promise<void>;
  counts(): Promise<OutboxCounts>;
  /** Rejected sales, in queue order, with their reasons. */
  rejected(): Promise<OutboxEntry[]>;
  /**
   * Every entry in any status, in queue order: what a till reports from its own queue (its
   * drawer session's X/Z figures, the sales it can refund; DESIGN.md §8).
   */
  all(): Promise<OutboxEntry[]>;
  /** When a batch last reached the server (null if never). */
  lastSyncedAt(): Promise<Date | null>;
}

/**
 * The stored format's version, for every store. 1: entries with pending / synced /
 * rejected. 2: adds `discarded`, `replayed` on synced entries and `storedSaleId` on
 * rejections; a format-1 entry is a valid format-2 entry (its `replayed` unknown). Refund and
 * drawer entries (`sale.type`, with `eventId` once a drawer event synced) are format 2 too:
 * optional fields an older reader ignores.
 */
export const OUTBOX_FORMAT = 2;
