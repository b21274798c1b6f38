-- Issue 17: tills, tenders, drawer sessions, Z reports and partial refunds (DESIGN.md §8).

-- A refund is a sale row of its own kind (negative quantities, linked to the sale it refunds),
-- so sales lists and analytics net it out as they net out reversals.
ALTER TYPE "sale_kind" ADD VALUE 'refund';
ALTER TYPE "movement_reason" ADD VALUE 'refund';

-- CreateEnum
CREATE TYPE "tender_method" AS ENUM ('cash', 'card', 'other');
CREATE TYPE "drawer_event_kind" AS ENUM ('open', 'pay_in', 'pay_out', 'close');

-- The shop's money settings: cash rounding increment (null: none), the pay-out amount above
-- which a pay-out needs a manager, and the names of its other tender methods.
ALTER TABLE "shop" ADD COLUMN "cash_rounding" DECIMAL(3,2),
    ADD COLUMN "payout_review_above" DECIMAL(12,2),
    ADD COLUMN "tender_labels" VARCHAR(64)[] DEFAULT ARRAY[]::VARCHAR(64)[],
    ADD CONSTRAINT "shop_cash_rounding_check" CHECK ("cash_rounding" IN (0.05, 0.10, 0.50, 1.00));

-- CreateTable
CREATE TABLE "till" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "series" VARCHAR(8) NOT NULL,
    "api_key_id" INTEGER,
    "claim_id" UUID,
    "claimed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "till_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "till_shop_id_series_key" ON "till"("shop_id", "series");
CREATE UNIQUE INDEX "till_api_key_id_key" ON "till"("api_key_id");
ALTER TABLE "till" ADD CONSTRAINT "till_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "till" ADD CONSTRAINT "till_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- What a sale carries about money: the till and drawer session it was rung up in, the cash
-- rounding the server applied, whether its tenders added up; for a refund, the sale it
-- refunds and whether it went beyond what was sold; whether a manager must review it.
ALTER TABLE "sale" ADD COLUMN "till_id" INTEGER,
    ADD COLUMN "drawer_session_id" UUID,
    ADD COLUMN "rounding" DECIMAL(12,2) NOT NULL DEFAULT 0,
    ADD COLUMN "tender_mismatch" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "refunds_sale_id" BIGINT,
    ADD COLUMN "over_refund" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "needs_review" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "sale" ADD CONSTRAINT "sale_till_id_fkey" FOREIGN KEY ("till_id") REFERENCES "till"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sale" ADD CONSTRAINT "sale_refunds_sale_id_fkey" FOREIGN KEY ("refunds_sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "sale_shop_id_drawer_session_id_idx" ON "sale"("shop_id", "drawer_session_id");
CREATE INDEX "sale_refunds_sale_id_idx" ON "sale"("refunds_sale_id");

-- A refund's line names the line of the sale it refunds.
ALTER TABLE "sale_item" ADD COLUMN "refunds_line_no" INTEGER;

-- CreateTable
CREATE TABLE "sale_tender" (
    "id" BIGSERIAL NOT NULL,
    "sale_id" BIGINT NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "line_no" INTEGER NOT NULL,
    "method" "tender_method" NOT NULL,
    "label" VARCHAR(64),
    "amount" DECIMAL(12,2) NOT NULL,
    "tendered" DECIMAL(12,2),
    "change" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "reference" VARCHAR(128),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sale_tender_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "sale_tender_sale_id_line_no_key" ON "sale_tender"("sale_id", "line_no");
CREATE INDEX "sale_tender_shop_id_occurred_at_idx" ON "sale_tender"("shop_id", "occurred_at");
ALTER TABLE "sale_tender" ADD CONSTRAINT "sale_tender_sale_id_fkey" FOREIGN KEY ("sale_id") REFERENCES "sale"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "sale_tender" ADD CONSTRAINT "sale_tender_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "drawer_event" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "external_id" UUID NOT NULL,
    "fingerprint" CHAR(64) NOT NULL,
    "till_id" INTEGER NOT NULL,
    "session_id" UUID NOT NULL,
    "kind" "drawer_event_kind" NOT NULL,
    "amount" DECIMAL(12,2),
    "reason" VARCHAR(500),
    "counted" JSONB,
    "z_number" INTEGER,
    "source_device" VARCHAR(128),
    "api_key_id" INTEGER,
    "user_id" VARCHAR(64),
    "cashier_id" VARCHAR(64),
    "cashier_status" "cashier_status",
    "client_timestamp" TIMESTAMPTZ(3),
    "client_clock" VARCHAR(40),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clock_adjusted" BOOLEAN NOT NULL DEFAULT false,
    "needs_review" BOOLEAN NOT NULL DEFAULT false,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "drawer_event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "drawer_event_shop_id_external_id_key" ON "drawer_event"("shop_id", "external_id");
CREATE INDEX "drawer_event_shop_id_session_id_idx" ON "drawer_event"("shop_id", "session_id");
CREATE INDEX "drawer_event_till_id_occurred_at_idx" ON "drawer_event"("till_id", "occurred_at");
ALTER TABLE "drawer_event" ADD CONSTRAINT "drawer_event_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "drawer_event" ADD CONSTRAINT "drawer_event_till_id_fkey" FOREIGN KEY ("till_id") REFERENCES "till"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateTable: a Z report as it was when its session closed; immutable (late events are amendments).
CREATE TABLE "z_report" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "till_id" INTEGER NOT NULL,
    "session_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "close_event_id" BIGINT NOT NULL,
    "report" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "z_report_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "z_report_shop_id_session_id_key" ON "z_report"("shop_id", "session_id");
CREATE INDEX "z_report_till_id_number_idx" ON "z_report"("till_id", "number");
ALTER TABLE "z_report" ADD CONSTRAINT "z_report_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "z_report" ADD CONSTRAINT "z_report_till_id_fkey" FOREIGN KEY ("till_id") REFERENCES "till"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "z_report" ADD CONSTRAINT "z_report_close_event_id_fkey" FOREIGN KEY ("close_event_id") REFERENCES "drawer_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Tenders, drawer events and Z reports are append-only, like sales.
CREATE TRIGGER "sale_tender_append_only" BEFORE UPDATE OR DELETE ON "sale_tender"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "sale_tender_no_truncate" BEFORE TRUNCATE ON "sale_tender"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "drawer_event_append_only" BEFORE UPDATE OR DELETE ON "drawer_event"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "drawer_event_no_truncate" BEFORE TRUNCATE ON "drawer_event"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "z_report_append_only" BEFORE UPDATE OR DELETE ON "z_report"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "z_report_no_truncate" BEFORE TRUNCATE ON "z_report"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
