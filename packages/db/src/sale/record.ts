import type { CashRoundingIncrement, SaleDTO, SaleInput } from "@tillsync/validators";

import { Prisma, TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { DomainError } from "../errors";
import { sqlRunner } from "../sql";
import { readProducts, readProductsJson, toLocked, type LockedProduct, type ProductRow } from "../stock/apply";
import { findRecorded, storedSales, toStored, type StoredRow, type StoredSale } from "./dto";
import { saleFingerprint } from "./fingerprint";
import { pendingSales, type PendingSale } from "./pending";
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
  const [pending] = await pendingSales(prisma, actor, [input]);
  return recordPending(prisma, actor, pending!);
}

/** recordSale of a sale whose clock is already read. */
export async function recordPending(prisma: PrismaClient, actor: Actor, pending: PendingSale): Promise<RecordedSale> {
  const { input } = pending;
  const productIds = input.items.every((item) => item.productId !== undefined) ? input.items.map((item) => item.productId!) : null;
  // One read answers a replay and, for a new sale, brings the products it names. A sale
  // stored after it is caught by the write itself.
  const { stored, products, cashRounding } = await readForSale(prisma, actor.shopId, input.externalId, productIds ?? []);
  if (stored) return replay(stored, pending);
  try {
    const fast = productIds ? await recordWithoutWaiting(prisma, actor, pending, productIds, products, cashRounding) : undefined;
    if (fast) return fast;
    const sale = await prisma.$transaction(async (tx) => {
      const [outcome] = await writeSales(tx, actor, [pending]);
      // Thrown inside, so that the inline products this sale created are rolled back too.
      if ("error" in outcome!) throw outcome.error;
      return outcome!.sale;
    }, TX_OPTIONS);
    return { sale, replayed: false };
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
    // A concurrent request with the same externalId committed first.
    const winner = (await findRecorded(prisma, actor.shopId, [input.externalId])).get(input.externalId)!;
    return replay(winner, pending);
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
  pending: PendingSale,
  productIds: number[],
  read: Map<number, LockedProduct>,
  cashRounding: CashRoundingIncrement | null,
): Promise<RecordedSale | undefined> {
  let products = read;
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    if (attempt > 0) products = await readProducts(prisma, actor.shopId, productIds);
    const plan = planSales([pending], [productIds], products, undefined, undefined, cashRounding);
    const refused = plan.outcomes[0];
    if (refused && "error" in refused) throw refused.error;
    const [result] = await sqlRunner(prisma)<WriteResult>(writeStatement(actor, plan, products), "tillsync_write_checked");
    if (!result!.ok) continue;
    const [outcome] = finishWrite(actor, plan, result!);
    return { sale: (outcome as { sale: SaleDTO }).sale, replayed: false };
  }
  return undefined;
}

/**
 * The stored answer for this key, or IDEMPOTENCY_KEY_REUSED (naming the stored sale) when
 * the payload differs. The stored sale is compared under the fingerprint definition it was
 * stored with (DESIGN.md §3.2).
 */
export function replay(stored: StoredSale, pending: PendingSale): RecordedSale {
  const charged = stored.sale.items.map((item) => item.unitPrice);
  const fingerprint = saleFingerprint(pending.input, pending.clock?.at ?? null, charged, stored.fingerprintVersion);
  if (stored.sale.kind !== "sale" || stored.fingerprint !== fingerprint) {
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      "IDEMPOTENCY_KEY_REUSED",
      `externalId ${stored.sale.externalId} was already used for a different sale (sale ${stored.sale.id}); use a new externalId for a new sale.`,
      { storedSaleId: stored.sale.id },
    );
  }
  return { sale: stored.sale, replayed: true };
}

/**
 * In one round trip, the sale stored under this externalId (if any), the shop's products
 * with these ids and its cash rounding increment (DESIGN.md §8, null: none): what sale.create
 * needs before it can either answer a replay or plan a new sale. One id is an equality on the unique (shop_id, external_id) key, whose
 * prepared plan is that index whatever the statistics say.
 */
async function readForSale(prisma: PrismaClient, shopId: number, externalId: string, productIds: number[]) {
  const [row] = await sqlRunner(prisma)<{ recorded: StoredRow | null; products: ProductRow[] | null; cash_rounding: string | null }>(
    readForSaleStatement(shopId, externalId, productIds),
    "tillsync_read_for_sale",
  );
  return {
    stored: row!.recorded ? toStored(row!.recorded) : undefined,
    products: toLocked(row!.products ?? []),
    cashRounding: row!.cash_rounding as CashRoundingIncrement | null,
  };
}

/** readForSale's statement (exported for the test of its plan). */
export const readForSaleStatement = (shopId: number, externalId: string, productIds: number[]) =>
  // The products and the shop's rounding are read only when no sale is stored (a subquery in CASE runs only if reached).
  Prisma.sql`
    WITH recorded AS (SELECT row_to_json(r) AS sale FROM (${storedSales(shopId, Prisma.sql`s.external_id = ${externalId}::uuid`)}) r)
    SELECT (SELECT sale FROM recorded) AS recorded,
           CASE WHEN NOT EXISTS (SELECT FROM recorded) THEN (${readProductsJson(shopId, productIds)}) END AS products,
           CASE WHEN NOT EXISTS (SELECT FROM recorded) THEN (SELECT cash_rounding::text FROM shop WHERE id = ${shopId}) END AS cash_rounding`;
