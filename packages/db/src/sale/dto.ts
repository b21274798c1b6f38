import { formatReceiptNumber, type ReceiptFlag, type SaleDeliveredBy, type SaleDTO, type TenderDTO } from "@tillsync/validators";

import { Prisma, type PrismaClient, type Tx } from "../db";
import { sqlRunner } from "../sql";

/** A sale already stored under an idempotency key, with what is needed to answer a replay. */
export interface StoredSale {
  sale: SaleDTO;
  fingerprint: string;
  fingerprintVersion: number;
}

export interface StoredRow {
  id: string;
  external_id: string;
  fingerprint: string;
  fingerprint_version: number;
  kind: "sale" | "reversal" | "refund";
  reverses_sale_id: string | null;
  reversed_by: string | null;
  reason: string | null;
  total: string;
  source_device: string | null;
  device_name: string | null;
  user_id: string | null;
  user_name: string | null;
  cashier_id: string | null;
  cashier_status: "member" | "former" | "unknown" | null;
  cashier_name: string | null;
  client_timestamp: Date | string | null;
  client_clock: string | null;
  clock_assumed_local: boolean;
  occurred_at: Date | string;
  received_at: Date | string;
  clock_adjusted: boolean;
  items: { productId: number; productName: string; quantity: string; unitPrice: string; lineTotal: string }[];
  tenders: TenderDTO[] | null;
  rounding: string;
  tender_mismatch: boolean;
  cash_without_drawer: boolean;
  till_id: number | null;
  drawer_session_id: string | null;
  refunds_sale_id: string | null;
  over_refund: boolean;
  needs_review: boolean;
  receipt_series: string | null;
  receipt_counter: number | null;
  receipt_flag: ReceiptFlag;
}

/**
 * A sale's receipt flag (DESIGN.md §9), computed when it is read rather than stored when it
 * arrived: tills sync out of order (offline for days, a rejected sale requeued), so a gap may
 * close later, and two sales written at once under one number cannot see each other. `row` is
 * the sale (`id`, `shop_id`, `receipt_series`, `receipt_counter`); `also` a relation of sales being
 * written by the same statement (write.ts; with shop_id, id and the receipt columns), which the statement's own snapshot of `sale`
 * cannot see yet. `duplicate`: another sale of the shop has the number; else `gap`: the
 * number before it (counter − 1, from 2 on) is missing in its series. Key lookups on
 * sale_receipt_idx.
 */
export function receiptFlagSql(row: Prisma.Sql, also?: Prisma.Sql): Prisma.Sql {
  // The row's own shop_id rather than a parameter: the stored-sale read keeps its parameters.
  const other = (from: Prisma.Sql, counter: Prisma.Sql, notSelf: boolean) => Prisma.sql`
    EXISTS (SELECT FROM ${from} o WHERE o.shop_id = ${row}.shop_id AND o.receipt_series = ${row}.receipt_series AND o.receipt_counter = ${counter}
                                        ${notSelf ? Prisma.sql`AND o.id <> ${row}.id` : Prisma.empty})`;
  const anywhere = (counter: Prisma.Sql, notSelf: boolean) =>
    also ? Prisma.sql`(${other(Prisma.sql`sale`, counter, notSelf)} OR ${other(also, counter, notSelf)})` : other(Prisma.sql`sale`, counter, notSelf);
  return Prisma.sql`
    CASE WHEN ${row}.receipt_series IS NULL THEN NULL
         WHEN ${anywhere(Prisma.sql`${row}.receipt_counter`, true)} THEN 'duplicate'
         WHEN ${row}.receipt_counter > 1 AND NOT ${anywhere(Prisma.sql`${row}.receipt_counter - 1`, false)} THEN 'gap' END`;
}

/**
 * SQL: whether the sale `row` (aliased) took or gave back cash with no drawer session of its till
 * (DESIGN.md §8): flagged when written (sale/write.ts, refund/record.ts) and still no event of
 * the session it names on its till. A batch's sales are written before its drawer events (a
 * session opened offline arrives with its sales), so the flag clears once they arrive. A key
 * lookup on drawer_event (shop_id, session_id), for flagged rows only.
 */
export const cashWithoutDrawerSql = (row: Prisma.Sql) =>
  Prisma.sql`(${row}.cash_without_drawer AND NOT EXISTS (SELECT FROM drawer_event e WHERE e.shop_id = ${row}.shop_id AND e.session_id = ${row}.drawer_session_id AND e.till_id = ${row}.till_id))`;

/**
 * The sales of a shop matching `where` (on `s`), as StoredRow: the one read every sale DTO
 * comes from (replays, byId, list). The device's, staff members' and products' names are
 * looked up by primary key for each row, not joined: a join's plan follows the statistics,
 * and a prepared plan made while the tables were young (or never analysed) hash-joined
 * every product of the shop for each replay (docs/benchmarks.md). A cashier the shop never
 * had is shown by id only: the name of another shop's user is not this shop's to see.
 */
