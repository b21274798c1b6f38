// What leaves the server. Money is a string with two decimals ("3.15"), quantities and
// stock with three ("0.500"); ids are numbers.

export interface SaleItemDTO {
  productId: number;
  productName: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
}

/**
 * Who rang a sale up, as the till claimed (DESIGN.md §7), checked when it was recorded:
 * `member` of the shop, `former` member (removed since), or `unknown` (never a member of
 * this shop; recorded and flagged, its name never shown).
 */
export interface SaleCashier {
  id: string;
  name: string | null;
  status: "member" | "former" | "unknown";
}

/** The principal that sent the sale to the server. */
export type SaleDeliveredBy = { kind: "apiKey"; name: string } | { kind: "staff"; userId: string; name: string | null };

export interface SaleDTO {
  id: number;
  externalId: string;
  kind: "sale" | "reversal";
  reversesSaleId: number | null;
  reversedBySaleId: number | null;
  reason: string | null;
  total: string;
  sourceDevice: string | null;
  deviceName: string | null;
  /** The till's clock as an instant; null when none was sent or it lies outside years 0001-9999 (see clientClock). */
  clientTimestamp: Date | null;
  /** The till's clock exactly as it sent it (a Date as its ISO form); null when none was sent. */
  clientClock: string | null;
  occurredAt: Date;
  receivedAt: Date;
  /** occurredAt is receivedAt: the clock was missing, before 1970 or more than 5 minutes ahead. */
  clockAdjusted: boolean;
  /** The clock had no offset and was read as the shop's local time. */
  clockAssumedLocal: boolean;
  cashier: SaleCashier | null;
  /** Null only for sales written by tools acting without a principal. */
  deliveredBy: SaleDeliveredBy | null;
  items: SaleItemDTO[];
}

/** A rejected sale a manager discarded (DESIGN.md §7), with the payload as the till queued it. */
export interface DiscardedSaleDTO {
  id: number;
  externalId: string;
  reason: string;
  /**
   * The sale as the till queued it, as JSON text (JSON.parse it to read it). Text rather
   * than the object: a till's payload may hold any key, and superjson refuses to send an
   * object with a "constructor", "prototype" or "__proto__" key.
   */
  payload: string;
  rejection: { code: string; message: string } | null;
  discardedBy: SaleDeliveredBy | null;
  discardedAt: Date;
}

export interface ProductDTO {
  id: number;
  externalId: string | null;
  name: string;
  sku: string | null;
  isVolatile: boolean;
  unitPrice: string;
  stock: string | null;
  reorderLevel: string | null;
  archivedAt: Date | null;
}

export type MovementReason = "sale" | "restock" | "count" | "adjustment" | "reversal";

export interface StockMovementDTO {
  id: number;
  productId: number;
  delta: string;
  stockAfter: string;
  reason: MovementReason;
  saleId: number | null;
  note: string | null;
  createdAt: Date;
}

export interface LowStockAlertDTO {
  id: number;
  productId: number;
  productName: string;
  stockAtTrigger: string;
  reorderLevel: string;
  currentStock: string | null;
  saleId: number | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SyncStatus = "created" | "replayed" | "rejected";

export interface SyncResult {
  externalId: string | null;
  status: SyncStatus;
  saleId?: number;
  /** IDEMPOTENCY_KEY_REUSED: also the id of the sale stored under the key (as saleId). */
  error?: { code: string; message: string; storedSaleId?: number };
}
