import type { SaleDTO, SaleInput } from "@tillsync/validators";

import { Prisma, TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { DomainError } from "../errors";
import { sqlRunner } from "../sql";
import { readProducts, readProductsJson, toLocked, type LockedProduct, type ProductRow } from "../stock/apply";
import { saleFingerprint } from "./fingerprint";
import { AlreadyRecorded, finishWrite, planSales, writeSales, writeStatement, type WriteResult } from "./write";

export interface RecordedSale {
  sale: SaleDTO;
  replayed: boolean;
}

/**
 * Records a sale exactly once (DESIGN.md §3): one transaction writes the sale, its items,
 * the stock deductions with their ledger rows, low-stock alerts, inline products and
 * volatile price suggestions, or nothing at all. The answer is built from what was just
 * written; a replay costs one read.
 */
export async function recordSale(prisma: PrismaClient, actor: Actor, input: SaleInput): Promise<RecordedSale> {
  const fingerprint = saleFingerprint(input);
  const productIds = input.items.every((item) => item.productId !== undefined) ? input.items.map((item) => item.productId!) : null;
  // One read answers a replay and, for a new sale, brings the products it names. A sale
  // stored after it is caught by the write itself.
  const { stored, products } = await readForSale(prisma, actor.shopId, input.externalId, productIds ?? []);
  if (stored) return replay(stored, fingerprint);
  try {
    const fast = productIds ? await recordWithoutWaiting(prisma, actor, input, fingerprint, productIds, products) : undefined;
    if (fast) return fast;
    const sale = await prisma.$transaction(async (tx) => {
      const [outcome] = await writeSales(tx, actor, [{ input, fingerprint }]);
      // Thrown inside, so that the inline products this sale created are rolled back too.
      if ("error" in outcome!) throw outcome.error;
      return outcome!.sale;
    }, TX_OPTIONS);
    return { sale, replayed: false };
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
    // A concurrent request with the same externalId committed first.
    const winner = (await findRecorded(prisma, actor.shopId, [input.externalId])).get(input.externalId)!;
    return replay(winner, fingerprint);
  }
}

/** Tries before the sale falls back to an interactive transaction (hot products under contention). */
const OPTIMISTIC_ATTEMPTS = 2;

/**
 * The common case (no inline products) without a transaction of our own, which costs more
 * than the statements in it (docs/benchmarks.md): the sale is planned from the products as
 * read, then one statement locks them in ascending id order and writes the plan only if
 * they are still exactly as read (see writeStatement). When a concurrent sale changed one
 * of them in between, nothing is written, and the products are read again and the sale
 * planned again. Undefined when it kept losing that race; the caller then locks first and
 * plans after.
 */
async function recordWithoutWaiting(
  prisma: PrismaClient,
  actor: Actor,
  input: SaleInput,
  fingerprint: string,
  productIds: number[],
  read: Map<number, LockedProduct>,
): Promise<RecordedSale | undefined> {
  let products = read;
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    if (attempt > 0) products = await readProducts(prisma, actor.shopId, productIds);
    const plan = planSales([{ input, fingerprint }], [productIds], products);
    const refused = plan.outcomes[0];
    if (refused && "error" in refused) throw refused.error;
    const [result] = await sqlRunner(prisma)<WriteResult>(writeStatement(actor, plan, products), "tillsync_write_checked");
    if (!result!.ok) continue;
    const [outcome] = finishWrite(plan, result!);
    return { sale: (outcome as { sale: SaleDTO }).sale, replayed: false };
  }
  return undefined;
}

/** A sale already stored under an idempotency key, with what is needed to answer a replay. */
export interface StoredSale {
  sale: SaleDTO;
  fingerprint: string;
}

/** The stored answer for this key, or IDEMPOTENCY_KEY_REUSED when the payload differs. */
export function replay(stored: StoredSale, fingerprint: string): RecordedSale {
  if (stored.sale.kind !== "sale" || stored.fingerprint !== fingerprint) {
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      "IDEMPOTENCY_KEY_REUSED",
      `externalId ${stored.sale.externalId} was already used for a different sale; use a new externalId for a new sale.`,
    );
  }
  return { sale: stored.sale, replayed: true };
}

interface StoredRow {
  id: string;
  external_id: string;
  fingerprint: string;
  kind: "sale" | "reversal";
  reverses_sale_id: string | null;
  reversed_by: string | null;
  reason: string | null;
  total: string;
  source_device: string | null;
  device_name: string | null;
  client_timestamp: Date | string | null;
  occurred_at: Date | string;
  received_at: Date | string;
  clock_adjusted: boolean;
  items: { productId: number; productName: string; quantity: string; unitPrice: string; lineTotal: string }[];
}

