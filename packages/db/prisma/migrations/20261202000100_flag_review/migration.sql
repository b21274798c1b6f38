-- A manager's review of what the server flagged (DESIGN.md §7, §8): over-refunds, refunds and
-- pay-outs done without a manager at the till, tenders that do not add up, sales rung up by a
-- cashier removed since (or never of the shop), rejected sales discarded without a manager.
-- The flagged rows stay as they were recorded (append-only, §3); a review is a row of its own,
-- one per flagged record, and is itself append-only.

-- CreateEnum
CREATE TYPE "review_subject" AS ENUM ('sale', 'drawer_event', 'discarded_sale');

-- CreateTable
CREATE TABLE "flag_review" (
    "id" SERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "subject_kind" "review_subject" NOT NULL,
    "subject_id" BIGINT NOT NULL,
    "user_id" VARCHAR(64),
    "api_key_id" INTEGER,
    "reviewed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" VARCHAR(500),

    CONSTRAINT "flag_review_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "flag_review_shop_id_subject_kind_subject_id_key" ON "flag_review"("shop_id", "subject_kind", "subject_id");
ALTER TABLE "flag_review" ADD CONSTRAINT "flag_review_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER "flag_review_append_only" BEFORE UPDATE OR DELETE ON "flag_review"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "flag_review_no_truncate" BEFORE TRUNCATE ON "flag_review"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();

-- The flagged rows of each table, newest first, for the review list and its count (the
-- predicates are packages/db/src/review/flags.ts's, word for word, so the planner uses them).
CREATE INDEX "sale_flagged_idx" ON "sale"("shop_id", "occurred_at" DESC, "id" DESC)
    WHERE ("over_refund" OR "needs_review" OR "tender_mismatch" OR "cashier_status" IN ('former', 'unknown'));
CREATE INDEX "drawer_event_flagged_idx" ON "drawer_event"("shop_id", "occurred_at" DESC, "id" DESC)
    WHERE ("needs_review" OR "cashier_status" IN ('former', 'unknown'));
CREATE INDEX "discarded_sale_flagged_idx" ON "discarded_sale"("shop_id", "discarded_at" DESC, "id" DESC)
    WHERE ("needs_review" OR "cashier_status" IN ('former', 'unknown'));
