import { drawerReport, isStorableInstant, type DrawerEventDTO, type DrawerEventInput, type SaleInput } from "@tillsync/validators";

import { Prisma, TX_OPTIONS, type Actor, type PrismaClient, type Tx } from "../db";
import { money, toDec } from "../decimal";
import { DomainError, isUniqueViolation, UNIQUE } from "../errors";
import { pendingSale } from "../sale/pending";
import { occurredAtOf } from "../sale/write";
import { cashierStatusSql, managerAtTillSql } from "../staff/sql";
import { tillNotFound } from "../till/manage";
import { dbKind, drawerEventFingerprint, findDrawerEvent, readDrawerEvents, type StoredDrawerEvent } from "./events";
import { sessionActivity, sessionSales, type ZSnapshot } from "./report";

export interface RecordedDrawerEvent {
  event: DrawerEventDTO;
  replayed: boolean;
}

/**
 * Records a drawer event (open, pay-in, pay-out, close) exactly once (DESIGN.md §8, with
 * §3.2's idempotency): by (shop, externalId), the same facts (drawerEventFingerprint) replay
 * the stored event (`replayed: true`); other facts are IDEMPOTENCY_KEY_REUSED
 * (UNPROCESSABLE_CONTENT, `details.storedEventId`), nothing written; concurrent duplicates
 * store one row and the others replay it. The clock is read as a sale's (§3.9, §7: sale/
 * pending.ts and occurredAtOf): never refused, adjusted to the arrival time when untrusted.
 * The cashier the till named (else the signed-in staff member) is checked like a sale's.
 *
 * Events of one till are serialised by locking the till row, so `late` is exact: an event
 * whose session already has a Z report is recorded late, shown as an amendment, never folded
 * in. A `close` of a session without a Z report writes it: number = the till's zNumber,
 * report = drawerReport of the session's activity (report.ts), as a ZSnapshot. A pay-out
 * above the shop's payout_review_above with no manager at the till (neither the principal
 * nor the cashier is an owner or manager; a manager API key counts as one) is recorded with
 * `needsReview` (§8: manager-only actions are flagged, never refused).
 * Errors: TILL_NOT_FOUND (not a till of this shop), IDEMPOTENCY_KEY_REUSED.
 */
