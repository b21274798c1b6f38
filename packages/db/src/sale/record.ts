import type { InlineProductInput, SaleDTO, SaleInput } from "@tillsync/validators";

import { TX_OPTIONS, type Actor, type PrismaClient, type Tx } from "../db";
import { D, MAX_AMOUNT, roundMoney, toDec, type Dec } from "../decimal";
import { DomainError, notFound } from "../errors";
import { applyStockChanges, lockProducts, type LockedProduct } from "../stock/apply";
import { loadSale } from "./dto";
import { saleFingerprint } from "./fingerprint";

export interface RecordedSale {
  sale: SaleDTO;
  replayed: boolean;
}

/** How far ahead of the server clock a till's clock may be before it is not trusted. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Thrown inside the transaction when another request already stored this externalId. */
class AlreadyRecorded extends Error {}

/**
 * Records a sale exactly once (DESIGN.md §3): one transaction writes the sale, its items,
 * the stock deductions with their ledger rows, low-stock alerts, inline products and
 * volatile price suggestions, or nothing at all.
 */
export async function recordSale(prisma: PrismaClient, actor: Actor, input: SaleInput): Promise<RecordedSale> {
  const fingerprint = saleFingerprint(input);
  const existing = await replayIfRecorded(prisma, actor.shopId, input.externalId, fingerprint);
  if (existing) return existing;

  try {
    const saleId = await prisma.$transaction((tx) => writeSale(tx, actor, input, fingerprint), TX_OPTIONS);
    return { sale: (await loadSale(prisma, actor.shopId, saleId))!, replayed: false };
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
    // A concurrent request with the same externalId committed first.
    return (await replayIfRecorded(prisma, actor.shopId, input.externalId, fingerprint))!;
  }
}

async function replayIfRecorded(
  prisma: PrismaClient,
  shopId: number,
  externalId: string,
  fingerprint: string,
): Promise<RecordedSale | null> {
  const stored = await prisma.sale.findUnique({
    where: { shopId_externalId: { shopId, externalId } },
    select: { id: true, fingerprint: true, kind: true },
  });
  if (!stored) return null;
  if (stored.kind !== "sale" || stored.fingerprint !== fingerprint) {
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      "IDEMPOTENCY_KEY_REUSED",
      `externalId ${externalId} was already used for a different sale; use a new externalId for a new sale.`,
    );
  }
  return { sale: (await loadSale(prisma, shopId, stored.id))!, replayed: true };
}

interface PricedLine {
  lineNo: number;
  product: LockedProduct;
  quantity: Dec;
  unitPrice: Dec;
  lineTotal: Dec;
  clientPrice: boolean;
}

