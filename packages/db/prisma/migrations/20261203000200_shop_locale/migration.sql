-- The shop's locale (issue 21): a BCP 47 tag ("de-DE") every screen formats numbers, dates
-- and money in, and whose decimal separator the inputs read; null: the browser's own language.
ALTER TABLE "shop" ADD COLUMN "locale" VARCHAR(35);
