import type { PaperWidth, TillClaimDTO, TillClaimInput, TillCreateInput, TillDTO, TillUpdateInput } from "@tillsync/validators";

import { changedFields, recordAudit } from "../audit";
import { Prisma, TX_OPTIONS, type Actor, type PrismaClient, type Tx } from "../db";
import { openSessionBaseline } from "../drawer/report";
import { DomainError, isUniqueViolation, notFound, UNIQUE } from "../errors";

const tillSelect = { id: true, name: true, series: true, apiKeyId: true, claimedAt: true, archivedAt: true, printReceipt: true, paperWidth: true } as const;

/** The till as the DTO says it: the paper width is 58 or 80 (validators paperWidth; the column's CHECK). */
const toTillDTO = <T extends { paperWidth: number }>(till: T) => ({ ...till, paperWidth: till.paperWidth as PaperWidth });

export const tillNotFound = (id: number) => notFound("TILL_NOT_FOUND", `Till ${id} was not found in this shop.`);

/** A series code another till of the shop has (constraint till_shop_id_series_key) is TILL_SERIES_TAKEN (CONFLICT). */
function uniqueViolation(error: unknown): never {
  if (isUniqueViolation(error, UNIQUE.tillSeries))
    throw new DomainError("CONFLICT", "TILL_SERIES_TAKEN", "Another till of this shop already uses this series code.");
  throw error;
}

/**
 * Checks that `apiKeyId` is a device key of this shop that is not revoked (NOT_FOUND
 * otherwise) and takes it off any other till of the shop: a key is bound to one till at a
 * time, and binding it again moves it (DESIGN.md §8).
 */
async function takeApiKey(tx: Tx, shopId: number, tillId: number | null, apiKeyId: number) {
  const key = await tx.apiKey.findFirst({ where: { id: apiKeyId, shopId, role: "device", revokedAt: null }, select: { id: true } });
  if (!key) throw notFound("NOT_FOUND", `API key ${apiKeyId} is not a device key of this shop (or it was revoked).`);
  await tx.till.updateMany({ where: { shopId, apiKeyId, ...(tillId === null ? {} : { id: { not: tillId } }) }, data: { apiKeyId: null } });
}

/**
 * A manager creates a till (DESIGN.md §8): name, receipt series code (unique per shop,
 * stored upper-case), optionally bound to a device API key of the shop. Errors:
 * TILL_SERIES_TAKEN (CONFLICT), NOT_FOUND for a key that is not the shop's device key.
 */
export async function createTill(prisma: PrismaClient, actor: Actor, input: TillCreateInput): Promise<TillDTO> {
  try {
    return await prisma.$transaction(async (tx) => {
      if (input.apiKeyId) await takeApiKey(tx, actor.shopId, null, input.apiKeyId);
      const till = await tx.till.create({
        data: {
          shopId: actor.shopId,
          name: input.name,
          series: input.series,
          apiKeyId: input.apiKeyId ?? null,
          printReceipt: input.printReceipt,
          paperWidth: input.paperWidth,
        },
        select: tillSelect,
      });
      const { id: _id, claimedAt: _claimed, archivedAt: _archived, ...after } = till;
      await recordAudit(tx, actor, { action: "till.created", subject: { kind: "till", id: till.id }, after });
      return toTillDTO(till);
    }, TX_OPTIONS);
  } catch (error) {
    uniqueViolation(error);
  }
}

/**
 * A manager renames a till, changes its series, binds (`apiKeyId`) or unbinds (`null`) a
 * device key, or archives it (`archived: true`; false brings it back). Archived tills are
 * not claimed by browsers; their events and reports stay. Errors: TILL_NOT_FOUND,
 * TILL_SERIES_TAKEN, NOT_FOUND (key).
 */
export async function updateTill(prisma: PrismaClient, actor: Actor, input: TillUpdateInput): Promise<TillDTO> {
  try {
    return await prisma.$transaction(async (tx) => {
      const till = await tx.till.findFirst({ where: { id: input.id, shopId: actor.shopId }, select: tillSelect });
      if (!till) throw tillNotFound(input.id);
      if (input.apiKeyId) await takeApiKey(tx, actor.shopId, till.id, input.apiKeyId);
      const archivedAt = input.archived === undefined ? undefined : input.archived ? (till.archivedAt ?? new Date()) : null;
      const updated = await tx.till.update({
        where: { id: till.id },
        data: { name: input.name, series: input.series, apiKeyId: input.apiKeyId, archivedAt, printReceipt: input.printReceipt, paperWidth: input.paperWidth },
        select: tillSelect,
      });
      await auditTillUpdate(tx, actor, till, updated);
      return toTillDTO(updated);
    }, TX_OPTIONS);
  } catch (error) {
    uniqueViolation(error);
  }
}

type TillRow = Prisma.TillGetPayload<{ select: typeof tillSelect }>;

/**
 * One audit entry for one till update, named by its most significant change: archived or
 * restored, else a device key bound, moved or unbound (`till.keyBound`), else `till.edited`
 * (name, series, receipt settings); before/after hold every field it changed.
 */
