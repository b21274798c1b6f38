import { describe, expect, it } from "vitest";

import { D } from "../src/decimal";
import { planStock, StockRules, type StockEvent, type StockPlan } from "../src/stock/rules";

// The stock rules alone (no database): the cases a single API call rarely reaches. Every path's
// behaviour against the database is in packages/api/test/stock-paths.property.test.ts.
const product = (id: number, stock: string | null, level: string | null) => ({
  id,
  name: `P${id}`,
  stock: stock === null ? null : new D(stock),
  reorderLevel: level === null ? null : new D(level),
});
const sale = (productId: number, quantity: string, by = "s"): StockEvent<string> => ({ kind: "sale", productId, quantity: new D(quantity), by });

const summary = (plan: StockPlan<string | null>) => ({
  ledger: plan.ledger.map((r) => [r.productId, r.reason, r.delta.toFixed(3), r.stockAfter.toFixed(3), r.note, r.by]),
  stock: [...plan.stock].map(([id, s]) => [id, s.delta.toFixed(3), s.after.toFixed(3)]),
  resolve: plan.resolve,
  raise: plan.raise.map((a) => [a.productId, a.stock.toFixed(3), a.reorderLevel.toFixed(3), a.by]),
});

describe("the stock rules", () => {
  it("chain stock_after over the events and raise at the crossing, with the event that crossed", () => {
    const plan = planStock<string>([product(1, "12", "10")], [sale(1, "2", "a"), sale(1, "0.5", "b"), sale(1, "5", "c")]);
    expect(summary(plan)).toEqual({
      ledger: [
        [1, "sale", "-2.000", "10.000", null, "a"],
        [1, "sale", "-0.500", "9.500", null, "b"],
        [1, "sale", "-5.000", "4.500", null, "c"],
      ],
      stock: [[1, "-7.500", "4.500"]],
      resolve: [],
      raise: [[1, "9.500", "10.000", "b"]],
    });
  });

  it("raise nothing for a product already low (its alert is open), and resolve it on the way up", () => {
    expect(summary(planStock<string>([product(1, "3", "5")], [sale(1, "1")])).raise).toEqual([]);
    const up = planStock<null>([product(1, "3", "5")], [{ kind: "restock", productId: 1, quantity: new D("2"), by: null, note: "Delivery" }]);
    expect(summary(up)).toMatchObject({ ledger: [[1, "restock", "2.000", "5.000", "Delivery", null]], resolve: [1], raise: [] });
  });

  it("count only the net effect inside one plan: a dip that recovers raises nothing; rising and falling again replaces the alert", () => {
    const dip = planStock<null>(
      [product(1, "6", "5")],
      [
        { kind: "count", productId: 1, counted: new D("2"), by: null },
        { kind: "restock", productId: 1, quantity: new D("10"), by: null },
      ],
    );
    expect(summary(dip)).toMatchObject({ resolve: [], raise: [] });
    const again = planStock<null>(
      [product(1, "2", "5")],
      [
        { kind: "restock", productId: 1, quantity: new D("10"), by: null },
        { kind: "count", productId: 1, counted: new D("1"), by: null },
      ],
    );
    expect(summary(again)).toMatchObject({ resolve: [1], raise: [[1, "1.000", "5.000", null]] });
  });

  it("follow reorder-level changes: raised when the level rises above the stock, resolved when lowered or removed", () => {
    const level = (reorderLevel: string | null) => [
      { kind: "level" as const, productId: 1, reorderLevel: reorderLevel === null ? null : new D(reorderLevel), by: null },
    ];
    expect(summary(planStock<null>([product(1, "8", "5")], level("12")))).toEqual({
      ledger: [],
      stock: [],
      resolve: [],
      raise: [[1, "8.000", "12.000", null]],
    });
    expect(summary(planStock<null>([product(1, "8", "12")], level("5")))).toMatchObject({ resolve: [1], raise: [] });
    expect(summary(planStock<null>([product(1, "8", "12")], level(null)))).toMatchObject({ resolve: [1], raise: [] });
  });

  it("raise for a product created below its level, with or without a stated initial stock", () => {
    const made = planStock<null>([product(1, "0", "6")], [{ kind: "created", productId: 1, initialStock: new D("2"), by: null }]);
    expect(summary(made)).toEqual({
      ledger: [[1, "count", "2.000", "2.000", "Initial stock", null]],
      stock: [[1, "2.000", "2.000"]],
      resolve: [],
      raise: [[1, "2.000", "6.000", null]],
    });
    const inline = planStock<string>(
      [product(1, "0", "5")],
      [{ kind: "created", productId: 1, initialStock: null, by: "till-sale" }, sale(1, "2", "till-sale")],
    );
    expect(summary(inline)).toMatchObject({ ledger: [[1, "sale", "-2.000", "-2.000", null, "till-sale"]], raise: [[1, "0.000", "5.000", "till-sale"]] });
    expect(summary(planStock<null>([product(1, "0", "6")], [{ kind: "created", productId: 1, initialStock: new D("6"), by: null }])).raise).toEqual([]);
    expect(() => planStock<string>([product(1, "0", "5")], [sale(1, "1"), { kind: "created", productId: 1, initialStock: null, by: "s" }])).toThrow(
      /created after/,
    );
  });

  it("refuse a group of events whose stock would leave DECIMAL(14,3), applying none of it, and keep what was applied before", () => {
    const rules = new StockRules<string>([product(1, "99999999999", null), product(2, "5", "4")]);
    expect(rules.apply([sale(2, "1", "ok")])).toBeUndefined();
    expect(rules.apply([sale(2, "3", "big")])).toBeUndefined();
    const refused = rules.apply([sale(2, "1", "no"), { kind: "restock", productId: 1, quantity: new D("1"), by: "no" }]);
    expect(refused?.outOfRange.id).toBe(1);
    expect(summary(rules.plan()).ledger.map((r) => r[5])).toEqual(["ok", "big"]);
    expect(() => planStock<null>([product(1, "99999999999", null)], [{ kind: "restock", productId: 1, quantity: new D("1"), by: null }])).toThrow(
      expect.objectContaining({ code: "AMOUNT_OUT_OF_RANGE" }),
    );
  });

  it("refuse events for a volatile product or one not locked (a bug, not input)", () => {
    expect(() => planStock<string>([product(1, null, null)], [sale(1, "1")])).toThrow(/volatile/);
    expect(() => planStock<string>([], [sale(1, "1")])).toThrow(/not locked/);
  });
});
