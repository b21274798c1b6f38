// Zod-free: the till reads it at first load (issue 21); common.ts's tillRetentionDays is its schema.

/**
 * How many days a till keeps a synced sale in its browser outbox (issue 21), counted from when
 * the server recorded it: the till refunds and reprints from these records, so the default
 * covers a usual 28-day return window with room to spare. Older sales are refunded and
 * reprinted from the admin app's sale page. Bounds: a week (a till that has been off over a
 * weekend still finds last week's sales) to a year (what a browser's storage is trusted with).
 */
export const TILL_RETENTION_DAYS = { min: 7, max: 365, default: 35 } as const;
