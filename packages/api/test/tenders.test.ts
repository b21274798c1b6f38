// Tenders on a sale (DESIGN.md §8): split payment, change, cash rounding on the cash-settled
// part, a mismatch recorded and flagged (never refused), the till a sale was rung up at, the
// tenders as part of the sale's fingerprint, seed REST clients without tenders, and sales by
// tender. Real PostgreSQL, through the tRPC stack.
import { randomUUID } from "node:crypto";

import { createApiKey } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import { restRouter } from "../src";
import { createCallerFactory } from "../src/trpc";
import { appCode, newShop, rejection, sale, trackedProduct, useTestDatabase, type SaleCreateInput } from "./helpers";

const t = useTestDatabase();
const restCaller = createCallerFactory(restRouter);

type Tenders = NonNullable<SaleCreateInput["tenders"]>;

/** A shop with one product at `price`, its callers, and a way to ring up one of it with tenders. */
async function shopSelling(price: string, timezone = "UTC") {
  const shop = await newShop(t.db, "Tender shop", timezone);
  const product = await trackedProduct(t.db, shop.shop.id, { unitPrice: price });
  const owner = shop.as("owner");
  const ring = (tenders: Tenders | undefined, extra: Partial<SaleCreateInput> = {}) =>
    shop.cashier.sale.create(sale([{ productId: product.id, quantity: "1" }], { tenders, ...extra }));
  return { ...shop, owner, product, ring };
}

async function storedTenders(saleId: number) {
  return t.db.prisma.$queryRaw<{ line_no: number; method: string; label: string | null; amount: string; tendered: string | null; change: string }[]>`
    SELECT line_no, method::text, label, amount::text, tendered::text, change::text FROM sale_tender WHERE sale_id = ${saleId} ORDER BY line_no`;
}

