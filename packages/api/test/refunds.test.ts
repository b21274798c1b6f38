// Partial refunds (DESIGN.md §3.10, §8; issue 17): some lines or part of a quantity, with the
// tender the money went back by, restocking tracked products, exactly once by externalId.
import { randomUUID } from "node:crypto";

import { createApiKey, createTill } from "@tillsync/db";
import type { TestDatabase } from "@tillsync/db/testing";
import type { inferProcedureInput } from "@trpc/server";
import { describe, expect, it } from "vitest";

import type { AppRouter } from "../src";
import { callerFor, countRows, newShop, sale, shopWithStaff, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

type RefundRaw = inferProcedureInput<AppRouter["sale"]["refund"]>;

const refund = (
  original: { originalSaleId: number } | { originalExternalId: string },
  lines: RefundRaw["lines"],
  extra: Partial<RefundRaw> = {},
): RefundRaw => ({
  type: "refund",
  externalId: randomUUID(),
  ...original,
  lines,
  reason: "Customer returned it",
  clientTimestamp: new Date().toISOString(),
  ...extra,
});

/** Per product: the stock equals the sum of its ledger, and each row's stock_after is the previous one's plus its delta. */
async function expectLedgerConsistent(db: TestDatabase, productId: number) {
  const rows = await db.prisma.$queryRaw<{ delta: string; stock_after: string }[]>`
    SELECT delta::text, stock_after::text FROM stock_movement WHERE product_id = ${productId} ORDER BY id`;
  let running = 0;
  for (const row of rows) {
    running = Math.round((running + Number(row.delta)) * 1000) / 1000;
    expect(Number(row.stock_after)).toBe(running);
  }
  const [product] = await db.prisma.$queryRaw<{ stock: string }[]>`SELECT stock::text FROM product WHERE id = ${productId}`;
  expect(Number(product!.stock)).toBe(running);
}

describe("sale.refund", () => {
  it("refunds part of a sale: negative lines at the original prices, tenders, stock back for restocked tracked lines only", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const milk = await trackedProduct(t.db, shop.id, { stock: "10", unitPrice: "1.19" });
    const eggs = await trackedProduct(t.db, shop.id, { stock: "20", unitPrice: "3.35" });
    const cheese = await volatileProduct(t.db, shop.id);
    const { sale: original } = await cashier.sale.create(
      sale([
        { productId: milk.id, quantity: "3" },
        { productId: cheese.id, quantity: "0.250", unitPrice: "20.00" },
        { productId: eggs.id, quantity: "2" },
      ]),
    );
    const input = refund(
      { originalSaleId: original.id },
      [
        { lineNo: 1, quantity: "0.333" },
        { lineNo: 2, quantity: "0.125" },
        { lineNo: 3, quantity: "1", restock: false },
      ],
      { tenders: [{ method: "cash", amount: "6.25" }] },
    );

    const { sale: refunded, replayed } = await cashier.sale.refund(input);

    expect(replayed).toBe(false);
    // 0.333 × 1.19 = 0.39627 → 0.40; 0.125 × 20.00 = 2.50; 1 × 3.35.
    expect(refunded).toMatchObject({ kind: "refund", refundsSaleId: original.id, reversesSaleId: null, total: "-6.25", reason: input.reason });
    expect(refunded.items.map((i) => [i.productId, i.quantity, i.unitPrice, i.lineTotal])).toEqual([
      [milk.id, "-0.333", "1.19", "-0.40"],
      [cheese.id, "-0.125", "20.00", "-2.50"],
      [eggs.id, "-1.000", "3.35", "-3.35"],
    ]);
    expect(refunded.tenders).toEqual([{ method: "cash", label: null, amount: "6.25", tendered: null, change: "0.00", reference: null }]);
    expect(refunded).toMatchObject({ tenderMismatch: false, overRefund: false, rounding: "0.00" });
    const lines = await t.db.prisma.saleItem.findMany({ where: { saleId: BigInt(refunded.id) }, orderBy: { lineNo: "asc" } });
    expect(lines.map((l) => [l.lineNo, l.refundsLineNo])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);

    // Milk put back (10 − 3 + 0.333), eggs not restocked as the till said, cheese has no stock.
    expect((await cashier.product.byId({ id: milk.id })).stock).toBe("7.333");
    expect((await cashier.product.byId({ id: eggs.id })).stock).toBe("18.000");
    const [latest] = (await manager.product.movements({ productId: milk.id })).items;
    expect(latest).toMatchObject({ reason: "refund", delta: "0.333", stockAfter: "7.333", saleId: refunded.id, note: input.reason });
    expect((await manager.product.movements({ productId: eggs.id })).items.map((m) => m.reason)).not.toContain("refund");
    expect(await t.db.prisma.stockMovement.count({ where: { productId: cheese.id } })).toBe(0);
    for (const p of [milk, eggs]) await expectLedgerConsistent(t.db, p.id);

    // The stored-sale reader answers it, and lists and analytics see it.
    expect(await cashier.sale.byId({ id: refunded.id })).toEqual(refunded);
    expect((await cashier.sale.list({ kind: "refund" })).items.map((s) => s.id)).toEqual([refunded.id]);
    const today = new Date().toISOString().slice(0, 10);
    const summary = await manager.analytics.summary({ startDate: today, endDate: today });
    expect(summary.totalRevenue).toBe("9.02"); // 3.57 + 5.00 + 6.70 − 6.25
    const milkAnalytics = await manager.analytics.byProduct({ productId: milk.id, startDate: today, endDate: today, period: "daily" });
    expect(milkAnalytics).toMatchObject({ totalQuantitySold: "2.667", totalRevenue: "3.17" });
    // Counted as reversals are, in both: minus one sale (byProduct counts a product's refunded lines so already).
    expect([summary.saleCount, milkAnalytics.saleCount]).toEqual([0, 0]);
  });

  it("applies the shop's cash rounding to the cash paid back and flags tenders that do not add up, never refusing", async () => {
    const { shop, cashier } = await newShop(t.db);
    await t.db.prisma.shop.update({ where: { id: shop.id }, data: { cashRounding: "0.05" } });
    const p = await trackedProduct(t.db, shop.id, { unitPrice: "1.19" });
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "5" }]));

    const rounded = await cashier.sale.refund(
      refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "2" }], { tenders: [{ method: "cash", amount: "2.40" }] }),
    );
    expect(rounded.sale).toMatchObject({ total: "-2.38", rounding: "0.02", tenderMismatch: false });

    const short = await cashier.sale.refund(
      refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }], {
        tenders: [
          { method: "card", amount: "0.50", reference: "A1" },
          { method: "other", label: "Voucher", amount: "0.10" },
        ],
      }),
    );
    expect(short.sale).toMatchObject({ total: "-1.19", rounding: "0.00", tenderMismatch: true });
    expect(short.sale.tenders.map((tender) => [tender.method, tender.label, tender.amount, tender.reference])).toEqual([
      ["card", null, "0.50", "A1"],
      ["other", "Voucher", "0.10", null],
    ]);
    const rows = await t.db.prisma.saleTender.findMany({ where: { saleId: BigInt(short.sale.id) }, orderBy: { lineNo: "asc" } });
    expect(rows.map((r) => [r.lineNo, r.amount.toFixed(2)])).toEqual([
      [1, "0.50"],
      [2, "0.10"],
    ]);
  });

  it("keeps the till only if it is this shop's (naming none: the device key's till), and the drawer session as sent", async () => {
    const { shop, cashier } = await newShop(t.db);
    const other = await newShop(t.db, "Other shop");
    const ours = await createTill(t.db.prisma, { shopId: shop.id }, { name: "Front", series: "A" });
    const theirs = await createTill(t.db.prisma, { shopId: other.shop.id }, { name: "Front", series: "A" });
    const p = await trackedProduct(t.db, shop.id);
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "2" }]));
    const drawerSessionId = randomUUID();
    const kept = await cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }], { tillId: ours.id, drawerSessionId }));
    expect(kept.sale).toMatchObject({ tillId: ours.id, drawerSessionId });
    const dropped = await cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }], { tillId: theirs.id }));
    expect(dropped.sale).toMatchObject({ tillId: null, drawerSessionId: null, overRefund: false });

    // Naming none, a refund delivered by a device key bound to a till is that till's, as a sale is.
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-02", role: "device" });
    const bound = await createTill(t.db.prisma, { shopId: shop.id }, { name: "Back", series: "B", apiKeyId: key.id });
    const till = callerFor(t.db, { shopId: shop.id, role: "device", apiKeyId: key.id, name: "pos-02" });
    const implied = await till.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "0.5" }]));
    expect(implied.sale.tillId).toBe(bound.id);
    expect((await till.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "0.5" }], { tillId: ours.id }))).sale.tillId).toBe(ours.id);
  });

  it("replays the same refund and refuses a changed one under the same externalId (IDEMPOTENCY_KEY_REUSED naming the stored sale)", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "10" });
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "4" }]));
    const input = refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }], { sourceDevice: "till-1 v1" });
    const first = await cashier.sale.refund(input);

    // Delivery metadata is not a fact; another spelling of the same instant is the same refund.
    const again = await cashier.sale.refund({ ...input, sourceDevice: "till-1 v2", clientTimestamp: (input.clientTimestamp as string).replace("Z", "+00:00") });
    expect(again).toEqual({ sale: first.sale, replayed: true });

    for (const changed of [
      { ...input, lines: [{ lineNo: 1, quantity: "2" }] },
      { ...input, reason: "Other reason" },
      { ...input, tenders: [{ method: "cash" as const, amount: "2.50" }] },
    ]) {
      const error = await cashier.sale.refund(changed).then(
        () => null,
        (e: unknown) => e as { code: string; cause: unknown },
      );
      expect(error?.code).toBe("UNPROCESSABLE_CONTENT");
      expect(error?.cause).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", details: { storedSaleId: first.sale.id } });
    }
    // A sale's externalId is not a refund's, nor the other way round.
    await expect(cashier.sale.refund({ ...input, externalId: original.externalId })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(cashier.sale.create(sale([{ productId: p.id, quantity: "1" }], { externalId: input.externalId }))).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });

    // Concurrent duplicates: one row, the others replay it.
    const racing = refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }]);
    const answers = await Promise.all(Array.from({ length: 8 }, () => cashier.sale.refund(racing)));
    expect(new Set(answers.map((a) => a.sale.id)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(await countRows(t.db, "sale", shop.id)).toBe(3);
    expect((await cashier.product.byId({ id: p.id })).stock).toBe("8.000");
    await expectLedgerConsistent(t.db, p.id);
  });

  it("flags an over-refund but records it as it happened; refundable shows accepted refunds only", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "10", unitPrice: "2.00" });
    const q = await trackedProduct(t.db, shop.id, { stock: "10", unitPrice: "5.00" });
    const { sale: original } = await cashier.sale.create(
      sale([
        { productId: p.id, quantity: "2" },
        { productId: q.id, quantity: "1" },
      ]),
    );
    const ok = await cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }]));
    const over = await cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1.5" }]));
    // The same line named twice in one refund adds up.
    const twice = await cashier.sale.refund(
      refund({ originalSaleId: original.id }, [
        { lineNo: 2, quantity: "0.5" },
        { lineNo: 2, quantity: "0.6" },
      ]),
    );
    const fits = await cashier.sale.refund(refund({ originalExternalId: original.externalId }, [{ lineNo: 1, quantity: "1" }]));
    expect([ok, over, twice, fits].map((r) => r.sale.overRefund)).toEqual([false, true, true, false]);
    expect(over.sale.total).toBe("-3.00");
    // Stock and money went back for all of them.
    expect((await cashier.product.byId({ id: p.id })).stock).toBe("11.500");
    expect((await cashier.product.byId({ id: q.id })).stock).toBe("10.100");

    const view = await cashier.sale.refundable({ externalId: original.externalId });
    expect(view.sale.id).toBe(original.id);
    expect(view.lines).toEqual([
      { lineNo: 1, productId: p.id, productName: p.name, unitPrice: "2.00", sold: "2.000", refunded: "2.000", remaining: "0.000" },
      { lineNo: 2, productId: q.id, productName: q.name, unitPrice: "5.00", sold: "1.000", refunded: "0.000", remaining: "1.000" },
    ]);
    expect(view.refunds.map((r) => r.id)).toEqual([ok, over, twice, fits].map((r) => r.sale.id));
    expect(await cashier.sale.refundable({ saleId: original.id })).toEqual(view);
  });

  it("refuses what is not a refund of this shop's sale, with nothing written", async () => {
    const { shop, cashier } = await newShop(t.db);
    const other = await newShop(t.db, "Other shop");
    const p = await trackedProduct(t.db, shop.id, { stock: "10" });
    const theirs = await trackedProduct(t.db, other.shop.id);
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    const { sale: foreign } = await other.cashier.sale.create(sale([{ productId: theirs.id, quantity: "1" }]));
    const before = await countRows(t.db, "sale", shop.id);

    const appCode = (promise: Promise<unknown>) =>
      promise.then(
        () => "OK",
        (e: { code: string; cause?: { code?: string } }) => `${e.code} ${e.cause?.code ?? ""}`.trim(),
      );
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: foreign.id }, [{ lineNo: 1, quantity: "1" }])))).toBe(
      "NOT_FOUND ORIGINAL_SALE_NOT_FOUND",
    );
    expect(await appCode(cashier.sale.refund(refund({ originalExternalId: foreign.externalId }, [{ lineNo: 1, quantity: "1" }])))).toBe(
      "NOT_FOUND ORIGINAL_SALE_NOT_FOUND",
    );
    expect(await appCode(cashier.sale.refundable({ saleId: foreign.id }))).toBe("NOT_FOUND SALE_NOT_FOUND");
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 2, quantity: "1" }])))).toBe("NOT_FOUND REFUND_LINE_NOT_FOUND");
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "0" }])))).toBe("BAD_REQUEST");
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }], { reason: " " })))).toBe("BAD_REQUEST");
    expect(
      await appCode(
        cashier.sale.refund({ ...refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "1" }]), originalExternalId: original.externalId }),
      ),
    ).toBe("BAD_REQUEST");
    // A refund whose amount no DECIMAL(12,2) holds is the caller's mistake, not a 500.
    const { sale: dear } = await cashier.sale.create(sale([{ productId: p.id, quantity: "1", unitPrice: "9999999.00" }]));
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: dear.id }, [{ lineNo: 1, quantity: "9999" }])))).toBe("BAD_REQUEST AMOUNT_OUT_OF_RANGE");
    const { sale: partial } = await cashier.sale.refund(refund({ originalSaleId: original.id }, [{ lineNo: 1, quantity: "0.5" }]));
    expect(await appCode(cashier.sale.refund(refund({ originalSaleId: partial.id }, [{ lineNo: 1, quantity: "0.5" }])))).toBe(
      "BAD_REQUEST SALE_NOT_REVERSIBLE",
    );
    expect(await countRows(t.db, "sale", shop.id)).toBe(before + 2);
    expect(await countRows(t.db, "sale", other.shop.id)).toBe(1);
    expect((await other.cashier.product.byId({ id: theirs.id })).stock).toBe("99.000");
    await expectLedgerConsistent(t.db, p.id);
  });

  it("sale.reverse refuses a partly refunded sale; a sale reversed whole counts as fully refunded", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "10" });
    const { sale: partly } = await cashier.sale.create(sale([{ productId: p.id, quantity: "2" }]));
    const { sale: refundOf } = await cashier.sale.refund(refund({ originalSaleId: partly.id }, [{ lineNo: 1, quantity: "1" }]));
    const reversing = manager.sale.reverse({ saleId: partly.id, externalId: randomUUID(), reason: "void" });
    await expect(reversing).rejects.toMatchObject({ code: "CONFLICT", cause: { code: "SALE_PARTLY_REFUNDED" } });
    await expect(manager.sale.reverse({ saleId: refundOf.id, externalId: randomUUID(), reason: "void" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { code: "SALE_NOT_REVERSIBLE" },
    });

    const { sale: whole } = await cashier.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    const { sale: reversal } = await manager.sale.reverse({ saleId: whole.id, externalId: randomUUID(), reason: "void" });
    const late = await cashier.sale.refund(refund({ originalSaleId: whole.id }, [{ lineNo: 1, quantity: "1" }]));
    expect(late.sale.overRefund).toBe(true);
    expect((await cashier.sale.refundable({ saleId: whole.id })).lines[0]).toMatchObject({ refunded: "1.000", remaining: "0.000" });
    await expect(cashier.sale.refundable({ saleId: reversal.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expectLedgerConsistent(t.db, p.id);
  });

  it("flags needsReview unless a manager was at the till: the principal or the cashier it names", async () => {
    const s = await shopWithStaff(t.db);
    const p = await trackedProduct(t.db, s.shop.id, { stock: "100" });
    const { sale: original } = await s.owner.sale.create(sale([{ productId: p.id, quantity: "50" }]));
    const line = [{ lineNo: 1, quantity: "1" }];
    const flagged = async (caller: typeof s.owner, extra: Partial<RefundRaw> = {}) =>
      (await caller.sale.refund(refund({ originalSaleId: original.id }, line, extra))).sale.needsReview;

    expect(await flagged(s.cashier)).toBe(true);
    expect(await flagged(s.deviceKey)).toBe(true);
    expect(await flagged(s.deviceKey, { cashierId: s.cashierId })).toBe(true);
    expect(await flagged(s.cashier, { cashierId: "not-a-member" })).toBe(true);
    expect(await flagged(s.deviceKey, { cashierId: s.managerId })).toBe(false);
    expect(await flagged(s.cashier, { cashierId: s.managerId })).toBe(false);
    expect(await flagged(s.manager)).toBe(false);
    expect(await flagged(s.owner)).toBe(false);
    expect(await flagged(s.managerKey)).toBe(false);
    const named = await s.deviceKey.sale.refund(refund({ originalSaleId: original.id }, line, { cashierId: s.cashierId }));
    expect(named.sale).toMatchObject({ cashier: { id: s.cashierId, name: "Carl", status: "member" }, deliveredBy: { kind: "apiKey" } });
  });
});