/**
 * The sales of a shop matching `where` (on `s`), as StoredRow. The device's and products'
 * names are looked up by primary key for each row, not joined: a join's plan follows the
 * statistics, and a prepared plan made while the tables were young (or never analysed)
 * hash-joined every product of the shop for each replay (docs/benchmarks.md).
 */
const storedSales = (shopId: number, where: Prisma.Sql) => Prisma.sql`
    SELECT s.id::text AS id, s.external_id::text AS external_id, s.fingerprint, s.kind::text AS kind, s.reverses_sale_id::text AS reverses_sale_id,
           (SELECT r.id::text FROM sale r WHERE r.reverses_sale_id = s.id) AS reversed_by,
           s.reason, s.total::text AS total, s.source_device, (SELECT k.name FROM api_key k WHERE k.id = s.api_key_id) AS device_name,
           s.client_timestamp, s.occurred_at, s.received_at, s.clock_adjusted,
           (SELECT json_agg(json_build_object('productId', i.product_id, 'productName', (SELECT p.name FROM product p WHERE p.id = i.product_id),
                                              'quantity', i.quantity::text, 'unitPrice', i.unit_price::text, 'lineTotal', i.line_total::text)
                            ORDER BY i.line_no)
            FROM sale_item i WHERE i.sale_id = s.id) AS items
    FROM sale s
    WHERE s.shop_id = ${shopId} AND ${where}`;

/**
 * In one round trip, the sale stored under this externalId (if any) and the shop's
 * products with these ids: what sale.create needs before it can either answer a replay or
 * plan a new sale. One id is an equality on the unique (shop_id, external_id) key, whose
 * prepared plan is that index whatever the statistics say.
 */
async function readForSale(prisma: PrismaClient, shopId: number, externalId: string, productIds: number[]) {
  const [row] = await sqlRunner(prisma)<{ recorded: StoredRow | null; products: ProductRow[] | null }>(
    readForSaleStatement(shopId, externalId, productIds),
    "tillsync_read_for_sale",
  );
  return { stored: row!.recorded ? toStored(row!.recorded) : undefined, products: toLocked(row!.products ?? []) };
}

/** readForSale's statement (exported for the test of its plan). */
export const readForSaleStatement = (shopId: number, externalId: string, productIds: number[]) =>
  // The products are read only when no sale is stored (a subquery in CASE runs only if reached).
  Prisma.sql`
    WITH recorded AS (SELECT row_to_json(r) AS sale FROM (${storedSales(shopId, Prisma.sql`s.external_id = ${externalId}::uuid`)}) r)
    SELECT (SELECT sale FROM recorded) AS recorded,
           CASE WHEN NOT EXISTS (SELECT FROM recorded) THEN (${readProductsJson(shopId, productIds)}) END AS products`;

/**
 * The shop's sales stored under these externalIds, each as its full DTO, in one round trip
 * (sale.sync answers the sales a till re-sends from this one read). The list is planned per
 * call: a generic plan cannot see how few ids the array holds, and on a young sale table it
 * walked every sale of the shop.
 */
export async function findRecorded(prisma: PrismaClient, shopId: number, externalIds: string[]): Promise<Map<string, StoredSale>> {
  const rows = await sqlRunner(prisma)<StoredRow>(storedSales(shopId, Prisma.sql`s.external_id = ANY(${externalIds}::uuid[])`));
  return new Map(rows.map((row) => [row.external_id, toStored(row)]));
}

/**
 * A stored row as read by pg (dates as Date) or from JSON (dates as strings). Amounts and
 * quantities arrive as the text of their DECIMAL(12,2) and DECIMAL(14,3) columns, which
 * always carries exactly the column's scale ("3.10", "0.500"): already the DTO's format.
 */
function toStored(row: StoredRow): StoredSale {
  const date = (value: Date | string) => new Date(value);
  return {
    fingerprint: row.fingerprint,
    sale: {
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
      occurredAt: date(row.occurred_at),
      receivedAt: date(row.received_at),
      clockAdjusted: row.clock_adjusted,
      items: (row.items ?? []).map((item) => ({
        productId: item.productId,
        productName: item.productName,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
        lineTotal: item.lineTotal,
      })),
    },
  };
}