async function auditTillUpdate(tx: Tx, actor: Actor, before: TillRow, after: TillRow) {
  const { id: _id, claimedAt: _claimed, ...was } = before;
  const { id: _sameId, claimedAt: _sameClaim, ...now } = after;
  const change = changedFields(was, now);
  if (!change) return;
  const action =
    "archivedAt" in change.after ? (after.archivedAt ? "till.archived" : "till.restored") : "apiKeyId" in change.after ? "till.keyBound" : "till.edited";
  await recordAudit(tx, actor, { action, subject: { kind: "till", id: after.id }, ...change });
}

/** The shop's tills, archived last, then by name (any staff member or device key). */
export async function listTills(prisma: PrismaClient, shopId: number): Promise<TillDTO[]> {
  const tills = await prisma.till.findMany({
    where: { shopId },
    select: tillSelect,
    orderBy: [{ archivedAt: { sort: "desc", nulls: "first" } }, { name: "asc" }, { id: "asc" }],
  });
  return tills.map(toTillDTO);
}

/**
 * A browser claims a till (DESIGN.md §8), online: the till is now held by `claimId` (the
 * browser's own UUID, kept in its storage); a browser that held it before loses it
 * (`tookOver`) and learns so from tillStatus. The answer carries where the till's counters
 * stand on the server, so a browser whose storage was wiped continues from them:
 * `lastZNumber` is the highest Z number of the till's close events (0: none), and
 * `openSessionId` the latest session with an open event and no close, `openSession` what was
 * recorded in it (drawer/report.ts openSessionBaseline); `lastReceiptCounter` the
 * highest receipt counter of the till's series in the shop (0: none; DESIGN.md §9). Errors:
 * TILL_NOT_FOUND (another shop's or an unknown till; an archived one, saying so). A claim by a
 * browser that did not hold the till is audited (`till.claimed`), a re-claim by its holder is not.
 */
export async function claimTill(prisma: PrismaClient, actor: Actor, input: TillClaimInput): Promise<TillClaimDTO> {
  return prisma.$transaction(async (tx) => {
    const [held] = await tx.$queryRaw<{ claim_id: string | null; archived: boolean }[]>`
      SELECT claim_id::text AS claim_id, archived_at IS NOT NULL AS archived FROM till WHERE id = ${input.tillId} AND shop_id = ${actor.shopId} FOR UPDATE`;
    if (!held) throw tillNotFound(input.tillId);
    if (held.archived) throw notFound("TILL_NOT_FOUND", `Till ${input.tillId} is archived; a manager can bring it back under Tills in the admin app.`);
    const till = await tx.till.update({ where: { id: input.tillId }, data: { claimId: input.claimId, claimedAt: new Date() }, select: tillSelect });
    if (held.claim_id !== input.claimId) {
      await recordAudit(tx, actor, {
        action: "till.claimed",
        subject: { kind: "till", id: input.tillId },
        after: { name: till.name, tookOverFromAnotherBrowser: held.claim_id !== null },
      });
    }
    const [counters] = await tx.$queryRaw<{ last_z: number; open_session: string | null; last_receipt: number }[]>(tillCounters(actor.shopId, input.tillId));
    return {
      till: toTillDTO(till),
      lastZNumber: counters!.last_z,
      lastReceiptCounter: counters!.last_receipt,
      openSessionId: counters!.open_session,
      openSession: counters!.open_session ? await openSessionBaseline(tx, actor.shopId, counters!.open_session) : null,
      tookOver: held.claim_id !== null && held.claim_id !== input.claimId,
    };
  }, TX_OPTIONS);
}

/** The highest Z number the server has for a till and its open session (see claimTill). */
const tillCounters = (shopId: number, tillId: number) => Prisma.sql`
  SELECT coalesce((SELECT max(z_number) FROM drawer_event WHERE shop_id = ${shopId} AND till_id = ${tillId} AND kind = 'close'), 0)::int AS last_z,
         (SELECT o.session_id::text FROM drawer_event o
          WHERE o.shop_id = ${shopId} AND o.till_id = ${tillId} AND o.kind = 'open'
            AND NOT EXISTS (SELECT FROM drawer_event c WHERE c.shop_id = ${shopId} AND c.session_id = o.session_id AND c.kind = 'close')
          ORDER BY o.occurred_at DESC, o.id DESC LIMIT 1) AS open_session,
         -- A backward walk of sale_receipt_idx: receipt numbers are per series (validators receipt.ts).
         coalesce((SELECT max(s.receipt_counter) FROM sale s
                   WHERE s.shop_id = ${shopId} AND s.receipt_series = (SELECT t.series FROM till t WHERE t.id = ${tillId})), 0)::int AS last_receipt`;

/** Whether the browser with `claimId` still holds the till (another may have claimed it since). Errors: TILL_NOT_FOUND. */
export async function tillStatus(prisma: PrismaClient, actor: Actor, input: TillClaimInput): Promise<{ held: boolean; till: TillDTO }> {
  const row = await prisma.till.findFirst({ where: { id: input.tillId, shopId: actor.shopId }, select: { ...tillSelect, claimId: true } });
  if (!row) throw tillNotFound(input.tillId);
  const { claimId, ...till } = row;
  return { held: claimId === input.claimId && till.archivedAt === null, till: toTillDTO(till) };
}
