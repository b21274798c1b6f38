import { isSalePayload, payloadKind, type OutboxEntry } from "@tillsync/sync";
import {
  D,
  drawerReport,
  lineTotal,
  roundToIncrement,
  settleTenders,
  type CashRoundingIncrement,
  type DrawerActivity,
  type DrawerEventInputRaw,
  type Dec,
  type OpenDrawerSessionDTO,
  type DrawerReport,
  type RefundInputRaw,
  type SaleInputRaw,
} from "@tillsync/validators";

// The till's money, computed from its own outbox (DESIGN.md §8): every sale, refund and drawer
// event is queued there before the cashier sees "done", so the queue is the till's record of
// its drawer. Nothing here is stored on its own: a reload or a second tab derives the same
// session, Z number and figures from the same IndexedDB outbox. Money is decimal.js strings.

const isSale = (entry: OutboxEntry): entry is OutboxEntry & { sale: SaleInputRaw } => isSalePayload(entry.sale);
const isRefund = (entry: OutboxEntry): entry is OutboxEntry & { sale: RefundInputRaw } => payloadKind(entry.sale) === "refund";
const isDrawer = (entry: OutboxEntry): entry is OutboxEntry & { sale: DrawerEventInputRaw } => payloadKind(entry.sale) === "drawer";

/** A discarded entry never reached the server, so it is no part of the drawer either. */
const counts = (entry: OutboxEntry) => entry.status !== "discarded";

/** A sale's total as the server computes it: Σ quantity × unit price, each line rounded half-up (DESIGN.md §3). */
export function saleTotal(sale: SaleInputRaw): string {
  return sale.items.reduce((sum, item) => sum.plus(lineTotal(String(item.quantity), String(item.unitPrice ?? "0"))), new D(0)).toFixed(2);
}

/**
 * Quick cash amounts for `due` (a "0.00" string): the exact amount, then the next round notes
 * above it (5, 10, 20, 50, 100), at most `limit` in all, ascending, without repeats.
 */
export function quickCashAmounts(due: string, limit = 4): string[] {
  const amount = new D(due);
  if (amount.lte(0)) return [];
  const amounts = [amount.toFixed(2)];
  for (const note of [5, 10, 20, 50, 100]) {
    const next = amount.dividedBy(note).ceil().times(note);
    const text = next.toFixed(2);
    if (next.gt(amount) && !amounts.includes(text)) amounts.push(text);
    if (amounts.length >= limit) break;
  }
  return amounts;
}

/** The cash part of a payment rounded to the shop's increment (DESIGN.md §8), or as it is without one. */
export const roundCash = (amount: string, increment: CashRoundingIncrement | null) =>
  increment ? roundToIncrement(amount, increment).toFixed(2) : new D(amount).toFixed(2);

export interface TillSession {
  sessionId: string;
  tillId: number;
  float: string;
  openedAt: string;
  /** The close event, once the session is closed. */
  close: (DrawerEventInputRaw & { kind: "close" }) | null;
}

/**
 * A drawer session the server had recorded as open when this browser claimed the till
 * (validators OpenDrawerSessionDTO, kept in the claim with `openedAt` as ISO-8601): a browser
 * whose storage was wiped carries on with it rather than asking for a new float (DESIGN.md §8).
 */
export type AdoptedSession = Omit<OpenDrawerSessionDTO, "openedAt"> & { openedAt: string };

/** The till a browser holds, as the functions below read it (local-store TillClaim fits). */
export interface HeldTill {
  tillId: number;
  openSession?: AdoptedSession | null;
}

/**
 * The till's drawer sessions in the order they were opened: the session adopted at the claim
 * first when this queue has no open event of it, then those opened here (sessions without an
 * open event on this till are not listed).
 */