export async function recordDrawerEvent(prisma: PrismaClient, actor: Actor, input: DrawerEventInput): Promise<RecordedDrawerEvent> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: actor.shopId }, select: { timezone: true, payoutReviewAbove: true } });
  // A drawer event carries its clock and cashier as a sale does; pendingSale reads only those.
  const pending = pendingSale(actor, { clientTimestamp: input.clientTimestamp, cashierId: input.cashierId } as SaleInput, shop.timezone);
  const fingerprint = drawerEventFingerprint(input, pending.clock?.at ?? null);
  const stored = await findDrawerEvent(prisma, actor.shopId, input.externalId);
  if (stored) return replay(stored, fingerprint);
  const write = () =>
    prisma.$transaction(async (tx) => {
      // FOR UPDATE, not NO KEY UPDATE: it also waits for sales being written with this till_id (their
      // foreign key holds KEY SHARE on the row) and holds new ones back, so a Z report counts every
      // sale of the till that committed before it.
      const [till] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM till WHERE id = ${input.tillId} AND shop_id = ${actor.shopId} FOR UPDATE`;
      if (!till) throw tillNotFound(input.tillId);
      // A duplicate for this till that committed while we waited for the lock.
      const raced = await findDrawerEvent(tx, actor.shopId, input.externalId);
      if (raced) return { raced, event: undefined };
      const receivedAt = new Date();
      const { occurredAt, adjusted } = occurredAtOf(pending, receivedAt);
      const [state] = await tx.$queryRaw<{ late: boolean; manager: boolean }[]>`
        SELECT EXISTS (SELECT FROM z_report WHERE shop_id = ${actor.shopId} AND session_id = ${input.sessionId}::uuid) AS late,
               ${managerAtTillSql(actor, pending.cashierId)} AS manager`;
      const limit = shop.payoutReviewAbove;
      const needsReview = input.kind === "payOut" && limit !== null && toDec(input.amount!).gt(toDec(limit)) && !state!.manager;
      // An instant timestamptz cannot take is kept only as the text sent, as for sales.
      const clientTimestamp = pending.clock && isStorableInstant(pending.clock.at) ? pending.clock.at.toISOString() : null;
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO drawer_event (shop_id, external_id, fingerprint, till_id, session_id, kind, amount, reason, counted, z_number, source_device, api_key_id,
                                  user_id, cashier_id, cashier_status, client_timestamp, client_clock, occurred_at, received_at, clock_adjusted, needs_review, late)
        VALUES (${actor.shopId}, ${input.externalId}::uuid, ${fingerprint}, ${input.tillId}, ${input.sessionId}::uuid, ${dbKind[input.kind]}::drawer_event_kind,
                ${input.amount === undefined ? null : money(input.amount)}::numeric, ${input.reason ?? null},
                ${input.counted ? JSON.stringify(input.counted.map((count) => ({ method: count.method, label: count.label ?? null, amount: money(count.amount) }))) : null}::jsonb,
                ${input.zNumber ?? null}::int, ${input.sourceDevice ?? null}, ${actor.apiKeyId ?? null}::int, ${actor.userId ?? null}, ${pending.cashierId},
                ${cashierStatusSql(actor.shopId, Prisma.sql`${pending.cashierId}`)},
                ${clientTimestamp}::timestamptz, ${pending.clock?.text ?? null},
                ${occurredAt.toISOString()}::timestamptz, ${receivedAt.toISOString()}::timestamptz, ${adjusted}, ${needsReview}, ${state!.late})
        RETURNING id::text AS id`;
      if (input.kind === "close" && !state!.late) await writeZReport(tx, actor.shopId, input, BigInt(row!.id));
      const [event] = await readDrawerEvents(tx, actor.shopId, Prisma.sql`e.id = ${row!.id}::bigint`);
      return { raced: undefined, event: event!.event };
    }, TX_OPTIONS);
  try {
    const outcome = await write().catch((error: unknown) => {
      // The session was closed at this moment under another till's lock (one session UUID sent
      // from two tills): that Z report stands, and this event is recorded again, now late.
      if (isUniqueViolation(error, UNIQUE.zReportSession)) return write();
      throw error;
    });
    return outcome.raced ? replay(outcome.raced, fingerprint) : { event: outcome.event, replayed: false };
  } catch (error) {
    // A concurrent duplicate (on another till's lock) committed first: answer as a replay.
    if (!isUniqueViolation(error, UNIQUE.drawerEventExternalId)) throw error;
    const winner = await findDrawerEvent(prisma, actor.shopId, input.externalId);
    if (!winner) throw error;
    return replay(winner, fingerprint);
  }
}

/** The stored event, or IDEMPOTENCY_KEY_REUSED naming it when the facts differ (DESIGN.md §3.2). */
function replay(stored: StoredDrawerEvent, fingerprint: string): RecordedDrawerEvent {
  if (stored.fingerprint !== fingerprint) {
    throw new DomainError(
      "UNPROCESSABLE_CONTENT",
      "IDEMPOTENCY_KEY_REUSED",
      `externalId ${stored.event.externalId} was already used for a different drawer event (event ${stored.event.id}); use a new externalId for a new event.`,
      { storedEventId: stored.event.id },
    );
  }
  return { event: stored.event, replayed: true };
}

/**
 * The Z report of the session being closed (DESIGN.md §8), inside the till's lock: the
 * session's events recorded so far (the close included) and its sales and refunds, through
 * drawerReport, stored with the ids of the sales it counted.
 */
async function writeZReport(tx: Tx, shopId: number, input: DrawerEventInput, closeEventId: bigint) {
  const [events, sales] = await Promise.all([
    readDrawerEvents(tx, shopId, Prisma.sql`e.session_id = ${input.sessionId}::uuid`),
    sessionSales(tx, shopId, input.sessionId),
  ]);
  const close = events.find((row) => row.event.id === Number(closeEventId))!.event;
  const snapshot: ZSnapshot = {
    report: drawerReport(
      sessionActivity(
        events.map((row) => row.event),
        sales,
        close,
      ),
    ),
    saleIds: sales.map((sale) => sale.id),
  };
  await tx.$executeRaw`
    INSERT INTO z_report (shop_id, till_id, session_id, number, close_event_id, report)
    VALUES (${shopId}, ${input.tillId}, ${input.sessionId}::uuid, ${input.zNumber!}, ${closeEventId}, ${JSON.stringify(snapshot)}::jsonb)`;
}
