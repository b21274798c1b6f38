-- Cash taken or given back with no drawer session of its till open (DESIGN.md §8): no cash-up
-- or Z report counts it, so the sale or refund is recorded as always and flagged for a manager.
-- Written with the sale (sale/write.ts, refund/record.ts): a sale or refund whose tenders move
-- cash, and whose till has no drawer event of the session it names (none named, no till, a
-- session never seen or another till's). Read as `cash_without_drawer AND` still no such event
-- (review/flags.ts, sale/dto.ts), so it clears when the session's events arrive after the sale.
-- Sales recorded before this migration are not flagged: sales are append-only (docs/api.md).
ALTER TABLE "sale" ADD COLUMN "cash_without_drawer" BOOLEAN NOT NULL DEFAULT false;

-- The flagged sales' partial index gains the flag (predicate as in review/flags.ts).
DROP INDEX "sale_flagged_idx";
CREATE INDEX "sale_flagged_idx" ON "sale"("shop_id", "occurred_at" DESC, "id" DESC)
    WHERE ("over_refund" OR "needs_review" OR "tender_mismatch" OR "cash_without_drawer" OR "cashier_status" IN ('former', 'unknown'));
