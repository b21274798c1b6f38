import { Prisma, type PrismaClient, type Tx } from "../db";
import { toDec, type Dec } from "../decimal";

/** A line of a sale with how much of it was sold and how much accepted refunds took back. */
export interface RefundableLine {
  lineNo: number;
  productId: number;
  unitPrice: Dec;
  sold: Dec;
  /** Accepted refunds (those not flagged over_refund); all of it once the sale was reversed whole. */
  refunded: Dec;
}

/** The original of a refund: a sale of the shop, as read (and, in a refund's transaction, locked). */
export interface OriginalSale {
  id: bigint;
  kind: "sale" | "reversal" | "refund";
}

/**
 * The shop's sale named by id or by externalId (a till refunds a sale it may not have synced
 * when it rang the refund up, DESIGN.md §3.10), or undefined. With `lock`, the row is locked
 * FOR UPDATE, which serialises concurrent refunds and reversals of one sale (a lock is not an
 * UPDATE, so the append-only trigger allows it).
 */
export async function findOriginal(
  db: PrismaClient | Tx,
  shopId: number,
  ref: { saleId?: number | bigint; externalId?: string },
  lock: boolean,
): Promise<OriginalSale | undefined> {
  const where = ref.saleId !== undefined ? Prisma.sql`id = ${String(ref.saleId)}::bigint` : Prisma.sql`external_id = ${ref.externalId ?? null}::uuid`;
  const [row] = await db.$queryRaw<{ id: bigint; kind: OriginalSale["kind"] }[]>`
    SELECT id, kind::text AS kind FROM sale WHERE shop_id = ${shopId} AND ${where} ${lock ? Prisma.sql`FOR UPDATE` : Prisma.empty}`;
  return row;
}

/**
 * The lines of sale `saleId` (DESIGN.md §8): sold quantity and unit price per line, and the
 * quantity accepted refunds took back (refunds flagged over_refund are recorded but do not
 * count; a sale reversed whole by sale.reverse counts as fully refunded). Quantities are
 * Decimals of the DECIMAL(14,3) columns, prices of DECIMAL(12,2). One statement.
 */
export async function refundableLines(db: PrismaClient | Tx, shopId: number, saleId: bigint): Promise<RefundableLine[]> {
  const rows = await db.$queryRaw<{ line_no: number; product_id: number; unit_price: string; sold: string; refunded: string }[]>`
    WITH reversed AS (SELECT EXISTS (SELECT FROM sale r WHERE r.reverses_sale_id = ${saleId}::bigint AND r.shop_id = ${shopId}) AS whole),
    taken AS (
      SELECT ri.refunds_line_no AS line_no, -sum(ri.quantity) AS quantity
      FROM sale r JOIN sale_item ri ON ri.sale_id = r.id
      WHERE r.refunds_sale_id = ${saleId}::bigint AND r.shop_id = ${shopId} AND r.kind = 'refund' AND NOT r.over_refund
      GROUP BY ri.refunds_line_no
    )
    SELECT i.line_no, i.product_id, i.unit_price::text AS unit_price, i.quantity::text AS sold,
           (CASE WHEN (SELECT whole FROM reversed) THEN i.quantity ELSE coalesce(t.quantity, 0) END)::text AS refunded
    FROM sale_item i LEFT JOIN taken t ON t.line_no = i.line_no
    WHERE i.sale_id = ${saleId}::bigint AND i.shop_id = ${shopId}
    ORDER BY i.line_no`;
  return rows.map((row) => ({
    lineNo: row.line_no,
    productId: row.product_id,
    unitPrice: toDec(row.unit_price),
    sold: toDec(row.sold),
    refunded: toDec(row.refunded),
  }));
}
