// A manager's review of flagged items (DESIGN.md §7, §8): what the server recorded and flagged
// instead of refusing, listed until a manager says they have looked at it.
import type {
  Page,
  ReviewItemDTO,
  ReviewItemInput,
  ReviewLink,
  ReviewListInput,
  ReviewMarkInput,
  ReviewReason,
  ReviewSubject,
  SaleCashier,
} from "@tillsync/validators";

import { recordAudit } from "../audit";
import { Prisma, TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { decodeCursorAs, page } from "../cursor";
import { SESSION_START } from "../drawer/report";
import { notFound } from "../errors";
import { deliveredBy } from "../sale/dto";
import { FLAGGED, FLAGGED_TABLES, flaggedRows, reviewed, type FlaggedTable } from "./flags";

interface FlaggedRow {
  rank: number;
  subject_kind: "sale" | "drawer_event" | "discarded_sale";
  subject_id: bigint;
  at: Date;
  external_id: string;
  what: ReviewItemDTO["what"];
  reasons: ReviewReason[];
  amount: string | null;
  cashier_id: string | null;
  cashier_status: SaleCashier["status"] | null;
  cashier_name: string | null;
  user_id: string | null;
  user_name: string | null;
  device_name: string | null;
  till_id: number | null;
  till_name: string | null;
  detail: string | null;
  rejection_code: string | null;
  rejection_message: string | null;
  cash_up_date: string | null;
  reviewed_at: Date | null;
  reviewer_id: string | null;
  reviewer_name: string | null;
  reviewer_device: string | null;
  review_note: string | null;
}

const subjectOf = Object.fromEntries(FLAGGED_TABLES.map((source) => [source.dbKind, source.subject])) as Record<FlaggedRow["subject_kind"], ReviewSubject>;

/**
 * The flagged items of the given tables' `branches` (flaggedRows), merged newest first, with
 * the names of who did and who reviewed them, their till, and the cash-up day of a drawer
 * event (the day its session began in the shop's time zone, as the cash-up page lists it).
 */
async function readItems(prisma: PrismaClient, shopId: number, branches: Prisma.Sql[], limit: number): Promise<FlaggedRow[]> {
  return prisma.$queryRaw<FlaggedRow[]>`
    SELECT f.*, t.name AS till_name,
           CASE WHEN f.cashier_status <> 'unknown' THEN (SELECT u.name FROM "user" u WHERE u.id = f.cashier_id) END AS cashier_name,
           (SELECT u.name FROM "user" u WHERE u.id = f.user_id) AS user_name,
           (SELECT k.name FROM api_key k WHERE k.id = f.api_key_id) AS device_name,
           CASE WHEN f.session_id IS NOT NULL THEN
             (SELECT to_char(${SESSION_START} AT TIME ZONE s.timezone, 'YYYY-MM-DD') FROM drawer_event e WHERE e.shop_id = ${shopId} AND e.session_id = f.session_id)
           END AS cash_up_date,
           r.reviewed_at, r.user_id AS reviewer_id, r.note AS review_note,
           (SELECT u.name FROM "user" u WHERE u.id = r.user_id) AS reviewer_name,
           (SELECT k.name FROM api_key k WHERE k.id = r.api_key_id) AS reviewer_device
    FROM (${Prisma.join(branches, " UNION ALL ")}) f
    JOIN shop s ON s.id = ${shopId}
    LEFT JOIN till t ON t.id = f.till_id
    LEFT JOIN flag_review r ON r.shop_id = ${shopId} AND r.subject_kind = f.subject_kind AND r.subject_id = f.subject_id
    ORDER BY f.at DESC, f.rank DESC, f.subject_id DESC
    LIMIT ${limit}`;
}

function linkOf(row: FlaggedRow): ReviewLink | null {
  if (row.subject_kind === "sale") return { page: "sale", saleId: Number(row.subject_id) };
  if (row.subject_kind === "drawer_event" && row.till_id !== null && row.cash_up_date !== null)
    return { page: "cashUp", tillId: row.till_id, date: row.cash_up_date };
  // Discarded sales have no page of their own: the item carries what there is to see.
  return null;
}

function toItemDTO(row: FlaggedRow): ReviewItemDTO {
  return {
    subject: subjectOf[row.subject_kind],
    subjectId: Number(row.subject_id),
    externalId: row.external_id,
    what: row.what,
    reasons: row.reasons,
    at: row.at,
    amount: row.amount,
    cashier: row.cashier_id === null ? null : { id: row.cashier_id, name: row.cashier_name, status: row.cashier_status ?? "unknown" },
    sentBy: deliveredBy(row.device_name, row.user_id, row.user_name),
    till: row.till_id === null ? null : { id: row.till_id, name: row.till_name ?? `Till ${row.till_id}` },
    detail: row.detail,
    rejection: row.rejection_code === null ? null : { code: row.rejection_code, message: row.rejection_message ?? "" },
    link: linkOf(row),
    review:
      row.reviewed_at === null
        ? null
        : { by: deliveredBy(row.reviewer_device, row.reviewer_id, row.reviewer_name), at: row.reviewed_at, note: row.review_note },
  };
}

/** SQL on `x`: after the item at the cursor in the list's order (at, rank, id; all descending). */
function afterCursor(source: FlaggedTable, cursor: [string, number, number] | null) {
  if (!cursor) return Prisma.sql`true`;
  const [at, rank, id] = cursor;
  if (source.rank < rank) return Prisma.sql`${source.at} <= ${at}::timestamptz`;
  if (source.rank > rank) return Prisma.sql`${source.at} < ${at}::timestamptz`;
  return Prisma.sql`(${source.at}, x.id) < (${at}::timestamptz, ${id}::bigint)`;
}

/**
 * The shop's flagged items (DESIGN.md §7, §8) — sales and refunds (over-refund, refund without
 * a manager, tenders that do not add up, a cashier removed or unknown), drawer events (a pay-out
 * above the shop's limit without a manager, a cashier removed or unknown) and discarded
 * rejected sales (discarded without a manager, a cashier removed or unknown) — newest first by
 * when they happened, keyset-paginated (the cursor is opaque; one the server did not make
 * starts from the top). `status`: `unreviewed` (default), `reviewed` or `all`; a reviewed item
 * carries its review. Each table is read through its partial index of flagged rows.
 */
export async function listReviewItems(prisma: PrismaClient, shopId: number, input: ReviewListInput): Promise<Page<ReviewItemDTO>> {
  const cursor = decodeCursorAs(input.cursor, ["instant", "int", "bigint"]);
  const branches = FLAGGED_TABLES.map((source) => {
    const status = input.status === "all" ? Prisma.sql`true` : input.status === "reviewed" ? reviewed(source) : Prisma.sql`NOT ${reviewed(source)}`;
    return flaggedRows(source, shopId, Prisma.sql`${afterCursor(source, cursor)} AND ${status}`, input.limit + 1);
  });
  const rows = await readItems(prisma, shopId, branches, input.limit + 1);
  const result = page(rows, input.limit, (row) => [row.at.toISOString(), row.rank, Number(row.subject_id)]);
  return { items: result.items.map(toItemDTO), nextCursor: result.nextCursor };
}

/** How many of the shop's flagged items no manager has reviewed yet (the nav badge, the dashboard). */
export async function countUnreviewed(prisma: PrismaClient, shopId: number): Promise<{ unreviewed: number }> {
  const counts = FLAGGED_TABLES.map(
    (source) => Prisma.sql`(SELECT count(*) FROM ${source.table} x WHERE x.shop_id = ${shopId} AND ${source.flagged} AND NOT ${reviewed(source)})`,
  );
  const [row] = await prisma.$queryRaw<{ unreviewed: bigint }[]>`SELECT ${Prisma.join(counts, " + ")} AS unreviewed`;
  return { unreviewed: Number(row!.unreviewed) };
}

const itemNotFound = (input: ReviewItemInput) =>
  notFound(
    "REVIEW_ITEM_NOT_FOUND",
    `There is no flagged ${{ sale: "sale", drawerEvent: "drawer event", discardedSale: "discarded sale" }[input.subject]} ${input.subjectId} in this shop to review.`,
  );

/**
 * One flagged item of the shop, with its review if it has one. Errors: REVIEW_ITEM_NOT_FOUND
 * (404) when the shop has no such record, or has it but it is not flagged.
 */
export async function getReviewItem(prisma: PrismaClient, shopId: number, input: ReviewItemInput): Promise<ReviewItemDTO> {
  const [row] = await readItems(prisma, shopId, [flaggedRows(FLAGGED[input.subject], shopId, Prisma.sql`x.id = ${input.subjectId}::bigint`, 1)], 1);
  if (!row) throw itemNotFound(input);
  return toItemDTO(row);
}

/**
 * A manager says they have looked at a flagged item (DESIGN.md §7, §8): appends its review
 * (who: the staff member or manager API key of `actor`; when: now; the note) to flag_review,
 * which is append-only. Idempotent per item: reviewing it again, or concurrently, stores
 * nothing more and answers the first review (`replayed: true`; its note is kept, the new one
 * dropped). Errors: REVIEW_ITEM_NOT_FOUND (404) for a record the shop does not have (another
 * shop's included) or one that is not flagged.
 */
export async function markReviewed(prisma: PrismaClient, actor: Actor, input: ReviewMarkInput): Promise<{ item: ReviewItemDTO; replayed: boolean }> {
  const source = FLAGGED[input.subject];
  const inserted = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: number }[]>`
    INSERT INTO flag_review (shop_id, subject_kind, subject_id, user_id, api_key_id, note)
    SELECT ${actor.shopId}, ${source.dbKind}::review_subject, x.id, ${actor.userId ?? null}, ${actor.apiKeyId ?? null}::int, ${input.note ?? null}
    FROM ${source.table} x
    WHERE x.shop_id = ${actor.shopId} AND x.id = ${input.subjectId}::bigint AND ${source.flagged}
    -- Reviewed already, or at this moment by another manager: the first review stands.
    ON CONFLICT (shop_id, subject_kind, subject_id) DO NOTHING
    RETURNING id`;
    if (rows.length > 0) {
      await recordAudit(tx, actor, {
        action: "review.marked",
        subject: { kind: input.subject, id: input.subjectId },
        before: { reviewed: false },
        after: { reviewed: true, note: input.note ?? null },
      });
    }
    return rows;
  }, TX_OPTIONS);
  return { item: await getReviewItem(prisma, actor.shopId, input), replayed: inserted.length === 0 };
}
