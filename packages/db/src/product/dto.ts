import type { ProductDTO } from "@tillsync/validators";

import type { Prisma } from "../db";
import { money, qtyOrNull } from "../decimal";

export const productSelect = {
  id: true,
  externalId: true,
  name: true,
  sku: true,
  isVolatile: true,
  unitPrice: true,
  stock: true,
  reorderLevel: true,
  archivedAt: true,
} satisfies Prisma.ProductSelect;

export function toProductDTO(row: Prisma.ProductGetPayload<{ select: typeof productSelect }>): ProductDTO {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    sku: row.sku,
    isVolatile: row.isVolatile,
    unitPrice: money(row.unitPrice),
    stock: row.isVolatile ? null : qtyOrNull(row.stock),
    reorderLevel: row.isVolatile ? null : qtyOrNull(row.reorderLevel),
    archivedAt: row.archivedAt,
  };
}
