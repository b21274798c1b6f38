import { z } from "zod";

import { clientClock } from "./clock";
import { id, localDate, text, uuid } from "./common";
import { money } from "./decimal";
import { D } from "./money";
import { paperWidth } from "./receipt";
import { sourceDevice } from "./sale";
import { userId } from "./staff";
import { tenderKey, tenderMethods, type TenderMethod } from "./tender";

// Tills and drawer sessions (DESIGN.md §8). A till is a register of the shop; a browser
// claims it; its drawer sessions are append-only events with their own UUIDs, queued in the
// same outbox as sales and recorded exactly once through `sale.sync`.

/** A till's receipt series code ("A", "T2"): 1–8 letters or digits, stored upper-case. */
export const tillSeries = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,8}$/, "1 to 8 letters or digits")
  .transform((value) => value.toUpperCase());
export const tillName = text(64).pipe(z.string().min(1, "Name is required"));

/** A till's receipt printing (DESIGN.md §9): a receipt after each Charge, and the roll's width in mm. */
const receiptSettings = { printReceipt: z.boolean().optional(), paperWidth: paperWidth.optional() };
export const tillCreateInput = z.object({ name: tillName, series: tillSeries, apiKeyId: id.nullable().optional(), ...receiptSettings });
export const tillUpdateInput = z.object({
  id,
  name: tillName.optional(),
  series: tillSeries.optional(),
  apiKeyId: id.nullable().optional(),
  archived: z.boolean().optional(),
  ...receiptSettings,
});
/** A browser claims a till (online): `claimId` is the browser's own UUID for the claim, kept in its storage. */
export const tillClaimInput = z.object({ tillId: id, claimId: uuid });
/** Whether this browser still holds the till (another browser may have claimed it since). */
export const tillStatusInput = tillClaimInput;
export type TillCreateInput = z.output<typeof tillCreateInput>;
export type TillUpdateInput = z.output<typeof tillUpdateInput>;
export type TillClaimInput = z.output<typeof tillClaimInput>;

export const drawerEventKinds = ["open", "payIn", "payOut", "close"] as const;
export type DrawerEventKind = (typeof drawerEventKinds)[number];

/** What was counted in the drawer (and read off the card terminal) at close, per method. */
export const countedInput = z.object({ method: z.enum(tenderMethods), label: text(64).pipe(z.string().min(1)).optional(), amount: money });

/**
 * One drawer event as the till queues it (`type: "drawer"` tells it from a sale in the
 * outbox and in `sale.sync`). `open` carries the counted float as `amount`; `payIn`/`payOut`
 * an amount and a reason; `close` the counted amounts per method and the Z number the till
 * assigned (gapless per till). `sessionId` is the till's UUID for the session, the same on
 * every event of it.
 */
