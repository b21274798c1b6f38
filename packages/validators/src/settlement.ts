import type { Decimal } from "decimal.js";

import type { CashRoundingIncrement } from "./common";
import { D, roundMoney, type Dec } from "./money";
import type { TenderInputRaw } from "./tender";

// How tenders settle a sale (DESIGN.md §8): change, cash rounding and the drawer's keys. No
// zod here: the till computes a sale's settlement in the browser, and its first load must not
// carry zod (issue 21); the schemas of what a till sends are tender.ts's.

/**
 * How a customer paid (DESIGN.md §8): `cash` in the drawer, `card` on an external terminal
 * (recorded, never charged by Tillsync; works offline), `other` for the methods a shop names
 * (voucher, bank transfer…), told apart by `label`.
 */
export const tenderMethods = ["cash", "card", "other"] as const;
export type TenderMethod = (typeof tenderMethods)[number];

/** A settled tender: what the server stores and both the server and the till show. Amounts are "0.00" strings. */
export interface SettledTender {
  method: TenderMethod;
  label: string | null;
  amount: string;
  tendered: string | null;
  /** tendered − amount for cash handed over; "0.00" otherwise. */
  change: string;
  reference: string | null;
}

export interface Settlement {
  /** The amount settled in cash rounded to the shop's increment, minus that amount unrounded: "-0.02", "0.00". */
  rounding: string;
  /** What the customer owes: total + rounding. */
  due: string;
  /** The part of `due` settled in cash (rounded), or null when no tender is cash. */
  cashDue: string | null;
  tenders: SettledTender[];
  /** Σ change given. */
  change: string;
  /**
   * The tenders do not add up to `due`, or cash handed over is less than its amount: recorded
   * and flagged for staff, never refused (money that changed hands is a fact, DESIGN.md §8).
   */
  mismatch: boolean;
}

/** `value` rounded half-up to a multiple of `increment` (both decimals; sign kept, half away from zero). */
export function roundToIncrement(value: Decimal.Value, increment: Decimal.Value): Dec {
  const step = new D(increment);
  return new D(value).dividedBy(step).toDecimalPlaces(0, D.ROUND_HALF_UP).times(step);
}

/**
 * How a sale (or a refund: its positive amount) of `total` is settled by `tenders`
 * (DESIGN.md §8). With a cash rounding increment and a cash tender, the cash-settled part —
 * total minus the non-cash tenders — is rounded half-up to the increment; the difference is
 * the sale's `rounding`, and `due` = total + rounding. Change is computed from what was
 * tendered. The tenders are checked, never corrected: a mismatch is flagged. No tenders
 * (clients from before tenders) settle nothing and are no mismatch.
 * Money is decimal.js throughout (strings in, "0.00" strings out); never floats.
 */
export function settleTenders(total: Decimal.Value, given: readonly TenderInputRaw[] | undefined, increment: CashRoundingIncrement | null): Settlement {
  const amount = roundMoney(total);
  if (!given || given.length === 0) return { rounding: "0.00", due: amount.toFixed(2), cashDue: null, tenders: [], change: "0.00", mismatch: false };
  const hasCash = given.some((tender) => tender.method === "cash");
  const nonCash = given.filter((tender) => tender.method !== "cash").reduce((sum, tender) => sum.plus(tender.amount), new D(0));
  const cashPart = amount.minus(nonCash);
  const roundedCash = hasCash && increment && cashPart.gt(0) ? roundToIncrement(cashPart, increment) : cashPart;
  const rounding = hasCash ? roundedCash.minus(cashPart) : new D(0);
  const due = amount.plus(rounding);
  let mismatch = false;
  let change = new D(0);
  const settled = given.map((tender): SettledTender => {
    const tenderAmount = new D(tender.amount);
    const tendered = tender.method === "cash" && tender.tendered !== undefined ? new D(tender.tendered) : null;
    if (tendered?.lt(tenderAmount)) mismatch = true;
    const tenderChange = tendered?.gt(tenderAmount) ? tendered.minus(tenderAmount) : new D(0);
    change = change.plus(tenderChange);
    return {
      method: tender.method,
      label: tender.label ?? null,
      amount: tenderAmount.toFixed(2),
      tendered: tendered?.toFixed(2) ?? null,
      change: tenderChange.toFixed(2),
      reference: tender.reference ?? null,
    };
  });
  const paid = given.reduce((sum, tender) => sum.plus(tender.amount), new D(0));
  if (!paid.eq(due)) mismatch = true;
  return {
    rounding: rounding.toFixed(2),
    due: due.toFixed(2),
    cashDue: hasCash ? roundedCash.toFixed(2) : null,
    tenders: settled,
    change: change.toFixed(2),
    mismatch,
  };
}

/**
 * Whether cash changed hands in these tenders (DESIGN.md §8): a cash tender with an amount, or
 * cash handed over. A split paid whole by card carries a cash tender of 0.00 with nothing
 * handed over: no cash moved. Sales and refunds that move cash belong in a drawer session of
 * their till; without one they are flagged `cashWithoutDrawer` (the server) and the till warns
 * before the payment is confirmed.
 */
export function movesCash(tenders: readonly { method: TenderMethod; amount: Decimal.Value; tendered?: Decimal.Value | null }[] | undefined): boolean {
  return (tenders ?? []).some(
    (tender) =>
      tender.method === "cash" &&
      (!new D(tender.amount).isZero() || (tender.tendered !== undefined && tender.tendered !== null && !new D(tender.tendered).isZero())),
  );
}

/** The key a tender is counted under in a drawer: "cash", "card", or "other:<label>". */
export const tenderKey = (tender: { method: TenderMethod; label?: string | null }) =>
  tender.method === "other" ? `other:${tender.label ?? ""}` : tender.method;
