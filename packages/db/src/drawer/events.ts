import type { DrawerEventDTO, DrawerEventInput } from "@tillsync/validators";

import { Prisma, type PrismaClient, type Tx } from "../db";
import { money } from "../decimal";
import { sha256 } from "../sale/fingerprint";

/** A drawer event as stored, with what a replay compares. */
export interface StoredDrawerEvent {
  event: DrawerEventDTO;
  fingerprint: string;
}

interface DrawerEventRow {
  id: string;
  external_id: string;
  fingerprint: string;
  till_id: number;
  session_id: string;
  kind: "open" | "pay_in" | "pay_out" | "close";
  amount: string | null;
  reason: string | null;
  counted: DrawerEventDTO["counted"];
  z_number: number | null;
  occurred_at: Date;
  received_at: Date;
  cashier_id: string | null;
  cashier_status: "member" | "former" | "unknown" | null;
  cashier_name: string | null;
  needs_review: boolean;
  late: boolean;
}

/** The database's spelling of each kind (enum drawer_event_kind). */
export const dbKind = { open: "open", payIn: "pay_in", payOut: "pay_out", close: "close" } as const;
const apiKind = { open: "open", pay_in: "payIn", pay_out: "payOut", close: "close" } as const;

/**
 * The fingerprint of a drawer event's facts (DESIGN.md §3.2 as §8 applies it to drawer
 * events): till, session, kind, amount, reason, counted amounts, Z number, the instant of
 * the till's clock and the cashier the till named; amounts normalised ("5" = "5.00").
 * Delivery metadata (`sourceDevice`) is left out, so a retry from an upgraded till replays.
 * Version 1; stored events are compared under it.
 */
export function drawerEventFingerprint(input: DrawerEventInput, at: Date | null): string {
  return sha256(
    JSON.stringify({
      v: 1,
      till: input.tillId,
      session: input.sessionId,
      kind: input.kind,
      amount: input.amount === undefined ? null : money(input.amount),
      reason: input.reason ?? null,
      counted: input.counted?.map((count) => [count.method, count.label ?? null, money(count.amount)]) ?? null,
      z: input.zNumber ?? null,
      at: at?.toISOString() ?? null,
      cashier: input.cashierId ?? null,
    }),
  );
}

/**
 * The shop's drawer events matching `where` (on `e`), in the order they happened. A cashier
 * the shop never had is shown by id only, as for sales (sale/dto.ts storedSales).
 */
export async function readDrawerEvents(db: PrismaClient | Tx, shopId: number, where: Prisma.Sql): Promise<StoredDrawerEvent[]> {
  const rows = await db.$queryRaw<DrawerEventRow[]>`
    SELECT e.id::text AS id, e.external_id::text AS external_id, e.fingerprint, e.till_id, e.session_id::text AS session_id, e.kind::text AS kind,
           e.amount::text AS amount, e.reason, e.counted, e.z_number, e.occurred_at, e.received_at, e.cashier_id, e.cashier_status::text AS cashier_status,
           CASE WHEN e.cashier_status <> 'unknown' THEN (SELECT u.name FROM "user" u WHERE u.id = e.cashier_id) END AS cashier_name,
           e.needs_review, e.late
    FROM drawer_event e
    WHERE e.shop_id = ${shopId} AND ${where}
    ORDER BY e.occurred_at, e.id`;
  return rows.map((row) => ({ event: toDrawerEventDTO(row), fingerprint: row.fingerprint }));
}

function toDrawerEventDTO(row: DrawerEventRow): DrawerEventDTO {
  return {
    id: Number(row.id),
    externalId: row.external_id,
    tillId: row.till_id,
    sessionId: row.session_id,
    kind: apiKind[row.kind],
    amount: row.amount,
    reason: row.reason,
    counted: row.counted,
    zNumber: row.z_number,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    cashier: row.cashier_id === null ? null : { id: row.cashier_id, name: row.cashier_name, status: row.cashier_status ?? "unknown" },
    needsReview: row.needs_review,
    late: row.late,
  };
}

/** The event stored under this externalId in the shop, if any. */
export async function findDrawerEvent(db: PrismaClient | Tx, shopId: number, externalId: string): Promise<StoredDrawerEvent | undefined> {
  const [stored] = await readDrawerEvents(db, shopId, Prisma.sql`e.external_id = ${externalId}::uuid`);
  return stored;
}
