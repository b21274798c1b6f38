-- Issue 21: incremental catalogue sync for tills (docs/sync-protocol.md "Catalogue").
--
-- Every product row carries the id of the transaction that last wrote it (`change_xid`,
-- pg_current_xact_id() as a bigint, set by a trigger on every INSERT and UPDATE: staff
-- edits, archive, restock, counts and the stock a sale deducts). A till's cursor is the
-- snapshot its pull read under (pg_current_snapshot(): xmax and the ids still running):
-- the next pull sends rows written by a transaction that snapshot could not see (id >=
-- xmax, or running then), so it cannot miss a change committed concurrently, in any
-- commit order, which a timestamp or a sequence value taken at transaction start can.
-- A row may come twice; applying it is idempotent (packages/db product/changes.ts).
-- xid8 fits a bigint (an epoch-extended 64-bit counter); bigint keeps the column in
-- schema.prisma's vocabulary.

ALTER TABLE "product" ADD COLUMN "change_xid" BIGINT;

CREATE FUNCTION tillsync_product_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END
$$;

CREATE TRIGGER product_change_xid BEFORE INSERT OR UPDATE ON "product"
  FOR EACH ROW EXECUTE FUNCTION tillsync_product_changed();

-- Existing rows count as changed now (the trigger sets the column).
UPDATE "product" SET "change_xid" = NULL;

-- A pull reads a shop's products changed since its cursor, in (change_xid, id) order.
CREATE INDEX "product_shop_id_change_xid_id_idx" ON "product"("shop_id", "change_xid", "id");

-- Products a till created offline (inline in a sale, with its externalId) that the server
-- merged into a product the shop already had (same SKU: packages/db sale/write.ts
-- resolveInlineProducts). The till's copy, known only by that externalId, is replaced by
-- `product_id` once the till pulls this row (change_xid as above).
CREATE TABLE "product_merge" (
    "shop_id" INTEGER NOT NULL,
    "external_id" UUID NOT NULL,
    "product_id" INTEGER NOT NULL,
    "merged_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "change_xid" BIGINT NOT NULL,

    CONSTRAINT "product_merge_pkey" PRIMARY KEY ("shop_id","external_id")
);

CREATE INDEX "product_merge_shop_id_change_xid_idx" ON "product_merge"("shop_id", "change_xid");

ALTER TABLE "product_merge" ADD CONSTRAINT "product_merge_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
