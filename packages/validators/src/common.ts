import { z } from "zod";

import { money } from "./decimal";
import { shopLocale } from "./locale-schema";
import "./messages";
import { TILL_RETENTION_DAYS } from "./retention";
import { scanPrefixes } from "./scan-settings";

/**
 * Database ids on the wire: positive integers. Products, alerts, API keys live in INTEGER
 * columns, so an id past 2^31 - 1 names nothing and is refused here rather than by the
 * database; sales are BIGINT (`bigId`).
 */
export const id = z.number().int().positive().max(2_147_483_647);
export const bigId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
// Half of a UTF-16 surrogate pair without its other half: JSON can carry it ("\ud800"), but
// it is not a character, and UTF-8 (what PostgreSQL stores) cannot encode it: the driver
// would silently store U+FFFD instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether PostgreSQL stores this text as sent: no NUL character (refused) and no lone surrogate (altered). */
export const isStorableText = (value: string) => !value.includes("\u0000") && !LONE_SURROGATE.test(value);

/**
 * Text as PostgreSQL can store it, at most `max` characters (code points, as VARCHAR counts
 * them): trimmed, NUL removed, lone surrogates replaced by U+FFFD, cut at `max`. For labels
 * that describe how something was delivered, never what happened (DESIGN.md §7): a sale is
 * not refused for them.
 */
export const storableLabel = (value: string, max: number) =>
  Array.from(value.replaceAll("\u0000", "").replace(new RegExp(LONE_SURROGATE, "g"), "\ufffd").trim())
    .slice(0, max)
    .join("")
    .trim();

/** For `.refine(...storable)` on every text field that reaches the database (DESIGN.md §7). */
export const storable = [
  isStorableText,
  { message: "This text has a character that cannot be saved (a control or broken character): type it again without it" },
] as const;

/** Free text of at most `max` characters that the database stores as sent, trimmed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine(...storable);

/**
 * A UUID in any spelling RFC 9562 tools write — upper or lower case, with braces
 * ("{…}", Microsoft's registry format), as a URN ("urn:uuid:…") or as 32 hex digits without
 * hyphens (Python's `uuid4().hex`) — answered in the canonical lowercase hyphenated form.
 * An idempotency key is never refused for how it was spelled (DESIGN.md §7).
 */
export const canonicalUuid = (text: string): string => {
  const bare = text
    .trim()
    .toLowerCase()
    .replace(/^urn:uuid:/, "")
    .replace(/^\{(.*)\}$/, "$1");
  return /^[0-9a-f]{32}$/.test(bare) ? `${bare.slice(0, 8)}-${bare.slice(8, 12)}-${bare.slice(12, 16)}-${bare.slice(16, 20)}-${bare.slice(20)}` : bare;
};
export const uuid = z.string().max(64).transform(canonicalUuid).pipe(z.uuid());

/**
 * A calendar date in the shop's time zone, years 1000-9999. Year 0000 does not exist in
 * PostgreSQL, and periods (weeks, months) of the first centuries cross into years BC,
 * which PostgreSQL writes with a suffix no client reads: ranges start from year 1000.
 */
export const localDate = z.iso.date().refine((value) => value >= "1000-01-01", "Pick a date in the year 1000 or later");

export const pageSize = z.number().int().min(1).max(200).default(50);
export const cursor = z
  .string()
  .max(200)
  .refine(...storable)
  .optional();

export const byIdInput = z.object({ id });
export const saleByIdInput = z.object({ id: bigId });

