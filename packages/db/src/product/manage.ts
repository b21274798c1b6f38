import type { Page, ProductCreateInput, ProductDTO, ProductListInput, ProductUpdateInput } from "@tillsync/validators";

import { changedFields, recordAudit } from "../audit";
import { TX_OPTIONS, type Actor, type Prisma, type PrismaClient, type Tx } from "../db";
import { decodeCursorAs, page } from "../cursor";
import { toDec } from "../decimal";
import { DomainError, isUniqueViolation, notFound, UNIQUE } from "../errors";
import { applyStockPlan, lockProducts } from "../stock/apply";
import { planStock } from "../stock/rules";
import { productSelect, toProductDTO } from "./dto";

const productNotFound = (id: number) => notFound("PRODUCT_NOT_FOUND", `Product ${id} not found.`);

/** Maps a violation of product's unique keys (by constraint, DESIGN.md "one error map") to the field the user can fix. */
function uniqueViolation(error: unknown): never {
  if (isUniqueViolation(error, UNIQUE.productSku)) throw new DomainError("CONFLICT", "SKU_TAKEN", "Another product already has this SKU.");
  if (isUniqueViolation(error, UNIQUE.productExternalId))
    throw new DomainError("CONFLICT", "EXTERNAL_ID_TAKEN", "Another product already has this externalId.");
  throw error;
}

/** The product as staff see it, read inside a transaction for the audit log's before and after. */
async function productState(tx: Tx, shopId: number, id: number) {
  const { name, sku, isVolatile, unitPrice, reorderLevel, stock, archivedAt } = toProductDTO(
    await tx.product.findFirstOrThrow({ where: { id, shopId }, select: productSelect }),
  );
  return { name, sku, isVolatile, unitPrice, reorderLevel, stock, archivedAt };
}

export async function getProduct(prisma: PrismaClient, shopId: number, id: number): Promise<ProductDTO> {
  const row = await prisma.product.findFirst({ where: { id, shopId }, select: productSelect });
  if (!row) throw productNotFound(id);
  return toProductDTO(row);
}

export async function createProduct(prisma: PrismaClient, actor: Actor, input: ProductCreateInput): Promise<ProductDTO> {
  try {
    const id = await prisma.$transaction(async (tx) => {
      const created = await tx.product.create({
        data: {
          shopId: actor.shopId,
          externalId: input.externalId ?? null,
          name: input.name,
          sku: input.sku ?? null,
          isVolatile: input.isVolatile,
          unitPrice: input.unitPrice,
          // Price suggestions are last-writer-wins by when they were set (DESIGN.md §7): an
          // offline sale from before this moment must not overwrite this price.
          unitPriceAt: new Date(),
          stock: input.isVolatile ? null : "0",
          reorderLevel: input.isVolatile ? null : (input.reorderLevel ?? null),
        },
        select: { id: true },
      });
      if (!input.isVolatile) {
        const products = await lockProducts(tx, actor.shopId, [created.id]);
        // The stated initial stock is a count (even of 0); a product created below its level raises an alert.
        const plan = planStock(products.values(), [{ kind: "created", productId: created.id, initialStock: toDec(input.initialStock ?? "0"), by: null }]);
        await applyStockPlan(tx, actor, plan);
      }
      const { archivedAt: _, ...after } = await productState(tx, actor.shopId, created.id);
      await recordAudit(tx, actor, { action: "product.created", subject: { kind: "product", id: created.id }, after });
      return created.id;
    }, TX_OPTIONS);
    return getProduct(prisma, actor.shopId, id);
  } catch (error) {
    uniqueViolation(error);
  }
}

