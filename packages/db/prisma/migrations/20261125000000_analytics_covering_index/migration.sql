-- analytics.byProduct reads (shop_id, product_id, occurred_at) ranges and sums quantity
-- and line_total per period, counting distinct sale_id. With those three columns carried
-- in the index, PostgreSQL answers it with an index-only scan instead of one heap fetch
-- per sale line. Prisma's schema language cannot express INCLUDE, so schema.prisma keeps
-- the plain @@index and schema-match.test.ts lists the included columns as a known extra.
DROP INDEX "sale_item_shop_id_product_id_occurred_at_idx";
CREATE INDEX "sale_item_shop_id_product_id_occurred_at_idx" ON "sale_item"("shop_id", "product_id", "occurred_at") INCLUDE ("quantity", "line_total", "sale_id");