export function tillSessions(entries: readonly OutboxEntry[], till: HeldTill): TillSession[] {
  const { tillId, openSession: adopted } = till;
  const sessions = new Map<string, TillSession>();
  if (adopted) {
    sessions.set(adopted.sessionId, { sessionId: adopted.sessionId, tillId, float: adopted.activity.float, openedAt: adopted.openedAt, close: null });
  }
  for (const entry of entries) {
    if (!isDrawer(entry) || !counts(entry) || entry.sale.tillId !== tillId) continue;
    const event = entry.sale;
    if (event.kind === "open" && !sessions.has(event.sessionId)) {
      sessions.set(event.sessionId, {
        sessionId: event.sessionId,
        tillId,
        float: new D(String(event.amount ?? "0")).toFixed(2),
        openedAt: entry.queuedAt,
        close: null,
      });
    } else if (event.kind === "close") {
      const session = sessions.get(event.sessionId);
      if (session && !session.close) session.close = { ...event, kind: "close" };
    }
  }
  return [...sessions.values()];
}

/** The session open on this till now (opened, not closed), or null. */
export const openSession = (entries: readonly OutboxEntry[], till: HeldTill) => tillSessions(entries, till).find((session) => session.close === null) ?? null;

/**
 * The last Z number this till used: the highest of what the server said at the claim and
 * what this till queued since. The next Z report is this + 1 (gapless, DESIGN.md §8).
 */
export function lastZNumber(entries: readonly OutboxEntry[], tillId: number, claimed: number): number {
  let last = claimed;
  for (const entry of entries) {
    if (isDrawer(entry) && counts(entry) && entry.sale.tillId === tillId && entry.sale.kind === "close" && entry.sale.zNumber !== undefined) {
      last = Math.max(last, entry.sale.zNumber);
    }
  }
  return last;
}

/**
 * A session's activity as drawerReport reads it, built from the queue the same way the
 * server builds it from what it recorded (packages/db drawer/report.ts sessionActivity): the
 * float, each sale's settled tenders (+1) and each refund's (−1) with their cash rounding,
 * pay-ins and pay-outs. `counted` null: an X report. The session adopted at the claim
 * (`adopted`) starts from what the server had recorded, and entries it counted are not
 * counted again.
 */
export function sessionActivity(
  entries: readonly OutboxEntry[],
  sessionId: string,
  increment: CashRoundingIncrement | null,
  counted: DrawerActivity["counted"],
  adopted?: AdoptedSession | null,
): DrawerActivity {
  const baseline = adopted?.sessionId === sessionId ? adopted : null;
  const activity: { float: string; payments: DrawerActivity["payments"][number][]; payIns: string[]; payOuts: string[]; rounding: string[] } = {
    float: baseline?.activity.float ?? "0.00",
    payments: [...(baseline?.activity.payments ?? [])],
    payIns: [...(baseline?.activity.payIns ?? [])],
    payOuts: [...(baseline?.activity.payOuts ?? [])],
    rounding: [...(baseline?.activity.rounding ?? [])],
  };
  let opened = baseline !== null;
  const recorded = new Set(baseline?.externalIds);
  const originals = new Map(entries.filter(isSale).map((entry) => [entry.externalId, entry.sale]));
  for (const entry of entries) {
    if (!counts(entry) || recorded.has(entry.externalId)) continue;
    if (isDrawer(entry)) {
      const event = entry.sale;
      if (event.sessionId !== sessionId) continue;
      const amount = new D(String(event.amount ?? "0")).toFixed(2);
      if (event.kind === "open" && !opened) {
        activity.float = amount;
        opened = true;
      } else if (event.kind === "payIn") activity.payIns.push(amount);
      else if (event.kind === "payOut") activity.payOuts.push(amount);
    } else if ((isSale(entry) || isRefund(entry)) && entry.sale.drawerSessionId === sessionId) {
      const refund = isRefund(entry);
      const total = refund ? refundAmount(entry.sale, originals) : saleTotal(entry.sale);
      const settled = settleTenders(total, entry.sale.tenders, increment);
      const direction = refund ? -1 : 1;
      for (const tender of settled.tenders) activity.payments.push({ direction, method: tender.method, label: tender.label, amount: tender.amount });
      activity.rounding.push(refund ? new D(settled.rounding).negated().toFixed(2) : settled.rounding);
    }
  }
  return { ...activity, counted };
}