async function writeSale(tx: Tx, actor: Actor, input: SaleInput, fingerprint: string): Promise<bigint> {
  const inlineIds = await resolveInlineProducts(tx, actor.shopId, input);
  const productIds = input.items.map((item, index) => item.productId ?? inlineIds.get(index)!);
  const products = await lockProducts(tx, actor.shopId, productIds);

  const lines: PricedLine[] = input.items.map((item, index) => {
    const product = products.get(productIds[index]!);
    if (!product) throw notFound("PRODUCT_NOT_FOUND", `Item ${index + 1}: product ${productIds[index]} not found.`);
    const quantity = toDec(item.quantity);
    const unitPrice = item.unitPrice === undefined ? product.unitPrice : toDec(item.unitPrice);
    const lineTotal = roundMoney(quantity.times(unitPrice));
    return { lineNo: index + 1, product, quantity, unitPrice, lineTotal, clientPrice: item.unitPrice !== undefined };
  });
  const total = lines.reduce((sum, line) => sum.plus(line.lineTotal), new D(0));
  if (total.gt(MAX_AMOUNT)) {
    throw new DomainError("BAD_REQUEST", "AMOUNT_OUT_OF_RANGE", `The sale total ${total.toFixed(2)} exceeds ${MAX_AMOUNT.toFixed(2)}.`);
  }

  const receivedAt = new Date();
  const trusted = input.clientTimestamp && input.clientTimestamp.getTime() <= receivedAt.getTime() + MAX_CLOCK_SKEW_MS;
  const occurredAt = trusted ? input.clientTimestamp! : receivedAt;

  const inserted = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO sale (shop_id, external_id, fingerprint, source_device, api_key_id, user_id,
                      client_timestamp, occurred_at, received_at, clock_adjusted, total)
    VALUES (${actor.shopId}, ${input.externalId}::uuid, ${fingerprint}, ${input.sourceDevice ?? null},
            ${actor.apiKeyId ?? null}::int, ${actor.userId ?? null}, ${input.clientTimestamp ?? null}::timestamptz,
            ${occurredAt}::timestamptz, ${receivedAt}::timestamptz, ${!trusted}, ${total.toFixed(2)}::numeric)
    ON CONFLICT (shop_id, external_id) DO NOTHING
    RETURNING id`;
  const saleId = inserted[0]?.id;
  if (saleId === undefined) throw new AlreadyRecorded();

  await tx.saleItem.createMany({
    data: lines.map((line) => ({
      saleId,
      shopId: actor.shopId,
      productId: line.product.id,
      lineNo: line.lineNo,
      quantity: line.quantity.toFixed(3),
      unitPrice: line.unitPrice.toFixed(2),
      lineTotal: line.lineTotal.toFixed(2),
      occurredAt,
    })),
  });

  const tracked = lines.filter((line) => !line.product.isVolatile);
  await applyStockChanges(
    tx,
    { shopId: actor.shopId, reason: "sale", saleId, userId: actor.userId, apiKeyId: actor.apiKeyId },
    products,
    tracked.map((line) => ({ productId: line.product.id, delta: line.quantity.negated() })),
  );

  await suggestVolatilePrices(
    tx,
    lines.filter((line) => line.product.isVolatile && line.clientPrice),
    occurredAt,
  );
  return saleId;
}

/**
 * Creates the products a till made up while offline, in this transaction. Those with an
 * externalId are shared by every queued sale that names them, so the first sale creates
 * the product and the rest find it; a SKU the shop already has resolves to that product.
 * Returns the product id per item index.
 */
async function resolveInlineProducts(tx: Tx, shopId: number, input: SaleInput): Promise<Map<number, number>> {
  const byItem = new Map<number, number>();
  const inline = input.items
    .map((item, index) => ({ index, product: item.product, unitPrice: item.unitPrice }))
    .filter((entry): entry is { index: number; product: InlineProductInput; unitPrice: string | undefined } => !!entry.product)
    // A stable order keeps concurrent sales from waiting on each other's new rows in a cycle.
    .sort((a, b) => (a.product.externalId ?? "").localeCompare(b.product.externalId ?? ""));
  const created = new Map<string, number>();
  for (const { index, product, unitPrice } of inline) {
    const known = product.externalId ? created.get(product.externalId) : undefined;
    if (known !== undefined) {
      byItem.set(index, known);
      continue;
    }
    const price = product.unitPrice ?? unitPrice ?? "0";
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO product (shop_id, external_id, name, sku, is_volatile, unit_price, stock, reorder_level)
      VALUES (${shopId}, ${product.externalId ?? null}::uuid, ${product.name}, ${product.sku ?? null}, ${product.isVolatile},
              ${price}::numeric, ${product.isVolatile ? null : "0"}::numeric,
              ${product.isVolatile ? null : (product.reorderLevel ?? null)}::numeric)
      ON CONFLICT DO NOTHING
      RETURNING id`;
    let id = rows[0]?.id;
    if (id === undefined) {
      const found = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM product
        WHERE shop_id = ${shopId} AND (external_id = ${product.externalId ?? null}::uuid OR sku = ${product.sku ?? null})
        ORDER BY (external_id IS NOT DISTINCT FROM ${product.externalId ?? null}::uuid) DESC
        LIMIT 1`;
      id = found[0]!.id;
    }
    if (product.externalId) created.set(product.externalId, id);
    byItem.set(index, id);
  }
  return byItem;
}

/**
 * The price a cashier typed for a volatile product becomes its suggested price, unless a
 * sale that happened later already set one (late offline syncs must not win).
 */
async function suggestVolatilePrices(tx: Tx, lines: PricedLine[], occurredAt: Date) {
  const latest = new Map<number, Dec>();
  for (const line of lines) latest.set(line.product.id, line.unitPrice);
  if (latest.size === 0) return;
  const ids = [...latest.keys()];
  const prices = ids.map((id) => latest.get(id)!.toFixed(2));
  await tx.$executeRaw`
    UPDATE product AS p SET unit_price = v.price, unit_price_at = ${occurredAt}::timestamptz, updated_at = now()
    FROM unnest(${ids}::int[], ${prices}::numeric[]) AS v(id, price)
    WHERE p.id = v.id AND (p.unit_price_at IS NULL OR p.unit_price_at <= ${occurredAt}::timestamptz)`;
}
