-- Issue 18: which GS1 variable-measure label prefixes the shop's scales print, and how
-- (DESIGN.md §9). A list of rules (validators scanPrefixRule: prefix, weight or price, where
-- the item code sits, value length, verifier digit), validated by the API before it is
-- written; none by default. Read by the till with the shop (shop.current) and kept offline.
ALTER TABLE "shop" ADD COLUMN "scan_prefixes" JSONB NOT NULL DEFAULT '[]';
