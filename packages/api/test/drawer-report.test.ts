// The X and Z figures of a drawer session (DESIGN.md §8) against cents computed by hand: the
// float, sales' tenders (cash after change and rounding, card, split), pay-ins and pay-outs;
// and the server's report equals what the till computes from what it queued (drawerReport).
import { randomUUID } from "node:crypto";

import { drawerReport, type DrawerActivity, type DrawerEventInputRaw } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase, type SaleCreateInput } from "./helpers";

const t = useTestDatabase();

const drawer = (tillId: number, sessionId: string, kind: DrawerEventInputRaw["kind"], extra: Partial<DrawerEventInputRaw>): DrawerEventInputRaw => ({
  type: "drawer",
  externalId: randomUUID(),
  tillId,
  sessionId,
  kind,
  clientTimestamp: new Date().toISOString(),
  ...extra,
});

describe("drawer session figures", () => {
  it("expected cash, per-method amounts and over/short equal hand-computed cents, and what the till computes", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    await t.db.prisma.shop.update({ where: { id: shop.id }, data: { cashRounding: "0.05" } });
    const till = await manager.till.create({ name: "Front", series: "F" });
    const eggs = await trackedProduct(t.db, shop.id, { name: "Eggs", unitPrice: "3.47", stock: "50" });
    const session = randomUUID();
    const rung = (quantity: string, tenders: SaleCreateInput["tenders"]) =>
      sale([{ productId: eggs.id, quantity }], { tenders, tillId: till.id, drawerSessionId: session });

    await cashier.drawer.record(drawer(till.id, session, "open", { amount: "100.00" }));
    // 3.47 in cash rounds to 3.45 (−0.02); 5.00 handed over, 1.55 change.
    const cash = await cashier.sale.create(rung("1", [{ method: "cash", amount: "3.45", tendered: "5.00" }]));
    expect(cash.sale).toMatchObject({ total: "3.47", rounding: "-0.02", tenderMismatch: false });
    expect(cash.sale.tenders[0]).toMatchObject({ amount: "3.45", tendered: "5.00", change: "1.55" });
    // 6.94 on the card terminal: no rounding.
    await cashier.sale.create(rung("2", [{ method: "card", amount: "6.94", reference: "AUTH-1" }]));
    // 10.41 split: 5.00 card, the cash part 5.41 rounds to 5.40 (−0.01), 10.00 handed over.
    const split = await cashier.sale.create(
      rung("3", [
        { method: "card", amount: "5.00" },
        { method: "cash", amount: "5.40", tendered: "10.00" },
      ]),
    );
    expect(split.sale).toMatchObject({ total: "10.41", rounding: "-0.01", tenderMismatch: false });
    // One box of the cash sale comes back: 3.47 paid back in cash rounds to 3.45 (refund rounding −0.02, +0.02 for the drawer).
    const refund = await cashier.sale.refund({
      type: "refund",
      externalId: randomUUID(),
      originalSaleId: cash.sale.id,
      lines: [{ lineNo: 1, quantity: "1" }],
      tenders: [{ method: "cash", amount: "3.45" }],
      reason: "Cracked",
      tillId: till.id,
      drawerSessionId: session,
    });
    expect(refund.sale).toMatchObject({ total: "-3.47", rounding: "-0.02", drawerSessionId: session });
    await cashier.drawer.record(drawer(till.id, session, "payIn", { amount: "20.00", reason: "Coins from the bank" }));
    await cashier.drawer.record(drawer(till.id, session, "payOut", { amount: "7.35", reason: "Window cleaner" }));

    // Cash: 100.00 + 3.45 + 5.40 − 3.45 + 20.00 − 7.35 = 118.05; card: 6.94 + 5.00 = 11.94; rounding −0.02 − 0.01 + 0.02.
    const x = await cashier.drawer.session({ sessionId: session });
    expect(x).toMatchObject({ type: "X", saleCount: 3, refundCount: 1, salesTotal: "20.82", refundsTotal: "3.47" });
    expect(x.report).toMatchObject({
      float: "100.00",
      cashSales: "8.85",
      cashRefunds: "3.45",
      payIns: "20.00",
      payOuts: "7.35",
      rounding: "-0.01",
      expectedCash: "118.05",
      overShort: null,
    });
    expect(x.report.methods.map((m) => [m.key, m.expected])).toEqual([
      ["cash", "118.05"],
      ["card", "11.94"],
    ]);

    const counted = [
      { method: "cash" as const, amount: "117.55" },
      { method: "card" as const, amount: "11.94" },
    ];
    await cashier.drawer.record(drawer(till.id, session, "close", { counted, zNumber: 1 }));
    const z = await cashier.drawer.session({ sessionId: session });
    expect(z).toMatchObject({ type: "Z", zNumber: 1, amendment: null, saleCount: 3, refundCount: 1 });
    expect(z.report).toMatchObject({ expectedCash: "118.05", overShort: "-0.50" });
    expect(z.report.methods.map((m) => [m.key, m.expected, m.counted, m.difference])).toEqual([
      ["cash", "118.05", "117.55", "-0.50"],
      ["card", "11.94", "11.94", "0.00"],
    ]);

    // The till's own report, from what it queued, through the same function: the same to the cent.
    const tills: DrawerActivity = {
      float: "100.00",
      payments: [
        { direction: 1, method: "cash", label: null, amount: "3.45" },
        { direction: 1, method: "card", label: null, amount: "6.94" },
        { direction: 1, method: "card", label: null, amount: "5.00" },
        { direction: 1, method: "cash", label: null, amount: "5.40" },
        { direction: -1, method: "cash", label: null, amount: "3.45" },
      ],
      payIns: ["20.00"],
      payOuts: ["7.35"],
      rounding: ["-0.02", "0.00", "-0.01", "0.02"],
      counted,
    };
    expect(z.report).toEqual(drawerReport(tills));

    // A sale rung up in the session before the close that syncs after it is an amendment.
    const late = await cashier.sale.create(rung("1", [{ method: "cash", amount: "3.45", tendered: "3.45" }]));
    const amended = await cashier.drawer.session({ sessionId: session });
    expect(amended.report).toEqual(z.report);
    expect(amended.saleCount).toBe(3);
    expect(amended.amendment).toMatchObject({ events: [], saleIds: [late.sale.id] });
    expect(amended.amendment!.report).toMatchObject({ expectedCash: "121.50", overShort: "-3.95" });
  });
});
