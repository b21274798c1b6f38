import type { DrawerActivity, DrawerReport } from "./drawer-report";
import type { PaperWidth, ReceiptFlag } from "./receipt";

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

/** A tender as recorded (DESIGN.md §8); see settleTenders in tender.ts. */
export interface TenderDTO {
  method: "cash" | "card" | "other";
  label: string | null;
  amount: string;
  tendered: string | null;
  change: string;
  reference: string | null;
}

export interface SaleDTO {
  id: number;
  externalId: string;
  /** `refund`: a partial refund (DESIGN.md §8), negative quantities and total; `reversal`: a whole sale reversed. */
  kind: "sale" | "reversal" | "refund";
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
  /** How it was paid (refunds: how the money went back); empty for sales recorded without tenders. */
  tenders: TenderDTO[];
  /** Cash rounding the server applied ("0.00" when none); the customer owed total + rounding. */
  rounding: string;
  /** The tenders did not add up (or cash handed over was short): recorded and flagged (DESIGN.md §8). */
  tenderMismatch: boolean;
  /**
   * Cash changed hands (validators movesCash) with no drawer session of the sale's till: no
   * drawerSessionId, no till, or a session of which the server holds no event on this till. No
   * cash-up or Z report of its till counts the money: recorded and flagged for a manager (DESIGN.md §8).
   * Clears when the session's events arrive after the sale (a batch writes sales first).
   */
  cashWithoutDrawer: boolean;
  tillId: number | null;
  drawerSessionId: string | null;
  /** For a refund: the sale it refunds. */
  refundsSaleId: number | null;
  /** A refund beyond what was sold (less what earlier refunds took back): recorded and flagged for a manager. */
  overRefund: boolean;
  /** A manager-only action (refund, large pay-out) done with no manager signed in at the till: flagged for review. */
  needsReview: boolean;
  /** The receipt number the till gave it ("A-14", DESIGN.md §9); null for sales sent without one. */
  receiptNumber: string | null;
  /** Another sale of the shop has the same receipt number, or the one before it has not arrived (receipt.ts ReceiptFlag). */
  receiptFlag: ReceiptFlag;
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
  /** Who was at the till when it was discarded, as the till claimed (DESIGN.md §7), or null. */
  cashier: SaleCashier | null;
  /** Discarded without a manager at the till: a manager should look at it (DESIGN.md §8). */
  needsReview: boolean;
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

export type MovementReason = "sale" | "restock" | "count" | "adjustment" | "reversal" | "refund";

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

/** A register of the shop (DESIGN.md §8). */
export interface TillDTO {
  id: number;
  name: string;
  series: string;
  /** The device API key bound to this till, if any. */
  apiKeyId: number | null;
  /** Whether a browser holds the till now, and since when. */
  claimedAt: Date | null;
  archivedAt: Date | null;
  /** Print a receipt after each Charge (DESIGN.md §9). */
  printReceipt: boolean;
  /** The receipt roll's width in mm. */
  paperWidth: PaperWidth;
}

/** What a browser gets when it claims a till: the till and where its counters stand on the server. */
export interface TillClaimDTO {
  till: TillDTO;
  /** Highest Z report number the server has seen for this till (0: none); the till continues from it. */
  lastZNumber: number;
  /**
   * Highest receipt counter the server has seen in the till's series (0: none); a till whose
   * storage was wiped numbers its next receipt from it (DESIGN.md §9).
   */
  lastReceiptCounter: number;
  /** The session the server saw opened and not closed on this till, if any. */
  openSessionId: string | null;
  /**
   * That session as the server recorded it so far (null when none is open): a till whose
   * storage was wiped adopts it instead of asking for a new float (DESIGN.md §8).
   */
  openSession: OpenDrawerSessionDTO | null;
  /** True when another browser held the till and has now lost it. */
  tookOver: boolean;
}

/**
 * A drawer session open on a till, as the server recorded it when the till was claimed
 * (DESIGN.md §8). `activity` (counted null) is what its X and Z reports start from on a till
 * that lost its own queue; `externalIds` are the drawer events, sales and refunds counted in
 * it, which the till does not count again when it still holds them.
 */
export interface OpenDrawerSessionDTO {
  sessionId: string;
  openedAt: Date;
  activity: DrawerActivity;
  externalIds: string[];
}

export interface DrawerEventDTO {
  id: number;
  externalId: string;
  tillId: number;
  sessionId: string;
  kind: "open" | "payIn" | "payOut" | "close";
  amount: string | null;
  reason: string | null;
  counted: { method: "cash" | "card" | "other"; label: string | null; amount: string }[] | null;
  zNumber: number | null;
  occurredAt: Date;
  receivedAt: Date;
  cashier: SaleCashier | null;
  needsReview: boolean;
  /** Recorded after its session's Z report: shown as an amendment to it, never folded in. */
  late: boolean;
}

/** An X report (session open) or a Z report (closed), per DESIGN.md §8; the figures are drawerReport's. */
export interface DrawerSessionReportDTO {
  tillId: number;
  tillName: string;
  sessionId: string;
  /** "X" while the session is open, "Z" once closed. */
  type: "X" | "Z";
  zNumber: number | null;
  /** Another Z report of this till has the same number, or numbers were skipped before it: flagged for staff. */
  zNumberFlag: "duplicate" | "gap" | null;
  openedAt: Date | null;
  closedAt: Date | null;
  saleCount: number;
  refundCount: number;
  salesTotal: string;
  refundsTotal: string;
  report: DrawerReport;
  events: DrawerEventDTO[];
  /** Events and sales of this session recorded after the Z report, and the report as it stands with them. */
  amendment: { events: DrawerEventDTO[]; saleIds: number[]; report: DrawerReport } | null;
}

/**
 * How current a report's answer is (DESIGN.md §10, docs/scaling.md "Reads from a standby"): where
 * it was read, the instant its data is complete up to, how many seconds that is behind the
 * primary (0 when caught up), and whether that is beyond READ_REPLICA_MAX_LAG_SECONDS, when the
 * report pages say "Data as of …".
 */
export interface Freshness {
  /** "standby": read on a streaming standby (DATABASE_READ_URL); "primary": on the database that takes the writes. */
  source: "primary" | "standby";
  /** Everything committed before this instant is in the answer (a lower bound while the standby lags). */
  dataAsOf: Date;
  /** Seconds the data is behind the primary, ≥ 0. */
  lagSeconds: number;
  /** lagSeconds is beyond the configured bound: show staff how old the data is. */
  stale: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SyncStatus = "created" | "replayed" | "rejected";

export interface SyncResult {
  externalId: string | null;
  status: SyncStatus;
  /** The stored sale (for a sale or a refund). */
  saleId?: number;
  /** The stored drawer event (for a drawer event). */
  eventId?: number;
  /**
   * The discard record (for a discard). A discard answered with `saleId` and no `discardId`
   * found the sale recorded after all (SALE_ALREADY_RECORDED): nothing was discarded.
   */
  discardId?: number;
  /** IDEMPOTENCY_KEY_REUSED: also the id of the sale stored under the key (as saleId). */
  error?: { code: string; message: string; storedSaleId?: number; storedEventId?: number };
}
