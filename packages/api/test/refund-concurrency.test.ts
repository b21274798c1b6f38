// Issue 17, must-show 3 (DESIGN.md §8): many tills refunding one sale at once. Accepted refunds
// never exceed what was sold; the rest are recorded as they happened and flagged; none is lost;
// stock equals the ledger; analytics net every refund as recorded.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createApiKey, createShopWithOwner, inviteStaff } from "@tillsync/db";
import { needsPostgres } from "@tillsync/db/testing";
import { D, roundMoney, type Dec } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { callerFor, sale, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

const REFUNDS = 50;
const TILLS = 4;

describe.skipIf(needsPostgres("refund-concurrency.test.ts", "PGlite runs one transaction at a time, so there is no concurrency to test"))(
  "concurrent partial refunds of one sale",
  () => {
    it(`${REFUNDS} concurrent partial refunds from ${TILLS} device keys and a staff session: accepted ≤ sold per line, the rest flagged, none lost`, async () => {
      const label = randomUUID().slice(0, 8);
      const { shop, userId: ownerId } = await createShopWithOwner(t.db.prisma, {
        shop: { name: `Shop ${label}` },
        owner: { name: "Olga Owner", email: `owner@${label}.example`, passwordHash: "x" },
      });
      const { token } = await inviteStaff(t.db.prisma, { shopId: shop.id, userId: ownerId }, { email: `carl@${label}.example`, role: "cashier" });
      const cashierId = (await acceptStaffInvite(t.db.prisma, { token, user: { name: "Carl", passwordHash: "x" } })).userId;
      const callers = [callerFor(t.db, { shopId: shop.id, role: "cashier", userId: cashierId, name: "Carl" })];
      for (let i = 1; i <= TILLS; i++) {
        const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: `pos-0${i}`, role: "device" });
        callers.push(callerFor(t.db, { shopId: shop.id, role: "device", apiKeyId: key.id, name: `pos-0${i}` }));
      }
      const owner = callerFor(t.db, { shopId: shop.id, role: "owner", userId: ownerId, name: "Olga" });

      const milk = await trackedProduct(t.db, shop.id, { stock: "40", unitPrice: "1.19" });
      const eggs = await trackedProduct(t.db, shop.id, { stock: "40", unitPrice: "3.35" });
      const cheese = await volatileProduct(t.db, shop.id);
      const { sale: original } = await owner.sale.create(
        sale([
          { productId: milk.id, quantity: "10" },
          { productId: eggs.id, quantity: "4.5" },
          { productId: cheese.id, quantity: "1.000", unitPrice: "18.40" },
        ]),
      );
      const lines = [
        { lineNo: 1, productId: milk.id, price: new D("1.19"), sold: new D("10") },
        { lineNo: 2, productId: eggs.id, price: new D("3.35"), sold: new D("4.5") },
        { lineNo: 3, productId: cheese.id, price: new D("18.40"), sold: new D("1") },
      ];

      // Random partial refunds: each takes back part of one to three lines, some without restocking,
      // some naming the sale by its externalId (a till that has not seen its id); together they ask for
      // far more than was sold, so some must be flagged.
      const inputs = Array.from({ length: REFUNDS }, (_, n) => {
        // The first is worth under half a cent (0.004 milk: 0.00476), so a refund of 0.00 is always among them.
        const chosen = n === 0 ? [lines[0]!] : lines.filter((_, i) => i === n % 3 || Math.random() < 0.4);
        const refundLines = chosen.map((line) => ({
          lineNo: line.lineNo,
          quantity: n === 0 ? "0.004" : new D(Math.floor(Math.random() * 1500) + 1).div(1000).toFixed(3),
          restock: Math.random() < 0.8,
        }));
        const amount = refundLines.reduce((sum, l) => sum.plus(roundMoney(new D(l.quantity).times(lines[l.lineNo - 1]!.price))), new D(0));
        return {
          type: "refund" as const,
          externalId: randomUUID(),
          ...(n % 2 ? { originalSaleId: original.id } : { originalExternalId: original.externalId }),
          lines: refundLines,
          tenders: [{ method: "cash" as const, amount: amount.toFixed(2) }],
          reason: `Return ${n}`,
          clientTimestamp: new Date().toISOString(),
        };
      });

      // Really concurrent: every call is in flight before any is awaited, over a pool of 20 connections.
      const settled = await Promise.allSettled(inputs.map((input, n) => callers[n % callers.length]!.sale.refund(input)));

      const failures = settled.filter((r) => r.status === "rejected");
      expect(failures.map((f) => String(f.reason))).toEqual([]);
      const answers = settled.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<(typeof callers)[0]["sale"]["refund"]>>>).value);
      expect(answers.every((a) => !a.replayed && a.sale.kind === "refund" && a.sale.refundsSaleId === original.id)).toBe(true);
      expect(answers.every((a) => !a.sale.tenderMismatch)).toBe(true);
      // None lost: 50 refund rows, one per externalId.
      const rows = await t.db.prisma.sale.findMany({
        where: { shopId: shop.id, kind: "refund" },
        orderBy: { id: "asc" },
        select: { id: true, externalId: true, overRefund: true },
      });
      expect(rows).toHaveLength(REFUNDS);
      expect(new Set(rows.map((r) => r.externalId))).toEqual(new Set(inputs.map((i) => i.externalId)));

      // The lock on the original serialises the refunds, and ids are taken inside it: replaying them in id
      // order, each is flagged exactly when it would take some line beyond what was sold.
      const byExternalId = new Map<string, { input: (typeof inputs)[number]; answer: (typeof answers)[number] }>(
        inputs.map((input, n) => [input.externalId, { input, answer: answers[n]! }]),
      );
      const accepted = new Map<number, Dec>(lines.map((l) => [l.lineNo, new D(0)]));
      const restocked = new Map<number, Dec>(lines.map((l) => [l.productId, new D(0)]));
      let refundsTotal = new D(0);
      const refundedAll = new Map<number, Dec>(lines.map((l) => [l.productId, new D(0)]));
      for (const row of rows) {
        const { input, answer } = byExternalId.get(row.externalId)!;
        const asking = new Map<number, Dec>();
        for (const l of input.lines) asking.set(l.lineNo, (asking.get(l.lineNo) ?? new D(0)).plus(l.quantity));
        const over = [...asking].some(([lineNo, q]) =>
          accepted
            .get(lineNo)!
            .plus(q)
            .gt(lines[lineNo - 1]!.sold),
        );
        expect({ id: Number(row.id), overRefund: row.overRefund }).toEqual({ id: Number(row.id), overRefund: over });
        expect(answer.sale.overRefund).toBe(over);
        if (!over) for (const [lineNo, q] of asking) accepted.set(lineNo, accepted.get(lineNo)!.plus(q));
        for (const l of input.lines) {
          const productId = lines[l.lineNo - 1]!.productId;
          refundedAll.set(productId, refundedAll.get(productId)!.plus(l.quantity));
          if (l.restock) restocked.set(productId, restocked.get(productId)!.plus(l.quantity));
        }
        refundsTotal = refundsTotal.plus(answer.sale.total);
        // A refund of lines worth under half a cent (the quantities are random) is 0.00, never "-0.00".
        const amount = input.tenders[0]!.amount;
        expect(answer.sale.total).toBe(new D(amount).isZero() ? "0.00" : `-${amount}`);
      }
      for (const line of lines) expect(accepted.get(line.lineNo)!.lte(line.sold)).toBe(true);
      const flagged = rows.filter((r) => r.overRefund).length;
      expect(flagged).toBeGreaterThan(0);
      expect(flagged).toBeLessThan(REFUNDS);

      // What the refund dialogs see: accepted refunds only.
      const view = await owner.sale.refundable({ saleId: original.id });
      expect(view.lines.map((l) => [l.refunded, l.remaining])).toEqual(
        lines.map((l) => [accepted.get(l.lineNo)!.toFixed(3), l.sold.minus(accepted.get(l.lineNo)!).toFixed(3)]),
      );
      expect(view.refunds).toHaveLength(REFUNDS);

      // Stock: every restocked line put back, flagged ones too (it happened); stock = Σ ledger; stock_after chains.
      for (const product of [milk, eggs]) {
        const line = lines.find((l) => l.productId === product.id)!;
        const expected = new D(40).minus(line.sold).plus(restocked.get(product.id)!);
        expect((await owner.product.byId({ id: product.id })).stock).toBe(expected.toFixed(3));
        const movements = await t.db.prisma.stockMovement.findMany({ where: { productId: product.id }, orderBy: { id: "asc" } });
        let running = new D(0);
        for (const m of movements) {
          running = running.plus(m.delta.toString());
          expect(m.stockAfter.toFixed(3)).toBe(running.toFixed(3));
        }
        expect(running.toFixed(3)).toBe(expected.toFixed(3));
        expect(movements.filter((m) => m.reason === "refund")).toHaveLength(
          inputs.flatMap((i) => i.lines).filter((l) => l.lineNo === line.lineNo && l.restock).length,
        );
      }
      expect(await t.db.prisma.stockMovement.count({ where: { productId: cheese.id } })).toBe(0);

      // Analytics net every refund as recorded, accepted and flagged alike.
      const today = new Date().toISOString().slice(0, 10);
      const summary = await owner.analytics.summary({ startDate: today, endDate: today });
      expect(summary.totalRevenue).toBe(new D(original.total).plus(refundsTotal).toFixed(2));
      for (const line of lines) {
        const byProduct = await owner.analytics.byProduct({ productId: line.productId, startDate: today, endDate: today, period: "daily" });
        expect(byProduct.totalQuantitySold).toBe(line.sold.minus(refundedAll.get(line.productId)!).toFixed(3));
      }
    });
  },
);
