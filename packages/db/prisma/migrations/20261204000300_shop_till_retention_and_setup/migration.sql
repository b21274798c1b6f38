-- How many days a till keeps a synced sale in its browser outbox (issue 21): long enough for
-- refunds and reprints at the till, 7 to 365 days, 35 by default (the fixed figure before).
ALTER TABLE "shop"
    ADD COLUMN "till_retention_days" SMALLINT NOT NULL DEFAULT 35,
    ADD CONSTRAINT "shop_till_retention_days_check" CHECK ("till_retention_days" BETWEEN 7 AND 365);

-- When a manager put the dashboard's first-run checklist away (issue 21); null: it shows
-- until its steps are done.
ALTER TABLE "shop" ADD COLUMN "setup_dismissed_at" TIMESTAMPTZ(3);
