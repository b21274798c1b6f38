-- Issue 18: receipt numbers and printed receipts (DESIGN.md §9).

-- A sale's receipt number `<series>-<counter>` as the till assigned it when the sale was rung
-- up, kept in its two parts: the series (the till's code when it numbered the sale) and the
-- counter. Both or neither: REST and seed clients, and sales without a till, have none. The
-- server never renumbers. A duplicate within the shop or a gap in a series is not stored as a
-- flag: it is computed whenever a sale is read (packages/db/src/sale/dto.ts), so a gap closes
-- by itself when the missing number arrives late, and two sales stored at once under the same
-- number are both flagged however their transactions interleaved.
ALTER TABLE "sale" ADD COLUMN "receipt_series" VARCHAR(8),
    ADD COLUMN "receipt_counter" INTEGER,
    ADD CONSTRAINT "sale_receipt_number_parts" CHECK (("receipt_series" IS NULL) = ("receipt_counter" IS NULL) AND "receipt_counter" >= 1);

-- The flags' lookups (the same number, the number before), the search by receipt number and
-- the highest counter of a series for till.claim: key lookups here. Partial: sales without a
-- receipt number (REST clients, seeds) add nothing to it.
CREATE INDEX "sale_receipt_idx" ON "sale"("shop_id", "receipt_series", "receipt_counter") WHERE "receipt_series" IS NOT NULL;

-- A till's receipt printing (set by a manager on the Tills page, known to the till through its
-- claim): print a receipt after each Charge, and the roll's width in millimetres.
ALTER TABLE "till" ADD COLUMN "print_receipt" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "paper_width" SMALLINT NOT NULL DEFAULT 80,
    ADD CONSTRAINT "till_paper_width_check" CHECK ("paper_width" IN (58, 80));