/** Error codes carried in `error.data.appCode` (tRPC) and `error.code` (REST, sync results). */
export const appErrorCodes = [
  "IDEMPOTENCY_KEY_REUSED",
  "PRODUCT_NOT_FOUND",
  "SALE_NOT_FOUND",
  "SALE_ALREADY_REVERSED",
  "SALE_NOT_REVERSIBLE",
  "AMOUNT_OUT_OF_RANGE",
  "PRODUCT_KIND_MISMATCH",
  "SKU_TAKEN",
  "EXTERNAL_ID_TAKEN",
  "NOT_FOUND",
  "INVALID_INPUT",
  "EMAIL_TAKEN",
  "INVITE_INVALID",
  "INVITE_PASSWORD_WRONG",
  "ALREADY_IN_A_SHOP",
  // Refused before any procedure runs (packages/api principal.ts AuthError, docs/api.md).
  "NOT_SIGNED_IN",
  "API_KEY_INVALID",
  "SESSION_EXPIRED",
  "CROSS_ORIGIN_REQUEST",
  "LAST_OWNER",
  "SALE_NOT_STORABLE",
  "SALE_ALREADY_RECORDED",
  "UNKNOWN_TIME_ZONE",
  "RETRY_LATER",
  "TILL_NOT_FOUND",
  "TILL_SERIES_TAKEN",
  "ORIGINAL_SALE_NOT_FOUND",
  "REFUND_LINE_NOT_FOUND",
  "SALE_PARTLY_REFUNDED",
  "REVIEW_ITEM_NOT_FOUND",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

/**
 * The canonical spelling of an IANA time zone name the runtime knows ("europe/berlin" →
 * "Europe/Berlin", "US/Pacific" → "America/Los_Angeles"), or null. Offsets such as "+01:00",
 * which newer browsers accept as zones, are refused: PostgreSQL's pg_timezone_names has no such
 * name, and `AT TIME ZONE '+01:00'` reads it as POSIX, east and west swapped. Checked here:
 * every zone Node 20's Intl lists is in PostgreSQL 15's pg_timezone_names. The server still
 * asks PostgreSQL when a zone is saved (packages/db assertDatabaseTimeZone): a browser's list
 * can be newer than the database's.
 */
export function canonicalTimeZone(value: string): string | null {
  if (!/^[A-Za-z]/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** A time zone name (see `canonicalTimeZone`), parsed to its canonical spelling. */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(...storable)
  .transform((value, ctx) => {
    const canonical = canonicalTimeZone(value);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: "Pick a time zone from the list, e.g. Europe/Berlin" });
    return z.NEVER;
  });

/**
 * A shop's currency: three letters, stored upper-case ("eur" is EUR), the ISO 4217 shape that
 * formatMoney (Intl.NumberFormat) accepts. Sign-up, shop settings and the CLI share it.
 */
export const currencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, "Enter the currency’s three-letter code, e.g. EUR, GBP or USD")
  .transform((value) => value.toUpperCase());

/** The cash rounding increments a shop may choose (DESIGN.md §8); null: no rounding. Here, not in tender.ts, so shop settings can use it without an import cycle. */
export const cashRoundingIncrements = ["0.05", "0.10", "0.50", "1.00"] as const;
export type CashRoundingIncrement = (typeof cashRoundingIncrements)[number];
export const cashRounding = z.enum(cashRoundingIncrements);

/**
 * The names of a shop's other tender methods (voucher, bank transfer…; DESIGN.md §8): 0..20,
 * each 1..64 characters, no two the same ignoring case (a till counts `other:<label>` apart).
 */
export const tenderLabels = z
  .array(text(64).pipe(z.string().min(1, "A tender name cannot be empty")))
  .max(20, "At most 20 tender names")
  .refine((labels) => new Set(labels.map((label) => label.toLowerCase())).size === labels.length, "Each tender name may appear only once");

/** A shop's till retention in whole days, TILL_RETENTION_DAYS.min..max. */
export const tillRetentionDays = z
  .number({ error: "Enter a number of days" })
  .int("Enter whole days")
  .min(TILL_RETENTION_DAYS.min, `Keep sales at least ${TILL_RETENTION_DAYS.min} days`)
  .max(TILL_RETENTION_DAYS.max, `Keep sales at most ${TILL_RETENTION_DAYS.max} days`);

/**
 * shop.update (owners): any subset of the settings. Money settings (DESIGN.md §8): `cashRounding`
 * ("0.05" | "0.10" | "0.50" | "1.00", null: none) applies to the cash-settled part of a sale;
 * `payoutReviewAbove` (an amount, null: none) is the pay-out above which a pay-out with no
 * manager at the till is flagged for review; `tenderLabels` replaces the list of other methods.
 * `scanPrefixes` (DESIGN.md §9) replaces the shop's variable-measure label rules ([]: none).
 * `locale` (issue 21): the BCP 47 tag every screen formats in (null: the browser's language).
 * `tillRetentionDays` (issue 21): see tillRetentionDays.
 */
export const shopUpdateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine(...storable)
    .optional(),
  timezone: timeZone.optional(),
  currency: currencyCode.optional(),
  cashRounding: cashRounding.nullable().optional(),
  payoutReviewAbove: money.nullable().optional(),
  tenderLabels: tenderLabels.optional(),
  scanPrefixes: scanPrefixes.optional(),
  locale: shopLocale.nullable().optional(),
  tillRetentionDays: tillRetentionDays.optional(),
});
export type ShopUpdateInput = z.output<typeof shopUpdateInput>;
