import { Decimal } from "decimal.js";
import { needsPostgres } from "@tillsync/db/testing";
import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

const SALES = 500;
const PRODUCTS = 20;

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

// PGlite has one session: 500 "concurrent" sales would only queue, testing no lock order or
// deadlock, and took more than 120 s to queue through on a busy two-core machine.
describe.skipIf(needsPostgres("concurrency.test.ts", "PGlite runs one transaction at a time, so there is no concurrency to test"))(
  "concurrent multi-item sales",
  () => {
    it(`${SALES} concurrent 3-item sales over ${PRODUCTS} products: no error, no deadlock, exact stock and ledger`, async () => {
      const { shop, cashier, manager } = await newShop(t.db);
      const products = await Promise.all(
        Array.from({ length: PRODUCTS }, (_, i) => trackedProduct(t.db, shop.id, { name: `P${i}`, stock: "50", reorderLevel: "10" })),
      );
      const sold = new Map<number, Decimal>(products.map((p) => [p.id, new Decimal(0)]));
      const inputs = Array.from({ length: SALES }, () => {
        const picked = shuffled(products).slice(0, 3);
        return sale(
          picked.map((p) => {
            const quantity = new Decimal(Math.floor(Math.random() * 3000) + 1).div(1000);
            sold.set(p.id, sold.get(p.id)!.plus(quantity));
            return { productId: p.id, quantity: quantity.toFixed(3) };
          }),
        );
      });

      const results = await Promise.allSettled(inputs.map((input) => cashier.sale.create(input)));

      const failures = results.filter((r) => r.status === "rejected");
      expect(failures.map((f) => String(f.reason))).toEqual([]);
      const ledger = await t.db.prisma.stockMovement.groupBy({ by: ["productId"], where: { shopId: shop.id }, _sum: { delta: true } });
      const ledgerSum = new Map(ledger.map((row) => [row.productId, new Decimal(row._sum.delta!.toString())]));
      for (const p of products) {
        const expected = new Decimal(50).minus(sold.get(p.id)!);
        const { stock } = await cashier.product.byId({ id: p.id });
        expect(stock).toBe(expected.toFixed(3));
        expect(ledgerSum.get(p.id)!.toFixed(3)).toBe(expected.toFixed(3));
      }
      // Each ledger row's stock_after (from the opening +50 on) is the stock before it plus its delta, in the order the
      // rows were written: every sale planned from the stock it actually changed.
      const movements = await t.db.prisma.stockMovement.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
      const running = new Map(products.map((p) => [p.id, new Decimal(0)]));
      for (const m of movements) {
        const after = running.get(m.productId)!.plus(m.delta.toString());
        expect(new Decimal(m.stockAfter.toString()).toFixed(3), `ledger row ${m.id}`).toBe(after.toFixed(3));
        running.set(m.productId, after);
      }
      // Every product that went below its level has exactly one open alert.
      const open = await manager.alert.list({ status: "open", limit: 200 });
      const low = products.filter((p) => new Decimal(50).minus(sold.get(p.id)!).lt(10)).map((p) => p.id);
      expect(open.items.map((a) => a.productId).sort((a, b) => a - b)).toEqual(low.sort((a, b) => a - b));
    });
  },
);
