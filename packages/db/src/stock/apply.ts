import { Prisma, type PrismaClient, type Tx } from "../db";
import { D, toDec, type Dec } from "../decimal";
import { sqlRunner } from "../sql";

export interface LockedProduct {
  id: number;
  name: string;
  isVolatile: boolean;
  unitPrice: Dec;
  unitPriceAt: Date | null;
  stock: Dec | null;
  reorderLevel: Dec | null;
}

export interface ProductRow {
  id: number;
  name: string;
  is_volatile: boolean;
  // Decimal from Prisma, text from the direct path (sql.ts).
  unit_price: Prisma.Decimal | string;
  // A string when the row came as JSON (readProductsJson).
  unit_price_at: Date | string | null;
  stock: Prisma.Decimal | string | null;
  reorder_level: Prisma.Decimal | string | null;
}

/**
 * Locks the shop's products with these ids, always in ascending id order, so that any
 * number of concurrent multi-item sales can never deadlock on each other. Ids that are
 * not the shop's are simply absent from the result.
 */
export async function lockProducts(tx: Tx, shopId: number, ids: number[]): Promise<Map<number, LockedProduct>> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return new Map();
  return toLocked(
    await tx.$queryRaw<ProductRow[]>`
      SELECT id, name, is_volatile, unit_price, unit_price_at, stock, reorder_level
      FROM product WHERE shop_id = ${shopId} AND id = ANY(${sorted}::int[])
      ORDER BY id FOR UPDATE`,
  );
}

/**
 * The same rows without locking them, for writers that lock later and then verify that
 * nothing they read has changed (see sale/record.ts).
 */
export async function readProducts(prisma: PrismaClient, shopId: number, ids: number[]): Promise<Map<number, LockedProduct>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  return toLocked(
    await sqlRunner(prisma)<ProductRow>(
      Prisma.sql`
        SELECT id, name, is_volatile, unit_price::text AS unit_price, unit_price_at, stock::text AS stock, reorder_level::text AS reorder_level
        FROM product WHERE shop_id = ${shopId} AND id = ANY(${unique}::int[])`,
      "tillsync_read_products",
    ),
  );
}

/**
 * The rows readProducts reads, as one JSON array, for a statement that reads something
 * else in the same round trip (sale/record.ts); null when none. Read it with toLocked.
 */
export function readProductsJson(shopId: number, ids: number[]): Prisma.Sql {
  return Prisma.sql`
    SELECT json_agg(json_build_object('id', id, 'name', name, 'is_volatile', is_volatile, 'unit_price', unit_price::text,
                                      'unit_price_at', unit_price_at, 'stock', stock::text, 'reorder_level', reorder_level::text))
    FROM product WHERE shop_id = ${shopId} AND id = ANY(${[...new Set(ids)]}::int[])`;
}

export function toLocked(rows: ProductRow[]): Map<number, LockedProduct> {
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        name: r.name,
        isVolatile: r.is_volatile,
        unitPrice: toDec(r.unit_price),
        unitPriceAt: r.unit_price_at === null ? null : new Date(r.unit_price_at),
        stock: r.stock == null ? null : toDec(r.stock),
        reorderLevel: r.reorder_level == null ? null : toDec(r.reorder_level),
      },
    ]),
  );
}

export interface StockChange {
  productId: number;
  delta: Dec;
  note?: string | null;
}

export interface StockContext {
  shopId: number;
  reason: "sale" | "restock" | "count" | "adjustment" | "reversal";
  saleId?: bigint | null;
  userId?: string | null;
  apiKeyId?: number | null;
}

const isLow = (stock: Dec, level: Dec | null) => level !== null && stock.lt(level);

/**
 * The one way stock changes: a relative UPDATE per product (products must already be
 * locked by lockProducts), a ledger row per change with the stock after it, a low-stock
 * alert when a product goes from not-low to low, and its open alert resolved when it goes
 * back. Returns the new stock per product.
 */
export async function applyStockChanges(
  tx: Tx,
  context: StockContext,
  products: Map<number, LockedProduct>,
  changes: StockChange[],
): Promise<Map<number, Dec>> {
  const totals = new Map<number, Dec>();
  for (const change of changes) totals.set(change.productId, (totals.get(change.productId) ?? new D(0)).plus(change.delta));
  if (totals.size === 0) return new Map();

  const ids = [...totals.keys()];
  const deltas = ids.map((id) => totals.get(id)!.toFixed(3));
  const updated = await tx.$queryRaw<{ id: number; stock: Prisma.Decimal }[]>`
    UPDATE product AS p SET stock = p.stock + v.delta, updated_at = now()
    FROM unnest(${ids}::int[], ${deltas}::numeric[]) AS v(id, delta)
    WHERE p.id = v.id AND p.id = ANY(${ids}::int[]) AND p.shop_id = ${context.shopId} AND p.stock IS NOT NULL
    RETURNING p.id, p.stock`;
  const after = new Map(updated.map((row) => [row.id, toDec(row.stock)]));
  if (after.size !== ids.length) throw new Error("applyStockChanges: a product is not tracked or not locked");

  const running = new Map<number, Dec>();
  const ledger = changes.map((change) => {
    const product = products.get(change.productId)!;
    const stockAfter = (running.get(change.productId) ?? product.stock!).plus(change.delta);
    running.set(change.productId, stockAfter);
    return {
      shopId: context.shopId,
      productId: change.productId,
      delta: change.delta.toFixed(3),
      stockAfter: stockAfter.toFixed(3),
      reason: context.reason,
      saleId: context.saleId ?? null,
      userId: context.userId ?? null,
      apiKeyId: context.apiKeyId ?? null,
      note: change.note ?? null,
    };
  });
  await tx.stockMovement.createMany({ data: ledger });

  await updateAlerts(tx, context, products, after);
  return after;
}

/** Raises or resolves low-stock alerts for products whose low/not-low state changed. */
export async function updateAlerts(
  tx: Tx,
  context: Pick<StockContext, "shopId" | "saleId">,
  before: Map<number, Pick<LockedProduct, "id" | "stock" | "reorderLevel">>,
  after: Map<number, Dec>,
  levels?: Map<number, Dec | null>,
) {
  const raised: { id: number; stock: string; level: string }[] = [];
  const resolved: number[] = [];
  for (const [id, stock] of after) {
    const product = before.get(id)!;
    const level = levels?.has(id) ? levels.get(id)! : product.reorderLevel;
    const wasLow = product.stock !== null && isLow(product.stock, product.reorderLevel);
    const nowLow = isLow(stock, level);
    if (!wasLow && nowLow) raised.push({ id, stock: stock.toFixed(3), level: level!.toFixed(3) });
    if (wasLow && !nowLow) resolved.push(id);
  }
  if (resolved.length > 0) {
    await tx.$executeRaw`
      UPDATE low_stock_alert SET resolved_at = now()
      WHERE shop_id = ${context.shopId} AND product_id = ANY(${resolved}::int[]) AND resolved_at IS NULL`;
  }
  if (raised.length > 0) {
    await tx.$executeRaw`
      INSERT INTO low_stock_alert (shop_id, product_id, stock_at_trigger, reorder_level, sale_id)
      SELECT ${context.shopId}, v.id, v.stock, v.level, ${context.saleId ?? null}::bigint
      FROM unnest(${raised.map((r) => r.id)}::int[], ${raised.map((r) => r.stock)}::numeric[], ${raised.map((r) => r.level)}::numeric[])
        AS v(id, stock, level)
      ON CONFLICT (product_id) WHERE resolved_at IS NULL DO NOTHING`;
  }
}
