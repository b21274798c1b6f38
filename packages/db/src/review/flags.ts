import type { ReviewSubject } from "@tillsync/validators";

import { Prisma } from "../db";
import { cashWithoutDrawerSql } from "../sale/dto";

/**
 * One home for what the server flags for a manager instead of refusing (DESIGN.md §7, §8),
 * per table it flags rows of, read the same way by the review list, its count, one item and
 * markReviewed. Each table's row is aliased `x`.
 */
export interface FlaggedTable {
  subject: ReviewSubject;
  /** Its spelling in the review_subject enum (flag_review.subject_kind). */
  dbKind: "sale" | "drawer_event" | "discarded_sale";
  /** Items of one instant sort by this, then by id, newest first (part of the list's keyset). */
  rank: number;
  table: Prisma.Sql;
  /** When it happened. */
  at: Prisma.Sql;
  /**
   * Whether the row is flagged: the predicate of the table's *_flagged_idx partial index
   * (migrations 20261202000100_flag_review, 20261205000100_cash_without_drawer), word for word
   * or implying it, so the planner uses it.
   */
  flagged: Prisma.Sql;
  /** The item's columns (FlaggedRow) read from `x`. */
  columns: Prisma.Sql;
}

/** A cashier the till named who has left the shop's staff, or was never on it (DESIGN.md §7). */
const cashierReason = Prisma.sql`CASE x.cashier_status WHEN 'former' THEN 'cashierRemoved' WHEN 'unknown' THEN 'cashierUnknown' END`;

export const FLAGGED: Record<ReviewSubject, FlaggedTable> = {
  sale: {
    subject: "sale",
    dbKind: "sale",
    rank: 3,
    table: Prisma.sql`sale`,
    at: Prisma.sql`x.occurred_at`,
    // The index's predicate has x.cash_without_drawer where this has cashWithoutDrawerSql, which implies it: the planner proves that and uses the index.
    flagged: Prisma.sql`(x.over_refund OR x.needs_review OR x.tender_mismatch OR ${cashWithoutDrawerSql(Prisma.sql`x`)} OR x.cashier_status IN ('former', 'unknown'))`,
    // needs_review is set on refunds only (refund/record.ts); sales and reversals are never manager-only.
    columns: Prisma.sql`
      x.external_id::text AS external_id, x.kind::text AS what,
      array_remove(ARRAY[CASE WHEN x.over_refund THEN 'overRefund' END, CASE WHEN x.needs_review THEN 'refundWithoutManager' END,
                         CASE WHEN x.tender_mismatch THEN 'tenderMismatch' END, CASE WHEN ${cashWithoutDrawerSql(Prisma.sql`x`)} THEN 'cashWithoutDrawer' END,
                         ${cashierReason}], NULL) AS reasons,
      x.total::text AS amount, x.till_id, x.reason AS detail, NULL::text AS rejection_code, NULL::text AS rejection_message, NULL::uuid AS session_id`,
  },
  drawerEvent: {
    subject: "drawerEvent",
    dbKind: "drawer_event",
    rank: 2,
    table: Prisma.sql`drawer_event`,
    at: Prisma.sql`x.occurred_at`,
    flagged: Prisma.sql`(x.needs_review OR x.cashier_status IN ('former', 'unknown'))`,
    // needs_review is set on pay-outs above the shop's limit only (drawer/record.ts).
    columns: Prisma.sql`
      x.external_id::text AS external_id, CASE x.kind WHEN 'pay_in' THEN 'payIn' WHEN 'pay_out' THEN 'payOut' ELSE x.kind::text END AS what,
      array_remove(ARRAY[CASE WHEN x.needs_review THEN 'payOutAboveLimit' END, ${cashierReason}], NULL) AS reasons,
      x.amount::text AS amount, x.till_id, x.reason AS detail, NULL::text AS rejection_code, NULL::text AS rejection_message, x.session_id`,
  },
  discardedSale: {
    subject: "discardedSale",
    dbKind: "discarded_sale",
    rank: 1,
    table: Prisma.sql`discarded_sale`,
    at: Prisma.sql`x.discarded_at`,
    flagged: Prisma.sql`(x.needs_review OR x.cashier_status IN ('former', 'unknown'))`,
    columns: Prisma.sql`
      x.external_id::text AS external_id, 'discardedSale' AS what,
      array_remove(ARRAY[CASE WHEN x.needs_review THEN 'discardWithoutManager' END, ${cashierReason}], NULL) AS reasons,
      NULL::text AS amount, NULL::int AS till_id, x.reason AS detail, x.rejection_code::text AS rejection_code,
      x.rejection_message::text AS rejection_message, NULL::uuid AS session_id`,
  },
};

export const FLAGGED_TABLES = Object.values(FLAGGED);

/** SQL: whether the row `x` of this table has a review. */
export const reviewed = (source: FlaggedTable) =>
  Prisma.sql`EXISTS (SELECT FROM flag_review r WHERE r.shop_id = x.shop_id AND r.subject_kind = ${source.dbKind}::review_subject AND r.subject_id = x.id)`;

/**
 * SQL: the shop's flagged rows of one table matching `where` (on `x`), newest first, at most
 * `limit`, with the columns every table shares (FlaggedRow without names).
 */
export const flaggedRows = (source: FlaggedTable, shopId: number, where: Prisma.Sql, limit: number) => Prisma.sql`
  (SELECT ${source.rank}::int AS rank, ${source.dbKind}::review_subject AS subject_kind, x.id::bigint AS subject_id, ${source.at} AS at,
          x.cashier_id, x.cashier_status::text AS cashier_status, x.user_id, x.api_key_id, ${source.columns}
   FROM ${source.table} x
   WHERE x.shop_id = ${shopId} AND ${source.flagged} AND ${where}
   ORDER BY ${source.at} DESC, x.id DESC
   LIMIT ${limit})`;
