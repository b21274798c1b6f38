import {
  drawerReport,
  type CashUpInput,
  type DrawerActivity,
  type DrawerEventDTO,
  type DrawerListInput,
  type DrawerReport,
  type DrawerSessionReportDTO,
  type OpenDrawerSessionDTO,
  type SaleDTO,
} from "@tillsync/validators";

import { Prisma, type PrismaClient, type Tx } from "../db";
import { D } from "../decimal";
import { notFound } from "../errors";
import { storedSales, toSaleDTO, type StoredRow } from "../sale/dto";
import { tillNotFound } from "../till/manage";
import { readDrawerEvents } from "./events";

/**
 * What a Z report stores (z_report.report), fixed when its session closed: the report and
 * the sales and refunds it counted. Sales of the session recorded later are the amendment.
 */
export interface ZSnapshot {
  report: DrawerReport;
  saleIds: number[];
}

/** The session's sales and partial refunds (DESIGN.md §8: they carry drawer_session_id), in the order they happened. */
export async function sessionSales(db: PrismaClient | Tx, shopId: number, sessionId: string): Promise<SaleDTO[]> {
  const rows = await db.$queryRaw<StoredRow[]>(
    Prisma.sql`${storedSales(shopId, Prisma.sql`s.drawer_session_id = ${sessionId}::uuid AND s.kind IN ('sale', 'refund')`)} ORDER BY s.occurred_at, s.id`,
  );
  return rows.map(toSaleDTO);
}

/**
 * A session's activity as drawerReport reads it (validators drawer.ts, the function the till
 * uses too, so both agree to the cent): the float of its first open event, pay-ins and
 * pay-outs, each sale's tenders (+1) and each refund's (−1) with its cash rounding signed
 * alike, and the amounts counted at `close` (null: an X report).
 */
export function sessionActivity(events: readonly DrawerEventDTO[], sales: readonly SaleDTO[], close: DrawerEventDTO | null): DrawerActivity {
  const amounts = (kind: DrawerEventDTO["kind"]) => events.filter((event) => event.kind === kind).map((event) => event.amount ?? "0.00");
  return {
    float: amounts("open")[0] ?? "0.00",
    payments: sales.flatMap((sale) =>
      sale.tenders.map((tender) => ({
        direction: sale.kind === "refund" ? (-1 as const) : (1 as const),
        method: tender.method,
        label: tender.label,
        amount: tender.amount,
      })),
    ),
    payIns: amounts("payIn"),
    payOuts: amounts("payOut"),
    rounding: sales.map((sale) => (sale.kind === "refund" ? new D(sale.rounding).negated().toFixed(2) : sale.rounding)),
    counted: close?.counted ?? null,
  };
}

/**
 * The session open on a till as recorded so far (validators OpenDrawerSessionDTO, DESIGN.md
 * §8), for claimTill: its activity (counted null) and the external ids of the events, sales
 * and refunds in it; `openedAt` is its open event's till clock.
 */
export async function openSessionBaseline(db: PrismaClient | Tx, shopId: number, sessionId: string): Promise<OpenDrawerSessionDTO> {
  const [stored, sales] = await Promise.all([readDrawerEvents(db, shopId, Prisma.sql`e.session_id = ${sessionId}::uuid`), sessionSales(db, shopId, sessionId)]);
  const events = stored.map(({ event }) => event);
  return {
    sessionId,
    openedAt: events.find((event) => event.kind === "open")?.occurredAt ?? events[0]!.occurredAt,
    activity: sessionActivity(events, sales, null),
    externalIds: [...events.map((event) => event.externalId), ...sales.flatMap((sale) => (sale.externalId ? [sale.externalId] : []))],
  };
}

/** The X or Z report of one session of the shop (DESIGN.md §8); see sessionReport. Errors: NOT_FOUND. */
export async function getDrawerSession(prisma: PrismaClient, shopId: number, sessionId: string): Promise<DrawerSessionReportDTO> {
  const report = await sessionReport(prisma, shopId, sessionId);
  if (!report) throw notFound("NOT_FOUND", `Drawer session ${sessionId} was not found in this shop.`);
  return report;
}

/**
 * A drawer session's report (DESIGN.md §8), or undefined when the shop has no event or
 * sale of it. Open (no Z report): an X report computed now from everything recorded. Closed:
 * the Z report as stored when it closed, never recomputed; events recorded after it
 * (`late`) and sales of the session it did not count are the `amendment`, with the report
 * as it stands with them. `zNumberFlag`: another Z report of the till has the same number
 * (`duplicate`), or the number before it is missing (`gap`: a till that lost its counter).
 * Sales and refund totals are positive amounts ("12.50"); refundsTotal is what went back.
 */
