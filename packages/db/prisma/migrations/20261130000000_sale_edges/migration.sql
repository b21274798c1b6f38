-- Issue 15: what a sale carries from the till (DESIGN.md §7).

-- CreateEnum
CREATE TYPE "cashier_status" AS ENUM ('member', 'former', 'unknown');

-- The till's clock as sent (a naive time, or an instant PostgreSQL cannot hold, such as
-- year 0 or 200000, is kept here when client_timestamp cannot be); the fingerprint's
-- definition (rows stored before this migration keep version 1, DESIGN.md §3.2); who rang
-- the sale up as the till claimed, and what the shop's staff said of that claim when it
-- was recorded.
ALTER TABLE "sale" ADD COLUMN "client_clock" VARCHAR(40),
    ADD COLUMN "clock_assumed_local" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "fingerprint_version" SMALLINT NOT NULL DEFAULT 1,
    ADD COLUMN "cashier_id" VARCHAR(64),
    ADD COLUMN "cashier_status" "cashier_status";

-- CreateTable
CREATE TABLE "former_shop_member" (
    "shop_id" INTEGER NOT NULL,
    "user_id" VARCHAR(64) NOT NULL,
    "role" "staff_role",
    "removed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "former_shop_member_pkey" PRIMARY KEY ("shop_id","user_id")
);

-- CreateTable
CREATE TABLE "discarded_sale" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "external_id" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "payload" TEXT NOT NULL,
    "rejection_code" VARCHAR(64),
    "rejection_message" VARCHAR(2000),
    "user_id" VARCHAR(64),
    "api_key_id" INTEGER,
    "discarded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discarded_sale_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "discarded_sale_shop_id_external_id_key" ON "discarded_sale"("shop_id", "external_id");

-- CreateIndex
CREATE INDEX "discarded_sale_shop_id_id_idx" ON "discarded_sale"("shop_id", "id" DESC);

-- AddForeignKey
ALTER TABLE "former_shop_member" ADD CONSTRAINT "former_shop_member_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discarded_sale" ADD CONSTRAINT "discarded_sale_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Staff removed before this migration left no membership behind, but the sales they sent
-- name them: they are the shop's former members (role no longer known).
INSERT INTO "former_shop_member" ("shop_id", "user_id")
SELECT DISTINCT s."shop_id", s."user_id" FROM "sale" s
WHERE s."user_id" IS NOT NULL AND NOT EXISTS (SELECT FROM "shop_member" m WHERE m."shop_id" = s."shop_id" AND m."user_id" = s."user_id")
ON CONFLICT DO NOTHING;