describe("tenders on a sale", () => {
  it("records a split cash + card payment with change, and create answers what byId reads back", async () => {
    const { cashier, shop } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { unitPrice: "4.99" });
    const drawerSessionId = randomUUID();
    const { sale: created, replayed } = await cashier.sale.create(
      sale([{ productId: product.id, quantity: "2" }], {
        tenders: [
          { method: "cash", amount: "5.00", tendered: "10.00" },
          { method: "card", amount: "4.98", reference: "AUTH-1234" },
        ],
        drawerSessionId,
      }),
    );
    expect(replayed).toBe(false);
    expect(created).toMatchObject({
      total: "9.98",
      rounding: "0.00",
      tenderMismatch: false,
      tillId: null,
      drawerSessionId,
      tenders: [
        { method: "cash", label: null, amount: "5.00", tendered: "10.00", change: "5.00", reference: null },
        { method: "card", label: null, amount: "4.98", tendered: null, change: "0.00", reference: "AUTH-1234" },
      ],
    });
    expect(await cashier.sale.byId({ id: created.id })).toEqual(created);
    expect(await storedTenders(created.id)).toEqual([
      { line_no: 1, method: "cash", label: null, amount: "5.00", tendered: "10.00", change: "5.00" },
      { line_no: 2, method: "card", label: null, amount: "4.98", tendered: null, change: "0.00" },
    ]);
  });

  it("gives change on cash handed over, and an other method keeps its label", async () => {
    const { ring, cashier } = await shopSelling("7.30");
    const { sale: cash } = await ring([{ method: "cash", amount: "7.30", tendered: "20" }]);
    expect(cash.tenders).toEqual([{ method: "cash", label: null, amount: "7.30", tendered: "20.00", change: "12.70", reference: null }]);
    expect(cash.tenderMismatch).toBe(false);
    const { sale: voucher } = await ring([{ method: "other", label: "Voucher", amount: "7.3" }]);
    expect(voucher.tenders).toEqual([{ method: "other", label: "Voucher", amount: "7.30", tendered: null, change: "0.00", reference: null }]);
    expect(await cashier.sale.byId({ id: voucher.id })).toEqual(voucher);
  });

  it.each([
    ["0.05", "12.35", "-0.02", "7.65"],
    ["0.10", "12.40", "0.03", "7.60"],
    ["0.50", "12.50", "0.13", "7.50"],
    ["1.00", "12.00", "-0.37", "8.00"],
  ] as const)("rounds the cash-settled part to the shop's %s, half up, and records the rounding", async (increment, cashDue, rounding, change) => {
    const { owner, ring, cashier } = await shopSelling("12.37");
    expect((await owner.shop.update({ cashRounding: increment })).cashRounding).toBe(increment);
    expect((await cashier.shop.current()).shop.cashRounding).toBe(increment);

    const { sale: cash } = await ring([{ method: "cash", amount: cashDue, tendered: "20.00" }]);
    expect(cash).toMatchObject({ total: "12.37", rounding, tenderMismatch: false });
    expect(cash.tenders).toEqual([{ method: "cash", label: null, amount: cashDue, tendered: "20.00", change, reference: null }]);
    expect(await cashier.sale.byId({ id: cash.id })).toEqual(cash);

    // Card pays nothing towards rounding: a card-only sale is never rounded.
    const { sale: card } = await ring([{ method: "card", amount: "12.37" }]);
    expect(card).toMatchObject({ rounding: "0.00", tenderMismatch: false });
    // Paying the unrounded total in cash is a mismatch (the customer owed the rounded amount), recorded anyway.
    expect((await ring([{ method: "cash", amount: "12.37" }])).sale).toMatchObject({ rounding, tenderMismatch: true });
  });

  it("rounds only the cash part of a split payment", async () => {
    const { owner, ring } = await shopSelling("12.37");
    await owner.shop.update({ cashRounding: "0.05" });
    const { sale: split } = await ring([
      { method: "card", amount: "2.00" },
      { method: "cash", amount: "10.35", tendered: "10.35" },
    ]);
    expect(split).toMatchObject({ rounding: "-0.02", tenderMismatch: false });
    const { sale: exact } = await ring([
      { method: "card", amount: "2.37" },
      { method: "cash", amount: "10.00" },
    ]);
    expect(exact).toMatchObject({ rounding: "0.00", tenderMismatch: false });
  });

  it("flags tenders that do not add up, or cash handed over short of its amount, and records the sale all the same", async () => {
    const { ring, cashier, shop } = await shopSelling("5.00");
    const { sale: short } = await ring([{ method: "card", amount: "4.00" }]);
    expect(short).toMatchObject({ total: "5.00", tenderMismatch: true, tenders: [{ method: "card", amount: "4.00" }] });
    const { sale: over } = await ring([
      { method: "card", amount: "5.00" },
      { method: "cash", amount: "1.00" },
    ]);
    expect(over.tenderMismatch).toBe(true);
    const { sale: handedShort } = await ring([{ method: "cash", amount: "5.00", tendered: "3.00" }]);
    expect(handedShort).toMatchObject({ tenderMismatch: true, tenders: [{ tendered: "3.00", change: "0.00" }] });
    for (const flagged of [short, over, handedShort]) expect(await cashier.sale.byId({ id: flagged.id })).toEqual(flagged);
    const rows = await t.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sale WHERE shop_id = ${shop.id} AND tender_mismatch`;
    expect(Number(rows[0]!.n)).toBe(3);
  });

  it("refuses malformed tenders as a typed 400 and writes nothing", async () => {
    const { ring, shop } = await shopSelling("5.00");
    for (const tenders of [
      [],
      [{ method: "cheque", amount: "5.00" }],
      [{ method: "cash", amount: "-5.00" }],
      Array(11).fill({ method: "card", amount: "0.50" }),
    ]) {
      const error = await rejection(ring(tenders as Tenders));
      expect(error.code).toBe("BAD_REQUEST");
    }
    const rows = await t.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sale WHERE shop_id = ${shop.id}`;
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe("the till a sale was rung up at", () => {
  it("is the sale's tillId when that till is this shop's, else the till the device key is bound to; an unknown till is recorded as none", async () => {
    const { manager, as, shop, product, ring } = await shopSelling("1.00");
    const other = await newShop(t.db, "Other shop");
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
    const front = await manager.till.create({ name: "Front", series: "F", apiKeyId: key.id });
    const back = await manager.till.create({ name: "Back", series: "B" });
    const foreign = await other.manager.till.create({ name: "Theirs", series: "T" });
    const device = as("device", { apiKeyId: key.id, name: "pos-01" });
    const paid: Tenders = [{ method: "card", amount: "1.00" }];

    const bound = await device.sale.create(sale([{ productId: product.id, quantity: "1" }], { tenders: paid }));
    expect(bound.sale.tillId).toBe(front.id);
    const named = await device.sale.create(sale([{ productId: product.id, quantity: "1" }], { tenders: paid, tillId: back.id }));
    expect(named.sale.tillId).toBe(back.id);
    expect((await ring(paid, { tillId: back.id })).sale.tillId).toBe(back.id);
    // A till of another shop, or none at all: the sale happened, so it is recorded, with no till.
    const theirs = await ring(paid, { tillId: foreign.id });
    expect(theirs.sale.tillId).toBeNull();
    const unknown = await device.sale.create(sale([{ productId: product.id, quantity: "1" }], { tenders: paid, tillId: 2_000_000_000 }));
    expect(unknown.sale.tillId).toBeNull();
    // A staff session with no till named has none.
    expect((await ring(paid)).sale.tillId).toBeNull();
    for (const recorded of [bound, named, theirs, unknown]) expect(await manager.sale.byId({ id: recorded.sale.id })).toEqual(recorded.sale);

    // sale.sync decides the till the same way.
    const batch = [
      sale([{ productId: product.id, quantity: "1" }], { tenders: paid }),
      sale([{ productId: product.id, quantity: "1" }], { tenders: paid, tillId: 2_000_000_000 }),
    ];
    const { results } = await device.sale.sync({ sales: batch });
    expect(results.map((r) => r.status)).toEqual(["created", "created"]);
    expect((await manager.sale.byId({ id: results[0]!.saleId! })).tillId).toBe(front.id);
    expect((await manager.sale.byId({ id: results[1]!.saleId! })).tillId).toBeNull();
  });
});

describe("tenders and exactly once", () => {
  it("replays the same tenders (spelled otherwise too) and refuses changed tenders as IDEMPOTENCY_KEY_REUSED, writing nothing", async () => {
    const { cashier, product, shop } = await shopSelling("3.00");
    const first = sale([{ productId: product.id, quantity: "1" }], {
      tenders: [
        { method: "cash", amount: "2.00", tendered: "5.00" },
        { method: "card", amount: "1.00", reference: "A1" },
      ],
    });
    const { sale: stored } = await cashier.sale.create(first);
    const again = await cashier.sale.create({
      ...first,
      tenders: [
        { method: "cash", amount: "2", tendered: "5" },
        { method: "card", amount: "1.0", reference: "A1" },
      ],
    });
    expect(again).toEqual({ sale: stored, replayed: true });
    for (const tenders of [
      [{ method: "card" as const, amount: "3.00" }],
      [
        { method: "card" as const, amount: "1.00", reference: "A1" },
        { method: "cash" as const, amount: "2.00", tendered: "5.00" },
      ],
      [
        { method: "cash" as const, amount: "2.00", tendered: "10.00" },
        { method: "card" as const, amount: "1.00", reference: "A1" },
      ],
      undefined,
    ]) {
      const error = await rejection(cashier.sale.create({ ...first, tenders }));
      expect(error.code).toBe("UNPROCESSABLE_CONTENT");
      expect(appCode(error)).toBe("IDEMPOTENCY_KEY_REUSED");
    }
    const { results } = await cashier.sale.sync({ sales: [first, { ...first, tenders: [{ method: "card", amount: "3.00" }] }] });
    expect(results[0]).toEqual({ externalId: first.externalId, status: "replayed", saleId: stored.id });
    expect(results[1]).toMatchObject({ status: "rejected", error: { code: "IDEMPOTENCY_KEY_REUSED", storedSaleId: stored.id } });
    const rows = await t.db.prisma.$queryRaw<{ sales: bigint; tenders: bigint }[]>`
      SELECT (SELECT count(*) FROM sale WHERE shop_id = ${shop.id}) AS sales, (SELECT count(*) FROM sale_tender WHERE shop_id = ${shop.id}) AS tenders`;
    expect(rows[0]).toEqual({ sales: 1n, tenders: 2n });
  });

  it("records a sale.sync batch with tenders exactly as sale.create records the same sales", async () => {
    const { cashier, owner, product, shop } = await shopSelling("12.37");
    await owner.shop.update({ cashRounding: "0.10" });
    const variants: Tenders[] = [
      [{ method: "cash", amount: "12.40", tendered: "20.00" }],
      [
        { method: "card", amount: "2.37" },
        { method: "cash", amount: "10.00", tendered: "50" },
      ],
      [{ method: "card", amount: "11.00" }],
      [{ method: "other", label: "Voucher", amount: "12.37" }],
    ];
    const batch = variants.map((tenders) => sale([{ productId: product.id, quantity: "1" }], { tenders, drawerSessionId: randomUUID() }));
    batch.push(sale([{ productId: product.id, quantity: "1" }]));
    const { results } = await cashier.sale.sync({ sales: batch });
    expect(results.map((r) => r.status)).toEqual(batch.map(() => "created"));
    const synced = await Promise.all(results.map((r) => cashier.sale.byId({ id: r.saleId! })));

    const created = [];
    for (const input of batch) created.push((await cashier.sale.create({ ...input, externalId: randomUUID() })).sale);
    const facts = (s: (typeof synced)[number]) => ({
      total: s.total,
      tenders: s.tenders,
      rounding: s.rounding,
      tenderMismatch: s.tenderMismatch,
      tillId: s.tillId,
    });
    expect(created.map(facts)).toEqual(synced.map(facts));
    expect(created.map((s) => s.drawerSessionId)).toEqual(batch.map((s) => s.drawerSessionId ?? null));
    expect(synced.map((s) => [s.rounding, s.tenderMismatch])).toEqual([
      ["0.03", false],
      ["0.00", false],
      ["0.00", true],
      ["0.00", false],
      ["0.00", false],
    ]);
    // A batch re-sent replays every sale.
    expect((await cashier.sale.sync({ sales: batch })).results.map((r) => r.status)).toEqual(batch.map(() => "replayed"));
    const rows = await t.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sale_tender WHERE shop_id = ${shop.id}`;
    expect(Number(rows[0]!.n)).toBe(10);
  });
});

describe("seed REST clients", () => {
  it("record sales without tenders as before, and with tenders in snake_case; the answer carries tenders, rounding and tender_mismatch", async () => {
    const { shop, product } = await shopSelling("2.50");
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "seed-till", role: "device" });
    const rest = restCaller({ prisma: t.db.prisma, principal: { shopId: shop.id, role: "device", name: "seed-till", apiKeyId: key.id }, rest: {} });
    const body = {
      external_id: randomUUID(),
      source_device: "seed-till",
      client_timestamp: "2026-11-20T09:15:00Z",
      items: [{ product: String(product.id), quantity: "2" }],
    };
    const plain = await rest.createSale(body);
    expect(plain).toMatchObject({ total: "5.00", tenders: [], rounding: "0.00", tender_mismatch: false });
    expect(await rest.createSale({ ...body, tenders: null })).toEqual(plain);

    const paid = await rest.createSale({
      ...body,
      external_id: randomUUID(),
      tenders: [
        { method: "cash", amount: "3.00", tendered: "5.00", label: null, reference: null },
        { method: "card", amount: "2.00", reference: "XY12" },
      ],
    });
    expect(paid).toMatchObject({
      total: "5.00",
      rounding: "0.00",
      tender_mismatch: false,
      tenders: [
        { method: "cash", label: null, amount: "3.00", tendered: "5.00", change: "2.00", reference: null },
        { method: "card", label: null, amount: "2.00", tendered: null, change: "0.00", reference: "XY12" },
      ],
    });
    const bad = await rejection(rest.createSale({ ...body, external_id: randomUUID(), tenders: [{ method: "cash", amount: "abc" }] }));
    expect(bad.code).toBe("BAD_REQUEST");
  });
});

describe("shop money settings", () => {
  it("owners set cash rounding, the pay-out review amount and tender names; others may not; bad values are typed 400s", async () => {
    const { owner, manager, cashier } = await newShop(t.db).then((s) => ({ ...s, owner: s.as("owner") }));
    expect((await cashier.shop.current()).shop).toMatchObject({ cashRounding: null, payoutReviewAbove: null, tenderLabels: [] });
    const updated = await owner.shop.update({ cashRounding: "0.50", payoutReviewAbove: "50", tenderLabels: [" Voucher ", "Bank transfer"] });
    expect(updated).toMatchObject({ cashRounding: "0.50", payoutReviewAbove: "50.00", tenderLabels: ["Voucher", "Bank transfer"] });
    expect((await cashier.shop.current()).shop).toEqual(updated);
    expect(await owner.shop.update({ name: "Renamed" })).toMatchObject({ name: "Renamed", cashRounding: "0.50", tenderLabels: ["Voucher", "Bank transfer"] });
    expect(await owner.shop.update({ cashRounding: null, payoutReviewAbove: null, tenderLabels: [] })).toMatchObject({
      cashRounding: null,
      payoutReviewAbove: null,
      tenderLabels: [],
    });

    for (const input of [
      { cashRounding: "0.20" },
      { cashRounding: 0.05 },
      { payoutReviewAbove: "-1" },
      { tenderLabels: ["Voucher", "voucher"] },
      { tenderLabels: [""] },
      { tenderLabels: ["x".repeat(65)] },
      { tenderLabels: Array.from({ length: 21 }, (_, i) => `Method ${i}`) },
    ]) {
      expect((await rejection(owner.shop.update(input as never))).code).toBe("BAD_REQUEST");
    }
    expect((await rejection(manager.shop.update({ cashRounding: "0.05" }))).code).toBe("FORBIDDEN");
    expect((await cashier.shop.current()).shop).toMatchObject({ name: "Renamed", cashRounding: null });
  });
});

describe("sales by tender", () => {
  it("per method: taken, refunded, net and sales over the range and per local day, every day present; the dashboard carries the totals", async () => {
    const { cashier, manager, shop, product } = await shopSelling("4.99", "Europe/Berlin");
    const voucherProduct = await trackedProduct(t.db, shop.id, { unitPrice: "2.00" });
    const ring = (at: string, tenders: Tenders, productId = product.id, quantity = "2") =>
      cashier.sale.create(sale([{ productId, quantity }], { clientTimestamp: at, tenders }));
    // 10 Nov (local): a split sale and a voucher sale.
    const { sale: split } = await ring("2026-11-10T10:00:00Z", [
      { method: "cash", amount: "5.00", tendered: "10.00" },
      { method: "card", amount: "4.98" },
    ]);
    await ring("2026-11-10T12:00:00Z", [{ method: "other", label: "Voucher", amount: "2.00" }], voucherProduct.id, "1");
    // 23:30 UTC on 11 Nov is 00:30 on 12 Nov in Berlin.
    await ring("2026-11-11T23:30:00Z", [{ method: "card", amount: "4.99" }], product.id, "1");
    // Outside the range (9 Nov local), and a sale without tenders: neither counts.
    await ring("2026-11-09T22:59:00Z", [{ method: "card", amount: "9.98" }]);
    await cashier.sale.create(sale([{ productId: product.id, quantity: "1" }], { clientTimestamp: "2026-11-10T09:00:00Z" }));
    // A partial refund of one of the two on 12 Nov, the money back in cash.
    const refund = await manager.sale.refund({
      type: "refund",
      externalId: randomUUID(),
      originalSaleId: split.id,
      lines: [{ lineNo: 1, quantity: "1" }],
      tenders: [{ method: "cash", amount: "4.99" }],
      reason: "Cracked",
      clientTimestamp: "2026-11-12T09:00:00Z",
    });
    expect(refund.sale).toMatchObject({ kind: "refund", total: "-4.99" });

    const report = await manager.analytics.byTender({ startDate: "2026-11-10", endDate: "2026-11-12" });
    const zero = { taken: "0.00", refunded: "0.00", net: "0.00", count: 0 };
    expect(report).toEqual({
      startDate: "2026-11-10",
      endDate: "2026-11-12",
      timezone: "Europe/Berlin",
      currency: "EUR",
      // No standby here: the primary answered, current.
      freshness: { source: "primary", dataAsOf: expect.any(Date), lagSeconds: 0, stale: false },
      methods: [
        {
          key: "cash",
          method: "cash",
          label: null,
          taken: "5.00",
          refunded: "4.99",
          net: "0.01",
          count: 1,
          days: [
            { date: "2026-11-10", taken: "5.00", refunded: "0.00", net: "5.00", count: 1 },
            { date: "2026-11-11", ...zero },
            { date: "2026-11-12", taken: "0.00", refunded: "4.99", net: "-4.99", count: 0 },
          ],
        },
        {
          key: "card",
          method: "card",
          label: null,
          taken: "9.97",
          refunded: "0.00",
          net: "9.97",
          count: 2,
          days: [
            { date: "2026-11-10", taken: "4.98", refunded: "0.00", net: "4.98", count: 1 },
            { date: "2026-11-11", ...zero },
            { date: "2026-11-12", taken: "4.99", refunded: "0.00", net: "4.99", count: 1 },
          ],
        },
        {
          key: "other:Voucher",
          method: "other",
          label: "Voucher",
          taken: "2.00",
          refunded: "0.00",
          net: "2.00",
          count: 1,
          days: [
            { date: "2026-11-10", taken: "2.00", refunded: "0.00", net: "2.00", count: 1 },
            { date: "2026-11-11", ...zero },
            { date: "2026-11-12", ...zero },
          ],
        },
      ],
    });
    const summary = await manager.analytics.summary({ startDate: "2026-11-10", endDate: "2026-11-12" });
    expect(summary.tenders).toEqual(report.methods.map(({ days: _days, ...figures }) => figures));
    expect((await manager.analytics.byTender({ startDate: "2026-11-13", endDate: "2026-11-13" })).methods).toEqual([]);
    expect((await rejection(cashier.analytics.byTender({ startDate: "2026-11-10", endDate: "2026-11-12" }))).code).toBe("FORBIDDEN");
    expect((await rejection(manager.analytics.byTender({ startDate: "2026-11-12", endDate: "2026-11-10" }))).code).toBe("BAD_REQUEST");
  });
});