export async function sessionReport(db: PrismaClient | Tx, shopId: number, sessionId: string): Promise<DrawerSessionReportDTO | undefined> {
  const [stored, sales, [z]] = await Promise.all([
    readDrawerEvents(db, shopId, Prisma.sql`e.session_id = ${sessionId}::uuid`),
    sessionSales(db, shopId, sessionId),
    db.$queryRaw<{ number: number; close_event_id: string; report: ZSnapshot; duplicate: boolean; gap: boolean }[]>`
      SELECT z.number, z.close_event_id::text AS close_event_id, z.report,
             EXISTS (SELECT FROM z_report o WHERE o.till_id = z.till_id AND o.number = z.number AND o.id <> z.id) AS duplicate,
             z.number > 1 AND NOT EXISTS (SELECT FROM z_report o WHERE o.till_id = z.till_id AND o.number = z.number - 1) AS gap
      FROM z_report z WHERE z.shop_id = ${shopId} AND z.session_id = ${sessionId}::uuid`,
  ]);
  const events = stored.map((row) => row.event);
  const tillId = events[0]?.tillId ?? sales.find((sale) => sale.tillId !== null)?.tillId ?? null;
  if (tillId === null) return undefined;
  const till = await db.till.findFirst({ where: { id: tillId, shopId }, select: { name: true } });
  const open = events.find((event) => event.kind === "open") ?? null;

  if (!z) {
    return {
      tillId,
      tillName: till?.name ?? "",
      sessionId,
      type: "X",
      zNumber: null,
      zNumberFlag: null,
      openedAt: open?.occurredAt ?? null,
      closedAt: null,
      ...totals(sales),
      report: drawerReport(sessionActivity(events, sales, null)),
      events,
      amendment: null,
    };
  }
  const close = events.find((event) => event.id === Number(z.close_event_id)) ?? null;
  const counted = new Set(z.report.saleIds);
  const lateEvents = events.filter((event) => event.late);
  const lateSales = sales.filter((sale) => !counted.has(sale.id));
  return {
    tillId,
    tillName: till?.name ?? "",
    sessionId,
    type: "Z",
    zNumber: z.number,
    zNumberFlag: z.duplicate ? "duplicate" : z.gap ? "gap" : null,
    openedAt: open?.occurredAt ?? null,
    closedAt: close?.occurredAt ?? null,
    ...totals(sales.filter((sale) => counted.has(sale.id))),
    report: z.report.report,
    events: events.filter((event) => !event.late),
    amendment:
      lateEvents.length + lateSales.length === 0
        ? null
        : { events: lateEvents, saleIds: lateSales.map((sale) => sale.id), report: drawerReport(sessionActivity(events, sales, close)) },
  };
}

function totals(sales: readonly SaleDTO[]) {
  const of = (kind: SaleDTO["kind"]) => sales.filter((sale) => sale.kind === kind);
  const sum = (list: SaleDTO[]) => list.reduce((total, sale) => total.plus(new D(sale.total).abs()), new D(0)).toFixed(2);
  return { saleCount: of("sale").length, refundCount: of("refund").length, salesTotal: sum(of("sale")), refundsTotal: sum(of("refund")) };
}

/** Reports of these sessions, in the order given (sessions the shop has nothing of left out). */
async function reportsOf(prisma: PrismaClient | Tx, shopId: number, sessionIds: string[]): Promise<DrawerSessionReportDTO[]> {
  const reports: DrawerSessionReportDTO[] = [];
  // One session at a time: a day has a few, and each read is a handful of key lookups.
  for (const sessionId of sessionIds) {
    const report = await sessionReport(prisma, shopId, sessionId);
    if (report) reports.push(report);
  }
  return reports;
}

/**
 * SQL, an aggregate over a session's drawer_event rows aliased `e`: when the session began, i.e.
 * its open event, or its first event while the open has not arrived. The cash-up of a day lists
 * the sessions that began on it (shop time); the review list links pay-outs to that day.
 */
export const SESSION_START = Prisma.sql`coalesce(min(e.occurred_at) FILTER (WHERE e.kind = 'open'), min(e.occurred_at))`;

/**
 * The cash-up of a day (DESIGN.md §8, the admin app's cash-up page): the drawer sessions
 * opened on `date` in the shop's time zone (a session whose open event has not arrived
 * counts from its first event), of one till or all, grouped per till by name, each session
 * as its X or Z report, in the order they opened. Errors: TILL_NOT_FOUND for a till not of
 * this shop.
 */
export async function drawerCashUp(prisma: PrismaClient | Tx, shopId: number, input: CashUpInput) {
  if (input.tillId !== undefined && !(await prisma.till.findFirst({ where: { id: input.tillId, shopId }, select: { id: true } })))
    throw tillNotFound(input.tillId);
  const sessions = await prisma.$queryRaw<{ session_id: string }[]>`
    SELECT e.session_id::text AS session_id
    FROM drawer_event e
    WHERE e.shop_id = ${shopId} AND (${input.tillId ?? null}::int IS NULL OR e.till_id = ${input.tillId ?? null}::int)
    GROUP BY e.session_id
    HAVING (${SESSION_START} AT TIME ZONE (SELECT timezone FROM shop WHERE id = ${shopId}))::date = ${input.date}::date
    ORDER BY ${SESSION_START}, e.session_id`;
  const reports = await reportsOf(
    prisma,
    shopId,
    sessions.map((row) => row.session_id),
  );
  const tills = new Map<number, { tillId: number; tillName: string; sessions: DrawerSessionReportDTO[] }>();
  for (const report of reports) {
    const till = tills.get(report.tillId) ?? { tillId: report.tillId, tillName: report.tillName, sessions: [] };
    till.sessions.push(report);
    tills.set(report.tillId, till);
  }
  return { date: input.date, tills: [...tills.values()].sort((a, b) => a.tillName.localeCompare(b.tillName) || a.tillId - b.tillId) };
}

/** A till's most recent drawer sessions (by their latest event), newest first, as reports. Errors: TILL_NOT_FOUND. */
export async function listDrawerSessions(prisma: PrismaClient, shopId: number, input: DrawerListInput): Promise<DrawerSessionReportDTO[]> {
  if (!(await prisma.till.findFirst({ where: { id: input.tillId, shopId }, select: { id: true } }))) throw tillNotFound(input.tillId);
  const sessions = await prisma.$queryRaw<{ session_id: string }[]>`
    SELECT session_id::text AS session_id FROM drawer_event
    WHERE shop_id = ${shopId} AND till_id = ${input.tillId}
    GROUP BY session_id ORDER BY max(occurred_at) DESC, session_id LIMIT ${input.limit}`;
  return reportsOf(
    prisma,
    shopId,
    sessions.map((row) => row.session_id),
  );
}
