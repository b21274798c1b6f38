-- CreateEnum
CREATE TYPE "api_key_role" AS ENUM ('device', 'manager');

-- CreateEnum
CREATE TYPE "sale_kind" AS ENUM ('sale', 'reversal');

-- CreateEnum
CREATE TYPE "movement_reason" AS ENUM ('sale', 'restock', 'count', 'adjustment', 'reversal');

-- CreateTable
CREATE TABLE "shop" (
    "id" SERIAL NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL DEFAULT 'UTC',
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "role" "api_key_role" NOT NULL,
    "key_hash" CHAR(64) NOT NULL,
    "key_prefix" VARCHAR(16) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "external_id" UUID,
    "name" VARCHAR(200) NOT NULL,
    "sku" VARCHAR(64),
    "is_volatile" BOOLEAN NOT NULL DEFAULT false,
    "unit_price" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "unit_price_at" TIMESTAMPTZ(3),
    "stock" DECIMAL(14,3),
    "reorder_level" DECIMAL(14,3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sale" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "external_id" UUID NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "kind" "sale_kind" NOT NULL DEFAULT 'sale',
    "reverses_sale_id" BIGINT,
    "reason" VARCHAR(500),
    "source_device" VARCHAR(128),
    "api_key_id" INTEGER,
    "user_id" VARCHAR(64),
    "client_timestamp" TIMESTAMPTZ(3),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clock_adjusted" BOOLEAN NOT NULL DEFAULT false,
    "total" DECIMAL(12,2) NOT NULL,

    CONSTRAINT "sale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sale_item" (
    "id" BIGSERIAL NOT NULL,
    "sale_id" BIGINT NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "line_no" INTEGER NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit_price" DECIMAL(12,2) NOT NULL,
    "line_total" DECIMAL(12,2) NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sale_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_movement" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "delta" DECIMAL(14,3) NOT NULL,
    "stock_after" DECIMAL(14,3) NOT NULL,
    "reason" "movement_reason" NOT NULL,
    "sale_id" BIGINT,
    "user_id" VARCHAR(64),
    "api_key_id" INTEGER,
    "note" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "low_stock_alert" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "stock_at_trigger" DECIMAL(14,3) NOT NULL,
    "reorder_level" DECIMAL(14,3) NOT NULL,
    "sale_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" VARCHAR(64),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "low_stock_alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_key_key_hash_key" ON "api_key"("key_hash");

-- CreateIndex
CREATE INDEX "api_key_shop_id_idx" ON "api_key"("shop_id");

-- CreateIndex
CREATE INDEX "product_shop_id_name_idx" ON "product"("shop_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "product_shop_id_external_id_key" ON "product"("shop_id", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "product_shop_id_sku_key" ON "product"("shop_id", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "sale_reverses_sale_id_key" ON "sale"("reverses_sale_id");

-- CreateIndex
CREATE INDEX "sale_shop_id_occurred_at_id_idx" ON "sale"("shop_id", "occurred_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "sale_shop_id_external_id_key" ON "sale"("shop_id", "external_id");

-- CreateIndex
CREATE INDEX "sale_item_shop_id_product_id_occurred_at_idx" ON "sale_item"("shop_id", "product_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "sale_item_sale_id_line_no_key" ON "sale_item"("sale_id", "line_no");

-- CreateIndex
CREATE INDEX "stock_movement_shop_id_product_id_id_idx" ON "stock_movement"("shop_id", "product_id", "id" DESC);

-- CreateIndex
CREATE INDEX "low_stock_alert_shop_id_resolved_at_created_at_idx" ON "low_stock_alert"("shop_id", "resolved_at", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "api_key" ADD CONSTRAINT "api_key_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product" ADD CONSTRAINT "product_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale" ADD CONSTRAINT "sale_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale" ADD CONSTRAINT "sale_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale" ADD CONSTRAINT "sale_reverses_sale_id_fkey" FOREIGN KEY ("reverses_sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale_item" ADD CONSTRAINT "sale_item_sale_id_fkey" FOREIGN KEY ("sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale_item" ADD CONSTRAINT "sale_item_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sale_item" ADD CONSTRAINT "sale_item_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movement" ADD CONSTRAINT "stock_movement_sale_id_fkey" FOREIGN KEY ("sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "low_stock_alert" ADD CONSTRAINT "low_stock_alert_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "low_stock_alert" ADD CONSTRAINT "low_stock_alert_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "low_stock_alert" ADD CONSTRAINT "low_stock_alert_sale_id_fkey" FOREIGN KEY ("sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Below: what Prisma's schema language cannot express. Listed as known extras in
-- test/schema-match.test.ts.

-- At most one open low-stock alert per product.
CREATE UNIQUE INDEX "low_stock_alert_one_open_per_product" ON "low_stock_alert"("product_id") WHERE "resolved_at" IS NULL;

-- A product is either volatile (no stock, no reorder level) or tracked (has stock).
ALTER TABLE "product" ADD CONSTRAINT "product_stock_matches_kind"
    CHECK (("is_volatile" AND "stock" IS NULL AND "reorder_level" IS NULL) OR (NOT "is_volatile" AND "stock" IS NOT NULL));
ALTER TABLE "product" ADD CONSTRAINT "product_unit_price_not_negative" CHECK ("unit_price" >= 0);
ALTER TABLE "sale_item" ADD CONSTRAINT "sale_item_quantity_not_zero" CHECK ("quantity" <> 0);

-- Sales, their items and the stock ledger are append-only.
CREATE FUNCTION "tillsync_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER "sale_append_only" BEFORE UPDATE OR DELETE ON "sale"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "sale_item_append_only" BEFORE UPDATE OR DELETE ON "sale_item"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "stock_movement_append_only" BEFORE UPDATE OR DELETE ON "stock_movement"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "sale_no_truncate" BEFORE TRUNCATE ON "sale"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "sale_item_no_truncate" BEFORE TRUNCATE ON "sale_item"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "stock_movement_no_truncate" BEFORE TRUNCATE ON "stock_movement"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
