import type { AlertListInput, LowStockAlertDTO, Page } from "@tillsync/validators";

import { recordAudit } from "./audit";
import { TX_OPTIONS, type Actor, type Prisma, type PrismaClient } from "./db";
import { decodeCursorAs, page } from "./cursor";
import { qty, qtyOrNull } from "./decimal";
import { notFound } from "./errors";

const alertSelect = {
  id: true,
  productId: true,
  stockAtTrigger: true,
  reorderLevel: true,
  saleId: true,
  createdAt: true,
  acknowledgedAt: true,
  resolvedAt: true,
  product: { select: { name: true, stock: true } },
} satisfies Prisma.LowStockAlertSelect;

function toAlertDTO(row: Prisma.LowStockAlertGetPayload<{ select: typeof alertSelect }>): LowStockAlertDTO {
  return {
    id: row.id,
    productId: row.productId,
    productName: row.product.name,
    stockAtTrigger: qty(row.stockAtTrigger),
    reorderLevel: qty(row.reorderLevel),
    currentStock: qtyOrNull(row.product.stock),
    saleId: row.saleId === null ? null : Number(row.saleId),
    createdAt: row.createdAt,
    acknowledgedAt: row.acknowledgedAt,
    resolvedAt: row.resolvedAt,
  };
}

/** Newest first. */
export async function listAlerts(prisma: PrismaClient, shopId: number, input: AlertListInput): Promise<Page<LowStockAlertDTO>> {
  const after = decodeCursorAs(input.cursor, ["int"]);
  const rows = await prisma.lowStockAlert.findMany({
    where: {
      shopId,
      ...(input.status === "open" ? { resolvedAt: null } : input.status === "resolved" ? { resolvedAt: { not: null } } : {}),
      ...(after ? { id: { lt: after[0] } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: alertSelect,
  });
  const result = page(rows, input.limit, (row) => [row.id]);
  return { items: result.items.map(toAlertDTO), nextCursor: result.nextCursor };
}

/**
 * Someone has seen it; it stays open until stock is back at or above the reorder level. The
 * first acknowledgement is in the audit log (`alert.acknowledged`); a repeat changes nothing.
 */
export async function acknowledgeAlert(prisma: PrismaClient, actor: Actor, id: number): Promise<LowStockAlertDTO> {
  await prisma.$transaction(async (tx) => {
    const acknowledgedAt = new Date();
    const { count } = await tx.lowStockAlert.updateMany({
      where: { id, shopId: actor.shopId, acknowledgedAt: null },
      data: { acknowledgedAt, acknowledgedBy: actor.userId ?? (actor.apiKeyId ? `api-key:${actor.apiKeyId}` : null) },
    });
    if (count === 1) {
      await recordAudit(tx, actor, {
        action: "alert.acknowledged",
        subject: { kind: "alert", id },
        before: { acknowledgedAt: null },
        after: { acknowledgedAt },
      });
    }
  }, TX_OPTIONS);
  const row = await prisma.lowStockAlert.findFirst({ where: { id, shopId: actor.shopId }, select: alertSelect });
  if (!row) throw notFound("NOT_FOUND", `Alert ${id} not found.`);
  return toAlertDTO(row);
}
