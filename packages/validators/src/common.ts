import { z } from "zod";

/**
 * Database ids on the wire: positive integers. Products, alerts, API keys live in INTEGER
 * columns, so an id past 2^31 - 1 names nothing and is refused here rather than by the
 * database; sales are BIGINT (`bigId`).
 */
export const id = z.number().int().positive().max(2_147_483_647);
export const bigId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** Text the database can store: PostgreSQL refuses the NUL character in any string. */
export const noNul = [/^[^\u0000]*$/, "must not contain the NUL character"] as const;
export const uuid = z.uuid().transform((value) => value.toLowerCase());
/** A calendar date in the shop's time zone. */
export const localDate = z.iso.date();
/** An instant: an ISO-8601 string with a time zone, or a Date (superjson). */
export const instant = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((value) => new Date(value));

export const pageSize = z.number().int().min(1).max(200).default(50);
export const cursor = z.string().max(200).optional();

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
  "LAST_OWNER",
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

/** An IANA time zone name the runtime knows (reports bucket sales by it). */
export const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone");

export const shopUpdateInput = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  timezone: timeZone.optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{3}$/, "A three-letter ISO 4217 code")
    .transform((value) => value.toUpperCase())
    .optional(),
});
export type ShopUpdateInput = z.output<typeof shopUpdateInput>;
