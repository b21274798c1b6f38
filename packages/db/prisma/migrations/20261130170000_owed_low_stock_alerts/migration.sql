-- Issue 16: a tracked product a till created inline below its reorder level got no low-stock
-- alert, and a product already below its level never raises one on later sales (it crossed
-- nothing). Every such product gets the alert it is owed, so that each product below its
-- level has exactly one open alert, the invariant the stock rules (packages/db/src/stock/rules.ts)
-- keep from here on. Archived products are left alone: nobody reorders them.
INSERT INTO "low_stock_alert" ("shop_id", "product_id", "stock_at_trigger", "reorder_level")
SELECT p."shop_id", p."id", p."stock", p."reorder_level"
FROM "product" p
WHERE p."stock" IS NOT NULL AND p."reorder_level" IS NOT NULL AND p."stock" < p."reorder_level" AND p."archived_at" IS NULL
  AND NOT EXISTS (SELECT FROM "low_stock_alert" a WHERE a."product_id" = p."id" AND a."resolved_at" IS NULL);