export async function updateProduct(prisma: PrismaClient, actor: Actor, input: ProductUpdateInput): Promise<ProductDTO> {
  try {
    await prisma.$transaction(async (tx) => {
      const products = await lockProducts(tx, actor.shopId, [input.id]);
      const product = products.get(input.id);
      if (!product) throw productNotFound(input.id);
      if (product.isVolatile && input.reorderLevel) {
        throw new DomainError("BAD_REQUEST", "PRODUCT_KIND_MISMATCH", "Volatile products have no reorder level.");
      }
      const priceChanged = input.unitPrice !== undefined && !toDec(input.unitPrice).eq(product.unitPrice);
      const before = await productState(tx, actor.shopId, input.id);
      await tx.product.update({
        where: { id: input.id },
        // A staff edit of the price counts from now (DESIGN.md §7): older offline sales syncing later keep off it.
        data: {
          name: input.name,
          sku: input.sku,
          unitPrice: input.unitPrice,
          reorderLevel: input.reorderLevel,
          ...(priceChanged && { unitPriceAt: new Date() }),
        },
      });
      if (input.reorderLevel !== undefined && product.stock !== null) {
        const level = input.reorderLevel === null ? null : toDec(input.reorderLevel);
        await applyStockPlan(tx, actor, planStock([product], [{ kind: "level", productId: product.id, reorderLevel: level, by: null }]));
      }
      const { name, sku, unitPrice, reorderLevel } = await productState(tx, actor.shopId, input.id);
      const change = changedFields(before, { name, sku, unitPrice, reorderLevel });
      if (change) {
        // One edit, one entry, named by the most significant field it changed (validators auditActions).
        const action = "unitPrice" in change.after ? "product.priceChanged" : "reorderLevel" in change.after ? "product.reorderLevelChanged" : "product.edited";
        await recordAudit(tx, actor, { action, subject: { kind: "product", id: input.id }, ...change });
      }
    }, TX_OPTIONS);
  } catch (error) {
    uniqueViolation(error);
  }
  return getProduct(prisma, actor.shopId, input.id);
}

/**
 * Archives (`archived`) or brings back a product; the audit log records each real change
 * (`product.archived`, `product.restored`), not a repeat. Errors: PRODUCT_NOT_FOUND.
 */
export async function archiveProduct(prisma: PrismaClient, actor: Actor, id: number, archived: boolean): Promise<ProductDTO> {
  await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ archived_at: Date | null }[]>`SELECT archived_at FROM product WHERE id = ${id} AND shop_id = ${actor.shopId} FOR UPDATE`;
    if (!row) throw productNotFound(id);
    if ((row.archived_at !== null) === archived) return;
    const archivedAt = archived ? new Date() : null;
    await tx.product.update({ where: { id }, data: { archivedAt } });
    await recordAudit(tx, actor, {
      action: archived ? "product.archived" : "product.restored",
      subject: { kind: "product", id },
      before: { archivedAt: row.archived_at },
      after: { archivedAt },
    });
  }, TX_OPTIONS);
  return getProduct(prisma, actor.shopId, id);
}

/** By name, keyset-paginated; `search` matches name or SKU, case-insensitively. */
export async function listProducts(prisma: PrismaClient, shopId: number, input: ProductListInput): Promise<Page<ProductDTO>> {
  const after = decodeCursorAs(input.cursor, ["text", "int"]);
  const conditions: Prisma.ProductWhereInput[] = [{ shopId }];
  if (!input.includeArchived) conditions.push({ archivedAt: null });
  if (input.search) {
    // Prisma passes `contains` to ILIKE as it is: %, _ and the escape character \ would be
    // wildcards and escapes instead of the characters the user typed.
    const search = input.search.replace(/[\\%_]/g, "\\$&");
    conditions.push({ OR: [{ name: { contains: search, mode: "insensitive" } }, { sku: { contains: search, mode: "insensitive" } }] });
  }
  if (after) {
    conditions.push({ OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] });
  }
  const rows = await prisma.product.findMany({
    where: { AND: conditions },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    select: productSelect,
  });
  const result = page(rows, input.limit, (row) => [row.name, row.id]);
  return { items: result.items.map(toProductDTO), nextCursor: result.nextCursor };
}
