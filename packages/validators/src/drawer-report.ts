import { D } from "./money";
import { tenderKey, type TenderMethod } from "./settlement";

// The X and Z reports of a drawer session (DESIGN.md §8), computed the same way by the server
// (from what it recorded) and by the till (from its outbox). No zod here, so the till's first
// load does not carry it (issue 21); the schemas of drawer events are drawer.ts's.

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
