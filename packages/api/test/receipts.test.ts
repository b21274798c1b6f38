// Receipt numbers (DESIGN.md §9): `<till series>-<counter>` assigned by the till, stored as sent,
// never renumbered; a duplicate within the shop or a gap in a series is stored and flagged for
// staff, never refused. Flags are computed when a sale is read, so a gap closes when the missing
// number arrives late.
import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { appCode, newShop, rejection, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

async function shopWithTills() {
  const shop = await newShop(t.db);
  const product = await trackedProduct(t.db, shop.shop.id, { unitPrice: "1.50", stock: "1000" });
  const a = await shop.manager.till.create({ name: "Front", series: "A" });
  const b = await shop.manager.till.create({ name: "Back", series: "B" });
  const rungUp = (till: { id: number; series: string }, counter: number, extra: Parameters<typeof sale>[1] = {}) =>
    sale([{ productId: product.id, quantity: "1" }], { tillId: till.id, receiptNumber: `${till.series}-${counter}`, ...extra });
  return { ...shop, product, a, b, rungUp };
}

describe("receipt numbers", () => {
  it("two tills' numbers arrive interleaved and out of order: every one stored as sent, gapless per till, no duplicates, none flagged", async () => {
    const { cashier, a, b, rungUp } = await shopWithTills();
    const fromA = Array.from({ length: 30 }, (_, i) => rungUp(a, i + 1));
    const fromB = Array.from({ length: 30 }, (_, i) => rungUp(b, i + 1));
    // Till B was offline: its second half arrives before its first, in another call.
    const batch1 = fromA.slice(0, 15).flatMap((sa, i) => [sa, fromB[15 + i]!]);
    const batch2 = [...fromA.slice(15), ...fromB.slice(0, 15)];
    for (const batch of [batch1, batch2]) {
      const { results } = await cashier.sale.sync({ sales: batch });
      expect(results.every((result) => result.status === "created")).toBe(true);
    }
    const stored = await listAll(cashier);
    expect(stored).toHaveLength(60);
    for (const series of ["A", "B"]) {
      const counters = stored.filter((s) => s.receiptNumber?.startsWith(`${series}-`)).map((s) => Number(s.receiptNumber!.split("-")[1]));
      expect(counters.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    expect(new Set(stored.map((s) => s.receiptNumber)).size).toBe(60);
    expect(stored.filter((s) => s.receiptFlag !== null)).toEqual([]);
  });

  it("a skipped number is stored and flags the next one as a gap until the missing one arrives; a repeated one is stored and both are flagged duplicate", async () => {
    const { cashier, manager, a, rungUp } = await shopWithTills();
    const created = async (input: ReturnType<typeof rungUp>) => (await cashier.sale.create(input)).sale;
    const one = await created(rungUp(a, 1));
    const two = await created(rungUp(a, 2));
    // A-3 skipped: A-4 is recorded, flagged.
    const four = await created(rungUp(a, 4));
    expect(four).toMatchObject({ receiptNumber: "A-4", receiptFlag: "gap" });
    expect(await manager.sale.byId({ id: four.id })).toMatchObject({ receiptNumber: "A-4", receiptFlag: "gap" });
    // A-2 repeated under another sale: both recorded, both flagged.
    const twoAgain = await created(rungUp(a, 2));
    expect(twoAgain).toMatchObject({ receiptNumber: "A-2", receiptFlag: "duplicate" });
    expect(await manager.sale.byId({ id: two.id })).toMatchObject({ receiptFlag: "duplicate" });
    expect(await manager.sale.byId({ id: one.id })).toMatchObject({ receiptFlag: null });

    // The list shows the same flags, and finds a number whatever its case, or by its counter alone.
    const flags = Object.fromEntries((await listAll(cashier)).map((s) => [s.id, s.receiptFlag]));
    expect(flags).toEqual({ [one.id]: null, [two.id]: "duplicate", [twoAgain.id]: "duplicate", [four.id]: "gap" });
    expect((await cashier.sale.list({ receipt: "a-2", limit: 50 })).items.map((s) => s.id).sort()).toEqual([two.id, twoAgain.id].sort());
    expect((await cashier.sale.list({ receipt: "4", limit: 50 })).items.map((s) => s.id)).toEqual([four.id]);
    expect((await cashier.sale.list({ receipt: "A-3", limit: 50 })).items).toEqual([]);

    // A-3 arrives late (a till that was offline): the gap closes by itself.
    const three = await created(rungUp(a, 3));
    expect(three.receiptFlag).toBeNull();
    expect(await manager.sale.byId({ id: four.id })).toMatchObject({ receiptFlag: null });
  });

  it("a batch flags its own duplicates and sees its own earlier numbers (the write answers as a later read does)", async () => {
    const { cashier, manager, a, rungUp } = await shopWithTills();
    const batch = [rungUp(a, 1), rungUp(a, 2), rungUp(a, 2), rungUp(a, 5)];
    const { results } = await cashier.sale.sync({ sales: batch });
    const read = await Promise.all(results.map((result) => manager.sale.byId({ id: result.saleId! })));
    expect(read.map((s) => s.receiptFlag)).toEqual([null, "duplicate", "duplicate", "gap"]);
    // sale.create's answer for a sale written alone agrees with the read after it.
    const { sale: created } = await cashier.sale.create(rungUp(a, 6));
    expect(created.receiptFlag).toBeNull();
    const single = await cashier.sale.create(rungUp(a, 6));
    expect(single.sale.receiptFlag).toBe("duplicate");
  });

  it("the receipt number is a fact of the sale: a retry under another number is IDEMPOTENCY_KEY_REUSED, the same number in any case replays", async () => {
    const { cashier, a, rungUp } = await shopWithTills();
    const first = rungUp(a, 7);
    const { sale: stored } = await cashier.sale.create(first);
    expect(await cashier.sale.create({ ...first, receiptNumber: "a-7" })).toMatchObject({ replayed: true, sale: { id: stored.id } });

    const reused = await rejection(cashier.sale.create({ ...first, receiptNumber: "A-8" }));
    expect(reused.code).toBe("UNPROCESSABLE_CONTENT");
    expect(appCode(reused)).toBe("IDEMPOTENCY_KEY_REUSED");
    const { externalId: _id, receiptNumber: _number, ...withoutNumber } = first;
    expect(appCode(await rejection(cashier.sale.create({ externalId: first.externalId, ...withoutNumber })))).toBe("IDEMPOTENCY_KEY_REUSED");
    const { results } = await cashier.sale.sync({ sales: [{ ...first, receiptNumber: "A-9" }] });
    expect(results).toEqual([
      expect.objectContaining({ status: "rejected", error: expect.objectContaining({ code: "IDEMPOTENCY_KEY_REUSED", storedSaleId: stored.id }) }),
    ]);
    expect((await cashier.sale.list({ limit: 50 })).items).toHaveLength(1);
  });

  it("a malformed receipt number is a typed 400 that writes nothing; a sale without one (REST clients, no till) has none and no flag", async () => {
    const { cashier, a, rungUp, product } = await shopWithTills();
    for (const receiptNumber of ["A-0", "A-01", "A7", "TOOLONGSERIES-1", "A-1234567890", "A -1"]) {
      const error = await rejection(cashier.sale.create(rungUp(a, 1, { receiptNumber })));
      expect(error.code, receiptNumber).toBe("BAD_REQUEST");
    }
    const { results } = await cashier.sale.sync({ sales: [rungUp(a, 1, { receiptNumber: "A-00" })] });
    expect(results[0]).toMatchObject({ status: "rejected", error: { code: "INVALID_INPUT" } });
    expect((await cashier.sale.list({ limit: 50 })).items).toEqual([]);

    const { sale: plain } = await cashier.sale.create(sale([{ productId: product.id, quantity: "1" }]));
    expect(plain).toMatchObject({ receiptNumber: null, receiptFlag: null });
    expect((await rejection(cashier.sale.list({ receipt: "A-B", limit: 50 }))).code).toBe("BAD_REQUEST");
  });

  it("re-claiming a till from a wiped browser continues from the highest counter the server has in its series, and the gap a wipe left is flagged", async () => {
    const { cashier, manager, a, b, rungUp } = await shopWithTills();
    expect((await cashier.till.claim({ tillId: a.id, claimId: randomUUID() })).lastReceiptCounter).toBe(0);
    // The first browser synced A-1..A-3 and A-5; A-4 was lost with its storage.
    await cashier.sale.sync({ sales: [1, 2, 3, 5].map((n) => rungUp(a, n)) });
    await cashier.sale.sync({ sales: [rungUp(b, 1)] });
    const claim = await cashier.till.claim({ tillId: a.id, claimId: randomUUID() });
    expect(claim).toMatchObject({ lastReceiptCounter: 5, tookOver: true });
    const { sale: next } = await cashier.sale.create(rungUp(a, claim.lastReceiptCounter + 1));
    expect(next).toMatchObject({ receiptNumber: "A-6", receiptFlag: null });
    const five = (await manager.sale.list({ receipt: "A-5", limit: 5 })).items[0]!;
    expect(five.receiptFlag).toBe("gap");
    expect((await cashier.till.claim({ tillId: b.id, claimId: randomUUID() })).lastReceiptCounter).toBe(1);
  });

  it("a till's receipt printing is a manager's setting, known to the till through its claim", async () => {
    const { manager, cashier } = await newShop(t.db);
    const till = await manager.till.create({ name: "Kiosk", series: "K", paperWidth: 58 });
    expect(till).toMatchObject({ printReceipt: false, paperWidth: 58 });
    expect(await manager.till.update({ id: till.id, printReceipt: true })).toMatchObject({ printReceipt: true, paperWidth: 58 });
    expect((await cashier.till.claim({ tillId: till.id, claimId: randomUUID() })).till).toMatchObject({ printReceipt: true, paperWidth: 58 });
    expect((await rejection(manager.till.update({ id: till.id, paperWidth: 60 as 58 }))).code).toBe("BAD_REQUEST");
    expect((await rejection(cashier.till.update({ id: till.id, printReceipt: false }))).code).toBe("FORBIDDEN");
    expect((await cashier.till.list()).find((row) => row.id === till.id)).toMatchObject({ printReceipt: true, paperWidth: 58 });
  });
});

async function listAll(caller: Awaited<ReturnType<typeof newShop>>["cashier"]) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await caller.sale.list({ limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
