-- Issue 19: the audit log. One row per staff or key action that changes how the shop runs
-- (product, price, stock, alert, refund, reversal, staff, key, settings, till, discard and
-- review actions: validators audit.ts auditActions), written by packages/db recordAudit in the
-- same transaction as the change. Who: the staff member or API key, with the name and role
-- they had then (neither: the operator's command line). Before/after: the fields changed, as
-- JSON, never a secret. Append-only like the sales tables: the triggers refuse UPDATE, DELETE
-- and TRUNCATE.

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "shop_id" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" VARCHAR(64),
    "api_key_id" INTEGER,
    "actor_name" VARCHAR(200),
    "actor_role" VARCHAR(16),
    "action" VARCHAR(64) NOT NULL,
    "subject_kind" VARCHAR(32) NOT NULL,
    "subject_id" VARCHAR(64) NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- The log page reads a shop's entries newest first, by keyset on id.
CREATE INDEX "audit_entry_shop_id_id_idx" ON "audit_entry"("shop_id", "id" DESC);

ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_shop_id_fkey" FOREIGN KEY ("shop_id") REFERENCES "shop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry"
    FOR EACH ROW EXECUTE FUNCTION "tillsync_reject_change"();
CREATE TRIGGER "audit_entry_no_truncate" BEFORE TRUNCATE ON "audit_entry"
    FOR EACH STATEMENT EXECUTE FUNCTION "tillsync_reject_change"();
