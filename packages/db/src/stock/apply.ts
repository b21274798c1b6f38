// Reading and locking products, and executing stock plans. The rules themselves (what the
// stock, ledger and alerts become) live once in ./rules.ts; every path that changes stock
// plans with it and executes the plan here or, for sales, in sale/write.ts's statement.
import { Prisma, type Actor, type PrismaClient, type Tx } from "../db";
import { toDec, type Dec } from "../decimal";
import { sqlRunner } from "../sql";
import type { StockPlan } from "./rules";

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

/**
 * Executes a plan of stock/rules.ts outside the sale path (restock, count, product
 * create/update, reversal, refund), on products locked by lockProducts in this transaction: the
 * relative UPDATE, the ledger rows as planned, then the alerts to resolve and to raise.
 * The sale path executes the same kind of plan inside its single statement
 * (sale/write.ts writeStatement). A plan's `by` is the sale id its rows belong to (a
 * reversal's or a refund's), or null. Throws if a product's stock is not what the plan says it becomes
 * (a product not locked, or not tracked): a bug, never the caller's input.
 */
export async function applyStockPlan(tx: Tx, actor: Actor, plan: StockPlan<bigint | null>): Promise<void> {
  if (plan.stock.size > 0) {
    const ids = [...plan.stock.keys()];
    const updated = await tx.$queryRaw<{ id: number; stock: Prisma.Decimal }[]>`
      UPDATE product AS p SET stock = p.stock + v.delta, updated_at = now()
      FROM unnest(${ids}::int[], ${ids.map((id) => plan.stock.get(id)!.delta.toFixed(3))}::numeric[]) AS v(id, delta)
      WHERE p.id = v.id AND p.id = ANY(${ids}::int[]) AND p.shop_id = ${actor.shopId} AND p.stock IS NOT NULL
      RETURNING p.id, p.stock`;
    if (updated.length !== ids.length || updated.some((row) => !toDec(row.stock).eq(plan.stock.get(row.id)!.after))) {
      throw new Error("applyStockPlan: a product's stock is not what was planned (not tracked, or not locked)");
    }
    await tx.stockMovement.createMany({
      data: plan.ledger.map((row) => ({
        shopId: actor.shopId,
        productId: row.productId,
        delta: row.delta.toFixed(3),
        stockAfter: row.stockAfter.toFixed(3),
        reason: row.reason,
        saleId: row.by,
        userId: actor.userId ?? null,
        apiKeyId: actor.apiKeyId ?? null,
        note: row.note,
      })),
    });
  }
  if (plan.resolve.length > 0) {
    await tx.$executeRaw`
      UPDATE low_stock_alert SET resolved_at = now()
      WHERE shop_id = ${actor.shopId} AND product_id = ANY(${plan.resolve}::int[]) AND resolved_at IS NULL`;
  }
  if (plan.raise.length > 0) {
    // The partial unique index (one open alert per product) stays the last word under any race.
    await tx.$executeRaw`
      INSERT INTO low_stock_alert (shop_id, product_id, stock_at_trigger, reorder_level, sale_id)
      SELECT ${actor.shopId}, v.id, v.stock, v.level, v.sale_id
      FROM unnest(${plan.raise.map((r) => r.productId)}::int[], ${plan.raise.map((r) => r.stock.toFixed(3))}::numeric[],
                  ${plan.raise.map((r) => r.reorderLevel.toFixed(3))}::numeric[], ${plan.raise.map((r) => r.by?.toString() ?? null)}::bigint[])
        AS v(id, stock, level, sale_id)
      ON CONFLICT (product_id) WHERE resolved_at IS NULL DO NOTHING`;
  }
}
