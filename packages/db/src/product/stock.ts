import type { MovementListInput, Page, ProductDTO, RestockInput, StockCountInput, StockMovementDTO } from "@tillsync/validators";

import { recordAudit } from "../audit";
import { TX_OPTIONS, type Actor, type PrismaClient, type Tx } from "../db";
import { decodeCursorAs, page } from "../cursor";
import { qty, qtyOrNull, toDec } from "../decimal";
import { DomainError, notFound } from "../errors";
import { applyStockPlan, lockProducts } from "../stock/apply";
import { planStock } from "../stock/rules";
import { getProduct } from "./manage";

async function lockTracked(tx: Tx, shopId: number, productId: number) {
  const products = await lockProducts(tx, shopId, [productId]);
  const product = products.get(productId);
  if (!product) throw notFound("PRODUCT_NOT_FOUND", `Product ${productId} not found.`);
  if (product.isVolatile) throw new DomainError("BAD_REQUEST", "PRODUCT_KIND_MISMATCH", "Volatile products have no stock.");
  return product;
}

/** The audit entry of a restock or count: the stock before and after (read back once the ledger has it), and what was said. */
async function auditStock(
  tx: Tx,
  actor: Actor,
  action: "stock.restocked" | "stock.counted",
  product: { id: number; stock: { toString(): string } | null },
  said: Record<string, unknown>,
) {
  const { stock } = await tx.product.findUniqueOrThrow({ where: { id: product.id }, select: { stock: true } });
  await recordAudit(tx, actor, {
    action,
    subject: { kind: "product", id: product.id },
    before: { stock: qtyOrNull(product.stock) },
    after: { stock: qtyOrNull(stock), ...said },
  });
}

/** Goods received: stock goes up by `quantity`. */
export async function restockProduct(prisma: PrismaClient, actor: Actor, input: RestockInput): Promise<ProductDTO> {
  await prisma.$transaction(async (tx) => {
    const product = await lockTracked(tx, actor.shopId, input.productId);
    const plan = planStock([product], [{ kind: "restock", productId: product.id, quantity: toDec(input.quantity), note: input.note, by: null }]);
    await applyStockPlan(tx, actor, plan);
    await auditStock(tx, actor, "stock.restocked", product, { quantity: qty(toDec(input.quantity)), note: input.note ?? null });
  }, TX_OPTIONS);
  return getProduct(prisma, actor.shopId, input.productId);
}

/** A stock take: stock becomes what was counted; the ledger records the difference. */
export async function countProduct(prisma: PrismaClient, actor: Actor, input: StockCountInput): Promise<ProductDTO> {
  await prisma.$transaction(async (tx) => {
    const product = await lockTracked(tx, actor.shopId, input.productId);
    const plan = planStock([product], [{ kind: "count", productId: product.id, counted: toDec(input.countedStock), note: input.note, by: null }]);
    await applyStockPlan(tx, actor, plan);
    await auditStock(tx, actor, "stock.counted", product, { note: input.note ?? null });
  }, TX_OPTIONS);
  return getProduct(prisma, actor.shopId, input.productId);
}

/** The stock ledger of one product, newest first. */
export async function listMovements(prisma: PrismaClient, shopId: number, input: MovementListInput): Promise<Page<StockMovementDTO>> {
  await getProduct(prisma, shopId, input.productId);
  const after = decodeCursorAs(input.cursor, ["bigint"]);
  const rows = await prisma.stockMovement.findMany({
    where: { shopId, productId: input.productId, ...(after ? { id: { lt: after[0] } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, productId: true, delta: true, stockAfter: true, reason: true, saleId: true, note: true, createdAt: true },
  });
  const result = page(rows, input.limit, (row) => [Number(row.id)]);
  return {
    items: result.items.map((row) => ({
      id: Number(row.id),
      productId: row.productId,
      delta: qty(row.delta),
      stockAfter: qty(row.stockAfter),
      reason: row.reason,
      saleId: row.saleId === null ? null : Number(row.saleId),
      note: row.note,
      createdAt: row.createdAt,
    })),
    nextCursor: result.nextCursor,
  };
}
