// DESIGN.md §7: discarding a rejected sale is itself recorded on the server (who, when, why,
// the sale's payload), so nothing a till held disappears without a trace. §8: any staff member
// may discard, online through sale.discardRejected or offline as a queued `type: "discard"`
// entry of sale.sync; without a manager at the till the discard is flagged for review.
import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { newShop, sale, shopWithStaff, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("sale.discardRejected", () => {
  it("records the discard with the payload as queued, once per externalId", async () => {
    const { manager, shop } = await newShop(t.db);
    const externalId = randomUUID();
    // A payload as a till might hold it: NUL and a lone surrogate, which jsonb would refuse.
    const queued = { externalId, items: [{ productId: 999_999, quantity: "1" }], sourceDevice: "till\u0000", note: "\ud800" };
    const rejection = { code: "PRODUCT_NOT_FOUND", message: "Item 1: product 999999 not found." };
    const first = await manager.sale.discardRejected({ externalId, reason: "Product was never in the catalogue", sale: queued, rejection });
    expect(first).toMatchObject({ externalId, reason: "Product was never in the catalogue", replayed: false, rejection });
    expect(JSON.parse(first.payload)).toEqual(queued);
    expect(first.discardedBy).toEqual({ kind: "staff", userId: `user-manager-${shop.id}`, name: null });
    const again = await manager.sale.discardRejected({ externalId, reason: "Pressed twice", sale: queued });
    expect(again).toMatchObject({ id: first.id, reason: "Product was never in the catalogue", replayed: true });

    const list = await manager.sale.discardedList({});
    expect(list.items.map((item) => item.externalId)).toEqual([externalId]);
    expect(JSON.parse(list.items[0]!.payload)).toEqual(queued);
  });

  it("refuses to discard a sale that is recorded, naming it", async () => {
    const { manager, cashier, shop } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const input = sale([{ productId: p.id, quantity: "1" }]);
    const { sale: stored } = await cashier.sale.create(input);
    const error = await manager.sale.discardRejected({ externalId: input.externalId, reason: "oops", sale: input }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT", cause: { code: "SALE_ALREADY_RECORDED", details: { storedSaleId: stored.id } } });
    expect((await manager.sale.discardedList({})).items).toEqual([]);
  });

  it("pages the list newest first and keeps shops apart", async () => {
    const { manager } = await newShop(t.db);
    const other = await newShop(t.db);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await manager.sale.discardRejected({ externalId: randomUUID(), reason: `r${i}`, sale: {} })).externalId);
    const firstPage = await manager.sale.discardedList({ limit: 2 });
    expect(firstPage.items.map((item) => item.externalId)).toEqual([ids[2], ids[1]]);
    const secondPage = await manager.sale.discardedList({ limit: 2, cursor: firstPage.nextCursor! });
    expect(secondPage).toMatchObject({ items: [{ externalId: ids[0] }], nextCursor: null });
    expect((await other.manager.sale.discardedList({})).items).toEqual([]);
    expect((await manager.sale.discardedList({ cursor: "garbage" })).items).toHaveLength(3);
  });

  it("lets any staff member discard; flags it for review unless a manager was at the till", async () => {
    const s = await shopWithStaff(t.db);
    const discard = async (caller: typeof s.owner, cashierId?: string) =>
      caller.sale.discardRejected({ externalId: randomUUID(), reason: "Rung up by mistake", sale: { items: [] }, ...(cashierId ? { cashierId } : {}) });

    expect((await discard(s.cashier)).needsReview).toBe(true);
    expect((await discard(s.deviceKey)).needsReview).toBe(true);
    expect((await discard(s.deviceKey, "not-a-member")).needsReview).toBe(true);
    expect((await discard(s.cashier, s.managerId)).needsReview).toBe(false);
    expect((await discard(s.manager)).needsReview).toBe(false);
    expect((await discard(s.managerKey)).needsReview).toBe(false);
    const named = await discard(s.deviceKey, s.cashierId);
    expect(named).toMatchObject({ needsReview: true, cashier: { id: s.cashierId, name: "Carl", status: "member" }, discardedBy: { kind: "apiKey" } });
    expect((await s.manager.sale.discardedList({})).items[0]).toEqual({ ...named, replayed: undefined });
  });
});

describe("discards queued in sale.sync", () => {
  const discardEntry = (saleExternalId: string, extra: Record<string, unknown> = {}) => ({
    type: "discard" as const,
    externalId: randomUUID(),
    saleExternalId,
    reason: "Customer left",
    sale: { externalId: saleExternalId, items: [{ productId: 999_999, quantity: "1" }] },
    rejection: { code: "PRODUCT_NOT_FOUND", message: "Item 1: product 999999 not found." },
    ...extra,
  });

  it("records each discard once, answers a repeat with the first, and a recorded sale with its id, per entry", async () => {
    const s = await shopWithStaff(t.db);
    const p = await trackedProduct(t.db, s.shop.id);
    const recorded = sale([{ productId: p.id, quantity: "1" }]);
    const gone = randomUUID();
    const first = discardEntry(gone, { cashierId: s.cashierId });
    const { results } = await s.deviceKey.sale.sync({
      sales: [recorded, first, discardEntry(gone, { reason: "again" }), discardEntry(recorded.externalId), { ...discardEntry(gone), saleExternalId: "nope" }],
    });
    const [stored] = await t.db.prisma.discardedSale.findMany({ where: { shopId: s.shop.id } });
    expect(results).toEqual([
      { externalId: recorded.externalId, status: "created", saleId: expect.any(Number) },
      { externalId: first.externalId, status: "created", discardId: stored!.id },
      { externalId: expect.any(String), status: "replayed", discardId: stored!.id },
      { externalId: expect.any(String), status: "replayed", saleId: results[0]!.saleId },
      { externalId: expect.any(String), status: "rejected", error: { code: "INVALID_INPUT", message: expect.stringMatching(/^Sale’s id: /) } },
    ]);
    expect(stored).toMatchObject({
      externalId: gone,
      reason: "Customer left",
      cashierId: s.cashierId,
      cashierStatus: "member",
      needsReview: true,
      rejectionCode: "PRODUCT_NOT_FOUND",
    });
    expect(await t.db.prisma.discardedSale.count({ where: { shopId: s.shop.id } })).toBe(1);

    // The same queue replayed (a till that never heard the answer): nothing new.
    const again = await s.deviceKey.sale.sync({ sales: [first] });
    expect(again.results).toEqual([{ externalId: first.externalId, status: "replayed", discardId: stored!.id }]);
  });
});
