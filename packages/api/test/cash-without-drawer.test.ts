// Cash taken (or given back) with no drawer session of the till open (DESIGN.md §8): the money
// reaches no cash-up or Z report, so the sale or refund is recorded as always and flagged
// `cashWithoutDrawer` for a manager, listed under Needs review and counted until one marks it
// reviewed. Real PostgreSQL, through the tRPC stack.
import { randomUUID } from "node:crypto";

import { createApiKey } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import { callerFor, drawerEvent, sale, shopWithStaff, trackedProduct, useTestDatabase, type SaleCreateInput } from "./helpers";

const t = useTestDatabase();

type Tenders = NonNullable<SaleCreateInput["tenders"]>;
const cash: Tenders = [{ method: "cash", amount: "2.50", tendered: "5.00" }];
const card: Tenders = [{ method: "card", amount: "2.50", reference: "AUTH-1" }];

/** A shop with real staff (so nothing else is flagged), two tills, a product at 2.50, and a way to ring one up. */
async function shop() {
  const s = await shopWithStaff(t.db);
  const product = await trackedProduct(t.db, s.shop.id, { unitPrice: "2.50" });
  const front = await s.manager.till.create({ name: "Front", series: "F" });
  const back = await s.manager.till.create({ name: "Back", series: "B" });
  const ring = (tenders: Tenders | undefined, extra: Partial<SaleCreateInput> = {}) => sale([{ productId: product.id, quantity: "1" }], { tenders, ...extra });
  const unreviewed = async () => (await s.manager.review.count()).unreviewed;
  const reasons = async () => (await s.manager.review.list({})).items.map((item) => [item.subjectId, item.what, item.reasons]);
  return { ...s, product, front, back, ring, unreviewed, reasons };
}

