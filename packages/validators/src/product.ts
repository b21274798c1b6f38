import { z } from "zod";

import { cursor, id, pageSize, text, uuid } from "./common";
import { price, quantity, reorderLevel, stockLevel } from "./decimal";
import type { ProductDTO } from "./dto";
import "./messages";
import { productName, sku } from "./sale";

const note = text(500);

export const productCreateInput = z
  .object({
    name: productName,
    sku: sku.optional(),
    isVolatile: z.boolean().default(false),
    unitPrice: price.default("0"),
    /** Tracked products: the stock counted when the product is created (a ledger row). */
    initialStock: stockLevel.optional(),
    reorderLevel: reorderLevel.optional(),
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
  unitPrice: price.optional(),
  reorderLevel: reorderLevel.nullable().optional(),
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

/**
 * The most products one `product.changes` page carries: a whole page is well under a
 * megabyte, and a till with 20,000 products loads its catalogue in 20 calls.
 */
export const CATALOGUE_PAGE_MAX = 1000;

/**
 * A till's catalogue pull (docs/sync-protocol.md "Catalogue"): no cursor for the first
 * load, else the `cursor` of the previous answer, as it came.
 */
export const productChangesInput = z.object({
  /** Longer than other cursors: it names the transactions that were running at the last pull. */
  cursor: z
    .string()
    .max(2000)
    .regex(/^[A-Za-z0-9_-]*$/, "A cursor this server gave out")
    .optional(),
  limit: z.number().int().min(1).max(CATALOGUE_PAGE_MAX).default(500),
});
export type ProductChangesInput = z.output<typeof productChangesInput>;

/** A product a till made offline (its `externalId`) that the server merged into `productId` (same SKU). */
export interface ProductMergeDTO {
  externalId: string;
  productId: number;
}

/**
 * One page of a catalogue pull. `fullLoad`: the pages of this pull are the whole catalogue
 * (products not archived, by id); once the last page is in, products the till holds that
 * none of them named are gone. Otherwise `products` are those written since the cursor
 * (created, edited, archived — `archivedAt` set — or restored, stock changed), a few maybe
 * sent before. `merged`: on the last page only. `more`: call again with `cursor` now; when
 * false, keep `cursor` for the next pull.
 */
export interface ProductChangesDTO {
  fullLoad: boolean;
  products: ProductDTO[];
  merged: ProductMergeDTO[];
  cursor: string;
  more: boolean;
}