describe("refunds in sale.sync", () => {
  it("refunds by externalId a sale queued earlier in the same batch, and answers every entry on its own", async () => {
    const { shop, as } = await newShop(t.db);
    const till = as("device");
    const p = await trackedProduct(t.db, shop.id, { stock: "10", unitPrice: "1.50" });
    const queued = sale([{ productId: p.id, quantity: "3" }]);
    const good = refund({ originalExternalId: queued.externalId }, [{ lineNo: 1, quantity: "1" }], { tenders: [{ method: "cash", amount: "1.50" }] });
    const over = refund({ originalExternalId: queued.externalId }, [{ lineNo: 1, quantity: "3" }]);
    const unknown = refund({ originalExternalId: randomUUID() }, [{ lineNo: 1, quantity: "1" }]);
    const badLine = refund({ originalExternalId: queued.externalId }, [{ lineNo: 9, quantity: "1" }]);
    const malformed = { ...refund({ originalExternalId: queued.externalId }, [{ lineNo: 1, quantity: "1" }]), reason: "" };

    // Refunds first in the batch: the server records the batch's sales before its refunds.
    const { results } = await till.sale.sync({ sales: [good, over, unknown, badLine, malformed, queued] });
    expect(results.map((r) => [r.externalId, r.status, r.error?.code])).toEqual([
      [good.externalId, "created", undefined],
      [over.externalId, "created", undefined],
      [unknown.externalId, "rejected", "ORIGINAL_SALE_NOT_FOUND"],
      [badLine.externalId, "rejected", "REFUND_LINE_NOT_FOUND"],
      [malformed.externalId, "rejected", "INVALID_INPUT"],
      [queued.externalId, "created", undefined],
    ]);
    // Said for the staff who see it in the till's rejected list: what to do about it.
    expect(results[2]!.error!.message).toMatch(/is not on the server, so it cannot be refunded yet.*sync or fix that sale first, then retry this refund/);
    const stored = await till.sale.byId({ id: results[0]!.saleId! });
    expect(stored).toMatchObject({ kind: "refund", refundsSaleId: results[5]!.saleId, total: "-1.50", overRefund: false });
    expect((await till.sale.byId({ id: results[1]!.saleId! })).overRefund).toBe(true);

    // The till retries the whole batch: everything recorded replays, a changed refund is rejected naming the stored one.
    const retry = await till.sale.sync({ sales: [good, { ...over, reason: "changed" }, queued] });
    expect(retry.results).toEqual([
      { externalId: good.externalId, status: "replayed", saleId: results[0]!.saleId },
      {
        externalId: over.externalId,
        status: "rejected",
        saleId: results[1]!.saleId,
        error: { code: "IDEMPOTENCY_KEY_REUSED", message: expect.any(String), storedSaleId: results[1]!.saleId },
      },
      { externalId: queued.externalId, status: "replayed", saleId: results[5]!.saleId },
    ]);
    expect((await till.product.byId({ id: p.id })).stock).toBe("11.000");
    expect(await countRows(t.db, "sale", shop.id)).toBe(3);
    await expectLedgerConsistent(t.db, p.id);
  });
});