describe("cash with no drawer session open", () => {
  it("flags a cash sale rung up with no till and no drawer session, once, however often it is sent again", async () => {
    const s = await shop();
    const input = s.ring(cash);
    const { sale: flagged, replayed } = await s.cashier.sale.create(input);
    expect(replayed).toBe(false);
    expect(flagged).toMatchObject({ total: "2.50", tillId: null, drawerSessionId: null, cashWithoutDrawer: true, tenderMismatch: false });
    expect(await s.cashier.sale.byId({ id: flagged.id })).toEqual(flagged);

    const [item] = (await s.manager.review.list({})).items;
    expect(item).toMatchObject({
      subject: "sale",
      subjectId: flagged.id,
      what: "sale",
      reasons: ["cashWithoutDrawer"],
      amount: "2.50",
      at: flagged.occurredAt,
      till: null,
      cashier: { id: s.cashierId, name: "Carl", status: "member" },
      sentBy: { kind: "staff", userId: s.cashierId },
      link: { page: "sale", saleId: flagged.id },
      review: null,
    });
    expect(await s.unreviewed()).toBe(1);

    // Sent again (the till's retry, and once more through sale.sync): the same sale, still one flag.
    expect(await s.cashier.sale.create(input)).toEqual({ sale: flagged, replayed: true });
    const { results } = await s.cashier.sale.sync({ sales: [input] });
    expect(results).toEqual([{ externalId: input.externalId, status: "replayed", saleId: flagged.id }]);
    expect(await s.unreviewed()).toBe(1);
    expect(await t.db.prisma.sale.count({ where: { shopId: s.shop.id } })).toBe(1);

    // A manager resolves it like any other flag.
    const { item: reviewed } = await s.manager.review.markReviewed({ subject: "sale", subjectId: flagged.id, note: "Cash found in the office" });
    expect(reviewed.review).toMatchObject({ note: "Cash found in the office" });
    expect(await s.unreviewed()).toBe(0);
    expect((await s.manager.review.list({ status: "reviewed" })).items.map((one) => one.subjectId)).toEqual([flagged.id]);
  });

  it("does not flag a card-only sale with no drawer session, nor a cash sale in the till's open session", async () => {
    const s = await shop();
    const { sale: byCard } = await s.cashier.sale.create(s.ring(card));
    expect(byCard.cashWithoutDrawer).toBe(false);
    // A split with nothing settled or handed over in cash moves no cash.
    const { sale: noCash } = await s.cashier.sale.create(
      s.ring([
        { method: "cash", amount: "0.00", tendered: "0.00" },
        { method: "card", amount: "2.50" },
      ]),
    );
    expect(noCash.cashWithoutDrawer).toBe(false);
    const session = randomUUID();
    await s.cashier.drawer.record(drawerEvent(s.front.id, session, "open"));
    const { sale: inSession } = await s.cashier.sale.create(s.ring(cash, { tillId: s.front.id, drawerSessionId: session }));
    expect(inSession).toMatchObject({ tillId: s.front.id, drawerSessionId: session, cashWithoutDrawer: false });
    expect(await s.cashier.sale.byId({ id: inSession.id })).toEqual(inSession);
    expect(await s.unreviewed()).toBe(0);
    // The session's cash-up counts it.
    const report = await s.manager.drawer.session({ sessionId: session });
    expect(report.saleCount).toBe(1);
  });

  it("flags cash at a till with no session, naming a session the shop never saw, or naming another till's session", async () => {
    const s = await shop();
    const backSession = randomUUID();
    await s.cashier.drawer.record(drawerEvent(s.back.id, backSession, "open"));
    const { sale: atTill } = await s.cashier.sale.create(s.ring(cash, { tillId: s.front.id }));
    const { sale: unknownSession } = await s.cashier.sale.create(s.ring(cash, { tillId: s.front.id, drawerSessionId: randomUUID() }));
    const { sale: otherTill } = await s.cashier.sale.create(s.ring(cash, { tillId: s.front.id, drawerSessionId: backSession }));
    for (const one of [atTill, unknownSession, otherTill]) expect(one.cashWithoutDrawer).toBe(true);
    expect(await s.reasons()).toEqual([
      [otherTill.id, "sale", ["cashWithoutDrawer"]],
      [unknownSession.id, "sale", ["cashWithoutDrawer"]],
      [atTill.id, "sale", ["cashWithoutDrawer"]],
    ]);
    expect(await s.unreviewed()).toBe(3);
  });

  it("does not flag cash from a device key bound to no till (a REST till, a script: no drawer could have been open), and flags it from a key bound to a till", async () => {
    const s = await shop();
    const { sale: unbound } = await s.deviceKey.sale.create(s.ring(cash));
    expect(unbound).toMatchObject({ tillId: null, cashWithoutDrawer: false });
    const created = await createApiKey(t.db.prisma, { shopId: s.shop.id, name: "counter-key", role: "device" });
    const counter = await s.manager.till.create({ name: "Counter", series: "C", apiKeyId: created.id });
    const boundKey = callerFor(t.db, { shopId: s.shop.id, role: "device", apiKeyId: created.id, name: "counter-key" });
    const { sale: bound } = await boundKey.sale.create(s.ring(cash));
    expect(bound).toMatchObject({ tillId: counter.id, cashWithoutDrawer: true });
    expect(await s.reasons()).toEqual([[bound.id, "sale", ["cashWithoutDrawer"]]]);
  });

  it("does not flag sales of a session opened offline whose open event comes in the same sync batch (sales are written first)", async () => {
    const s = await shop();
    const session = randomUUID();
    const rung = s.ring(cash, { tillId: s.front.id, drawerSessionId: session });
    const { results } = await s.cashier.sale.sync({ sales: [drawerEvent(s.front.id, session, "open"), rung] });
    expect(results.map((result) => result.status)).toEqual(["created", "created"]);
    expect((await s.cashier.sale.byId({ id: results[1]!.saleId! })).cashWithoutDrawer).toBe(false);
    expect(await s.unreviewed()).toBe(0);
    expect(await s.reasons()).toEqual([]);
  });

  it("flags a refund paid back in cash with no drawer session, and not one paid back in the till's open session", async () => {
    const s = await shop();
    const session = randomUUID();
    await s.cashier.drawer.record(drawerEvent(s.front.id, session, "open"));
    const placed = { tillId: s.front.id, drawerSessionId: session };
    const { sale: original } = await s.manager.sale.create(s.ring(cash, placed));
    const refund = (extra: object) =>
      s.manager.sale.refund({
        type: "refund",
        externalId: randomUUID(),
        originalSaleId: original.id,
        lines: [{ lineNo: 1, quantity: "0.5" }],
        tenders: [{ method: "cash", amount: "1.25" }],
        reason: "Half back",
        ...extra,
      });
    const { sale: outside } = await refund({});
    const { sale: inside } = await refund(placed);
    expect(outside).toMatchObject({ kind: "refund", cashWithoutDrawer: true });
    expect(inside).toMatchObject({ kind: "refund", cashWithoutDrawer: false });
    expect(await s.reasons()).toEqual([[outside.id, "refund", ["cashWithoutDrawer"]]]);
  });
});
