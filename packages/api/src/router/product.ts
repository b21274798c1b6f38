import {
  archiveProduct,
  countProduct,
  createProduct,
  getProduct,
  listMovements,
  listProducts,
  productChanges,
  restockProduct,
  updateProduct,
} from "@tillsync/db";
import {
  byIdInput,
  movementListInput,
  productArchiveInput,
  productChangesInput,
  productCreateInput,
  productListInput,
  productUpdateInput,
  restockInput,
  stockCountInput,
} from "@tillsync/validators";

import { actorOf } from "../actor";
import { managerProcedure, router, shopProcedure } from "../trpc";

/**
 * Products read on the primary, even with a standby (DESIGN.md §10): the product list shows the
 * stock managers restock and count from and the values they edit; `changes` is the till's
 * catalogue pull, whose cursor carries a transaction snapshot: a next page or pull answered by a
 * standby further behind than the one that made the cursor (a load balancer may pick either)
 * would skip changes the cursor counts as seen, and the till would never get them.
 */
export const productRouter = router({
  list: shopProcedure.input(productListInput).query(({ ctx, input }) => listProducts(ctx.prisma, ctx.principal.shopId, input)),
  /** The till's catalogue pull (docs/sync-protocol.md "Catalogue"): device keys and every staff role. */
  changes: shopProcedure.input(productChangesInput).query(({ ctx, input }) => productChanges(ctx.prisma, ctx.principal.shopId, input)),
  byId: shopProcedure.input(byIdInput).query(({ ctx, input }) => getProduct(ctx.prisma, ctx.principal.shopId, input.id)),
  create: managerProcedure.input(productCreateInput).mutation(({ ctx, input }) => createProduct(ctx.prisma, actorOf(ctx.principal), input)),
  update: managerProcedure.input(productUpdateInput).mutation(({ ctx, input }) => updateProduct(ctx.prisma, actorOf(ctx.principal), input)),
  archive: managerProcedure
    .input(productArchiveInput)
    .mutation(({ ctx, input }) => archiveProduct(ctx.prisma, actorOf(ctx.principal), input.id, input.archived)),
  restock: managerProcedure.input(restockInput).mutation(({ ctx, input }) => restockProduct(ctx.prisma, actorOf(ctx.principal), input)),
  count: managerProcedure.input(stockCountInput).mutation(({ ctx, input }) => countProduct(ctx.prisma, actorOf(ctx.principal), input)),
  movements: managerProcedure.input(movementListInput).query(({ ctx, input }) => listMovements(ctx.prisma, ctx.principal.shopId, input)),
});