export const drawerEventInput = z
  .object({
    type: z.literal("drawer"),
    externalId: uuid,
    tillId: id,
    sessionId: uuid,
    kind: z.enum(drawerEventKinds),
    amount: money.optional(),
    reason: text(500).pipe(z.string().min(1)).optional(),
    counted: z.array(countedInput).max(20).optional(),
    zNumber: z.number().int().positive().max(2_147_483_647).optional(),
    clientTimestamp: clientClock.optional(),
    cashierId: userId.optional(),
    sourceDevice: sourceDevice.optional(),
  })
  .superRefine((event, ctx) => {
    const need = (field: "amount" | "reason" | "counted" | "zNumber", message: string) => {
      if (event[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
    };
    if (event.kind !== "close") need("amount", "Give the amount");
    if (event.kind === "payIn" || event.kind === "payOut") need("reason", "Give a reason");
    if (event.kind === "close") {
      need("counted", "Give the counted amounts");
      need("zNumber", "Give the Z report number");
    }
  });
export type DrawerEventInput = z.output<typeof drawerEventInput>;
export type DrawerEventInputRaw = z.input<typeof drawerEventInput>;

export const drawerSessionInput = z.object({ sessionId: uuid });
/** The cash-up of a day (`date` in the shop's time zone), of one till or all of them. */
export const cashUpInput = z.object({ tillId: id.optional(), date: localDate });
export type CashUpInput = z.output<typeof cashUpInput>;
/** A till's most recent drawer sessions, newest first. */
export const drawerListInput = z.object({ tillId: id, limit: z.number().int().min(1).max(50).default(10) });
export type DrawerListInput = z.output<typeof drawerListInput>;

/** One tender of a sale (+1) or a refund (−1) taken in a drawer session. */
export interface DrawerPayment {
  direction: 1 | -1;
  method: TenderMethod;
  label: string | null;
  /** What the tender settled, "0.00" (for cash: what stayed in or left the drawer, change already out). */
  amount: string;
}

/** What happened in a drawer session, as the report needs it (server and till build it the same way). */
export interface DrawerActivity {
  /** The counted float; "0.00" while the open event is missing. */
  float: string;
  payments: readonly DrawerPayment[];
  payIns: readonly string[];
  payOuts: readonly string[];
  /** Each sale's cash rounding, signed as it moved the drawer (refunds negated). */
  rounding: readonly string[];
  /** At close; null for an X report. */
  counted: readonly { method: TenderMethod; label?: string | null; amount: string }[] | null;
}

export interface DrawerMethodLine {
  /** "cash", "card" or "other:<label>" (tenderKey). */
  key: string;
  method: TenderMethod;
  label: string | null;
  expected: string;
  counted: string | null;
  /** counted − expected: positive over, negative short; null before counting. */
  difference: string | null;
}

export interface DrawerReport {
  float: string;
  cashSales: string;
  cashRefunds: string;
  payIns: string;
  payOuts: string;
  rounding: string;
  /** float + cash taken (change already given) − cash refunded + pay-ins − pay-outs (DESIGN.md §8). */
  expectedCash: string;
  /** cash first, then card, then the shop's other methods by label. */
  methods: DrawerMethodLine[];
  /** Counted cash − expected cash; null for an X report. */
  overShort: string | null;
}

const methodOrder = (key: string) => (key === "cash" ? "0" : key === "card" ? "1" : `2${key}`);

/**
 * The X or Z report of a drawer session (DESIGN.md §8): expected amounts per method from the
 * session's activity and, once counted, over/short per method. The server computes it from
 * what it recorded and the till from what it queued; both call this, so a till that synced
 * everything shows what the server shows, to the cent. Decimal strings in and out.
 */
export function drawerReport(activity: DrawerActivity): DrawerReport {
  const sum = (values: readonly string[]) => values.reduce((total, value) => total.plus(value), new D(0));
  const expected = new Map<string, { method: TenderMethod; label: string | null; amount: InstanceType<typeof D> }>();
  const line = (method: TenderMethod, label: string | null) => {
    const key = tenderKey({ method, label });
    let entry = expected.get(key);
    if (!entry) expected.set(key, (entry = { method, label: method === "other" ? label : null, amount: new D(0) }));
    return entry;
  };
  line("cash", null);
  let cashSales = new D(0);
  let cashRefunds = new D(0);
  for (const payment of activity.payments) {
    const entry = line(payment.method, payment.label);
    entry.amount = entry.amount.plus(new D(payment.amount).times(payment.direction));
    if (payment.method === "cash") {
      if (payment.direction === 1) cashSales = cashSales.plus(payment.amount);
      else cashRefunds = cashRefunds.plus(payment.amount);
    }
  }
  const payIns = sum(activity.payIns);
  const payOuts = sum(activity.payOuts);
  const cash = line("cash", null);
  cash.amount = cash.amount.plus(activity.float).plus(payIns).minus(payOuts);
  const counted = new Map<string, InstanceType<typeof D>>();
  for (const count of activity.counted ?? []) {
    line(count.method, count.label ?? null);
    const key = tenderKey(count);
    counted.set(key, (counted.get(key) ?? new D(0)).plus(count.amount));
  }
  const methods = [...expected.entries()]
    .sort(([a], [b]) => methodOrder(a).localeCompare(methodOrder(b)))
    .map(([key, entry]): DrawerMethodLine => {
      const count = activity.counted ? (counted.get(key) ?? new D(0)) : null;
      return {
        key,
        method: entry.method,
        label: entry.label,
        expected: entry.amount.toFixed(2),
        counted: count?.toFixed(2) ?? null,
        difference: count ? count.minus(entry.amount).toFixed(2) : null,
      };
    });
  return {
    float: new D(activity.float).toFixed(2),
    cashSales: cashSales.toFixed(2),
    cashRefunds: cashRefunds.toFixed(2),
    payIns: payIns.toFixed(2),
    payOuts: payOuts.toFixed(2),
    rounding: sum(activity.rounding).toFixed(2),
    expectedCash: cash.amount.toFixed(2),
    methods,
    overShort: methods[0]!.difference,
  };
}
