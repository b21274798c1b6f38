import { z } from "zod";

import { cursor, id, pageSize, text, uuid } from "./common";
import { money, quantity, stockLevel } from "./decimal";
import { productName, sku } from "./sale";

const note = text(500);

export const productCreateInput = z
  .object({
    name: productName,
    sku: sku.optional(),
    isVolatile: z.boolean().default(false),
    unitPrice: money.default("0"),
    /** Tracked products: the stock counted when the product is created (a ledger row). */
    initialStock: stockLevel.optional(),
    reorderLevel: stockLevel.optional(),
    externalId: uuid.optional(),
  })
  .refine((p) => !p.isVolatile || (p.initialStock === undefined && p.reorderLevel === undefined), {
    message: "Volatile products have no stock or reorder level",
    path: ["isVolatile"],
  });

export const productUpdateInput = z.object({
  id,
  name: productName.optional(),
  sku: sku.nullable().optional(),
  unitPrice: money.optional(),
  reorderLevel: stockLevel.nullable().optional(),
});

export const productListInput = z.object({
  search: text(200).optional(),
  includeArchived: z.boolean().default(false),
  limit: pageSize,
  cursor,
});

export const productArchiveInput = z.object({ id, archived: z.boolean().default(true) });

export const restockInput = z.object({ productId: id, quantity, note: note.optional() });

/** A stock count: the stock becomes `countedStock`; the ledger records the difference. */
export const stockCountInput = z.object({ productId: id, countedStock: stockLevel, note: note.optional() });

export const movementListInput = z.object({ productId: id, limit: pageSize, cursor });

export type ProductCreateInput = z.output<typeof productCreateInput>;
export type ProductUpdateInput = z.output<typeof productUpdateInput>;
export type ProductListInput = z.output<typeof productListInput>;
export type RestockInput = z.output<typeof restockInput>;
export type StockCountInput = z.output<typeof stockCountInput>;
export type MovementListInput = z.output<typeof movementListInput>;