export const storedSales = (shopId: number, where: Prisma.Sql) => Prisma.sql`
    SELECT s.id::text AS id, s.external_id::text AS external_id, s.fingerprint, s.fingerprint_version::int AS fingerprint_version,
           s.kind::text AS kind, s.reverses_sale_id::text AS reverses_sale_id,
           (SELECT r.id::text FROM sale r WHERE r.reverses_sale_id = s.id) AS reversed_by,
           s.reason, s.total::text AS total, s.source_device, (SELECT k.name FROM api_key k WHERE k.id = s.api_key_id) AS device_name,
           s.user_id, (SELECT u.name FROM "user" u WHERE u.id = s.user_id) AS user_name,
           s.cashier_id, s.cashier_status::text AS cashier_status,
           CASE WHEN s.cashier_status <> 'unknown' THEN (SELECT u.name FROM "user" u WHERE u.id = s.cashier_id) END AS cashier_name,
           s.client_timestamp, s.client_clock, s.clock_assumed_local, s.occurred_at, s.received_at, s.clock_adjusted,
           (SELECT json_agg(json_build_object('productId', i.product_id, 'productName', (SELECT p.name FROM product p WHERE p.id = i.product_id),
                                              'quantity', i.quantity::text, 'unitPrice', i.unit_price::text, 'lineTotal', i.line_total::text)
                            ORDER BY i.line_no)
            FROM sale_item i WHERE i.sale_id = s.id) AS items,
           (SELECT json_agg(json_build_object('method', t.method, 'label', t.label, 'amount', t.amount::text, 'tendered', t.tendered::text,
                                              'change', t.change::text, 'reference', t.reference) ORDER BY t.line_no)
            FROM sale_tender t WHERE t.sale_id = s.id) AS tenders,
           s.rounding::text AS rounding, s.tender_mismatch, ${cashWithoutDrawerSql(Prisma.sql`s`)} AS cash_without_drawer, s.till_id, s.drawer_session_id::text AS drawer_session_id,
           s.refunds_sale_id::text AS refunds_sale_id, s.over_refund, s.needs_review,
           s.receipt_series, s.receipt_counter, ${receiptFlagSql(Prisma.sql`s`)} AS receipt_flag
    FROM sale s
    WHERE s.shop_id = ${shopId} AND ${where}`;

/** Who delivered a sale: its API key, else its staff session's user. */
export function deliveredBy(deviceName: string | null, userId: string | null, userName: string | null): SaleDeliveredBy | null {
  if (deviceName !== null) return { kind: "apiKey", name: deviceName };
  return userId !== null ? { kind: "staff", userId, name: userName } : null;
}

/**
 * The one sale DTO mapper: a stored row as read by pg (dates as Date), from JSON (dates as
 * strings), or as just written (sale/write.ts finishWrite builds the same row from its plan
 * and the statement's answer). Amounts and quantities are the text of their DECIMAL(12,2)
 * and DECIMAL(14,3) columns, which always carries exactly the column's scale ("3.10",
 * "0.500"): already the DTO's format.
 */
export function toSaleDTO(row: StoredRow): SaleDTO {
  const date = (value: Date | string) => (value instanceof Date ? value : new Date(value));
  return {
    id: Number(row.id),
    externalId: row.external_id,
    kind: row.kind,
    reversesSaleId: row.reverses_sale_id === null ? null : Number(row.reverses_sale_id),
    reversedBySaleId: row.reversed_by === null ? null : Number(row.reversed_by),
    reason: row.reason,
    total: row.total,
    sourceDevice: row.source_device,
    deviceName: row.device_name,
    clientTimestamp: row.client_timestamp === null ? null : date(row.client_timestamp),
    clientClock: row.client_clock,
    occurredAt: date(row.occurred_at),
    receivedAt: date(row.received_at),
    clockAdjusted: row.clock_adjusted,
    clockAssumedLocal: row.clock_assumed_local,
    cashier: row.cashier_id === null ? null : { id: row.cashier_id, name: row.cashier_name, status: row.cashier_status ?? "unknown" },
    deliveredBy: deliveredBy(row.device_name, row.user_id, row.user_name),
    items: (row.items ?? []).map((item) => ({
      productId: item.productId,
      productName: item.productName,
      quantity: item.quantity,
      unitPrice: item.unitPrice,
      lineTotal: item.lineTotal,
    })),
    tenders: row.tenders ?? [],
    rounding: row.rounding,
    tenderMismatch: row.tender_mismatch,
    cashWithoutDrawer: row.cash_without_drawer,
    tillId: row.till_id,
    drawerSessionId: row.drawer_session_id,
    refundsSaleId: row.refunds_sale_id === null ? null : Number(row.refunds_sale_id),
    overRefund: row.over_refund,
    needsReview: row.needs_review,
    receiptNumber: row.receipt_series === null || row.receipt_counter === null ? null : formatReceiptNumber(row.receipt_series, row.receipt_counter),
    receiptFlag: row.receipt_flag,
  };
}

/** A stored row with what a replay compares (DESIGN.md §3.2). */
export const toStored = (row: StoredRow): StoredSale => ({
  sale: toSaleDTO(row),
  fingerprint: row.fingerprint,
  fingerprintVersion: Number(row.fingerprint_version),
});

/** These sales of the shop, as DTOs in the order of `ids` (missing ones left out). */
export async function loadSales(db: PrismaClient | Tx, shopId: number, ids: bigint[]): Promise<SaleDTO[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<StoredRow[]>(storedSales(shopId, Prisma.sql`s.id = ANY(${ids.map(String)}::bigint[])`));
  const byId = new Map(rows.map((row) => [row.id, toSaleDTO(row)]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}

export async function loadSale(db: PrismaClient | Tx, shopId: number, id: bigint): Promise<SaleDTO | null> {
  return (await loadSales(db, shopId, [id]))[0] ?? null;
}

/**
 * The shop's sales stored under these externalIds, each as its full DTO, in one round trip
 * (sale.sync answers the sales a till re-sends from this one read; reversals answer their
 * replays from it). The list is planned per call: a generic plan cannot see how few ids the
 * array holds, and on a young sale table it walked every sale of the shop.
 */
export async function findRecorded(prisma: PrismaClient, shopId: number, externalIds: string[]): Promise<Map<string, StoredSale>> {
  const rows = await sqlRunner(prisma)<StoredRow>(storedSales(shopId, Prisma.sql`s.external_id = ANY(${externalIds}::uuid[])`));
  return new Map(rows.map((row) => [row.external_id, toStored(row)]));
}
