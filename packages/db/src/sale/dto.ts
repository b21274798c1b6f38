import type { SaleDTO } from "@tillsync/validators";

import type { Prisma, PrismaClient, Tx } from "../db";
import { money, qty } from "../decimal";

export const saleSelect = {
  id: true,
  externalId: true,
  kind: true,
  reversesSaleId: true,
  reason: true,
  total: true,
  sourceDevice: true,
  clientTimestamp: true,
  occurredAt: true,
  receivedAt: true,
  clockAdjusted: true,
  apiKey: { select: { name: true } },
  reversedBy: { select: { id: true } },
  items: {
    orderBy: { lineNo: "asc" },
    select: { productId: true, quantity: true, unitPrice: true, lineTotal: true, product: { select: { name: true } } },
  },
} satisfies Prisma.SaleSelect;

type SaleRow = Prisma.SaleGetPayload<{ select: typeof saleSelect }>;

export function toSaleDTO(row: SaleRow): SaleDTO {
  return {
    id: Number(row.id),
    externalId: row.externalId,
    kind: row.kind,
    reversesSaleId: row.reversesSaleId === null ? null : Number(row.reversesSaleId),
    reversedBySaleId: row.reversedBy ? Number(row.reversedBy.id) : null,
    reason: row.reason,
    total: money(row.total),
    sourceDevice: row.sourceDevice,
    deviceName: row.apiKey?.name ?? null,
    clientTimestamp: row.clientTimestamp,
    occurredAt: row.occurredAt,
    receivedAt: row.receivedAt,
    clockAdjusted: row.clockAdjusted,
    items: row.items.map((item) => ({
      productId: item.productId,
      productName: item.product.name,
      quantity: qty(item.quantity),
      unitPrice: money(item.unitPrice),
      lineTotal: money(item.lineTotal),
    })),
  };
}

export async function loadSale(db: PrismaClient | Tx, shopId: number, id: bigint): Promise<SaleDTO | null> {
  const row = await db.sale.findFirst({ where: { id, shopId }, select: saleSelect });
  return row ? toSaleDTO(row) : null;
}
