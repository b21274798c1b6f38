-- Any staff member may discard a rejected sale; without a manager at the till the discard is
-- recorded and flagged for a manager's review (DESIGN.md §8). `cashier_id` is who the till said
-- was at it, as on sales (§7).
ALTER TABLE "discarded_sale" ADD COLUMN "needs_review" BOOLEAN NOT NULL DEFAULT false,
                             ADD COLUMN "cashier_id" VARCHAR(64),
                             ADD COLUMN "cashier_status" "cashier_status";