/** A refund's amount from its original's unit prices (queued on this till), or what its tenders paid back when the original is not here. */
function refundAmount(refund: RefundInputRaw, originals: ReadonlyMap<string, SaleInputRaw>): string {
  const original = refund.originalExternalId ? originals.get(refund.originalExternalId) : undefined;
  if (!original) return (refund.tenders ?? []).reduce((sum, tender) => sum.plus(String(tender.amount)), new D(0)).toFixed(2);
  return refundTotal(refund.lines.map((line) => ({ quantity: String(line.quantity), unitPrice: String(original.items[line.lineNo - 1]?.unitPrice ?? "0") })));
}

/**
 * The X (counted null) or Z report of a session from this till's queue and the session it
 * adopted at the claim: validators drawerReport, the server's function.
 */
export const tillReport = (
  entries: readonly OutboxEntry[],
  till: HeldTill,
  sessionId: string,
  increment: CashRoundingIncrement | null,
  counted: DrawerActivity["counted"] = null,
): DrawerReport => drawerReport(sessionActivity(entries, sessionId, increment, counted, till.openSession));

/** A sale of this till the cashier may refund, with what is left of each line after earlier refunds queued here. */
export interface RefundableSale {
  externalId: string;
  at: string;
  total: string;
  status: OutboxEntry["status"];
  lines: { lineNo: number; productId: number | undefined; name: string | undefined; unitPrice: string; sold: string; left: string }[];
}

/**
 * This till's sales (queued or synced, newest first) with the quantity left to refund per
 * line: sold less what refunds queued on this till took back. Refund lines are numbered from
 * 1 in the sale's item order (validators refundInput `lineNo`). `limit`: the newest that many
 * only; the refunds are still read from every entry. A till shows 30: working out all of them
 * (their totals and lines in decimal.js) with 10,000 sales queued took seconds after every sale.
 */
export function refundableSales(entries: readonly OutboxEntry[], limit = Infinity): RefundableSale[] {
  const refunded = new Map<string, Dec>();
  for (const entry of entries) {
    if (!isRefund(entry) || !counts(entry) || !entry.sale.originalExternalId) continue;
    for (const line of entry.sale.lines) {
      const key = `${entry.sale.originalExternalId}:${line.lineNo}`;
      refunded.set(key, (refunded.get(key) ?? new D(0)).plus(String(line.quantity)));
    }
  }
  const newest: OutboxEntry[] = [];
  for (let n = entries.length - 1; n >= 0 && newest.length < limit; n--) {
    const entry = entries[n]!;
    if (isSale(entry) && entry.status !== "discarded" && entry.status !== "rejected") newest.push(entry);
  }
  return newest.map((entry) => {
    const sale = entry.sale as SaleInputRaw;
    return {
      externalId: sale.externalId,
      at: typeof sale.clientTimestamp === "string" ? sale.clientTimestamp : entry.queuedAt,
      total: saleTotal(sale),
      status: entry.status,
      lines: sale.items.map((item, index) => {
        const sold = new D(String(item.quantity));
        const taken = refunded.get(`${sale.externalId}:${index + 1}`) ?? new D(0);
        return {
          lineNo: index + 1,
          productId: item.productId,
          name: item.product?.name,
          unitPrice: new D(String(item.unitPrice ?? "0")).toFixed(2),
          sold: sold.toFixed(),
          left: D.max(sold.minus(taken), 0).toFixed(),
        };
      }),
    };
  });
}

/** What a refund of `lines` pays back: Σ quantity × the original unit price, each line rounded half-up (validators refundInput). */
export const refundTotal = (lines: readonly { quantity: string; unitPrice: string }[]) =>
  lines.reduce((sum, line) => sum.plus(lineTotal(line.quantity, line.unitPrice)), new D(0)).toFixed(2);
