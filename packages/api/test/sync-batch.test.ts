import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

// sale.sync writes a batch in one transaction (packages/db sale/write.ts); what it leaves
// behind must be exactly what recording the same sales one by one leaves behind.
describe("sale.sync batches", () => {
  it("give the same stock, ledger, alerts, prices and answers as the sales sent one by one", async () => {
    const run = async (batch: boolean) => {
      const { shop, cashier, manager } = await newShop(t.db, batch ? "Batch shop" : "One-by-one shop");
      const milk = await trackedProduct(t.db, shop.id, { name: "Milk", stock: "10", reorderLevel: "5", unitPrice: "1.20" });
      const bread = await trackedProduct(t.db, shop.id, { name: "Bread", stock: "3", reorderLevel: "1", unitPrice: "2.50" });
      const cheese = await volatileProduct(t.db, shop.id, { name: "Cheese", unitPrice: "12.00" });
      const at = (minutesAgo: number) => new Date(Date.UTC(2026, 5, 1, 12) - minutesAgo * 60_000).toISOString();
      const herbs = randomUUID();
      const sales = [
        sale(
          [
            { productId: milk.id, quantity: "3" },
            { productId: bread.id, quantity: "1" },
          ],
          { clientTimestamp: at(50) },
        ),
        sale(
          [
            { productId: cheese.id, quantity: "0.5", unitPrice: "14.00" },
            { productId: milk.id, quantity: "2" },
          ],
          { clientTimestamp: at(40) },
        ),
        sale([{ productId: 987_654, quantity: "1" }], { clientTimestamp: at(35) }),
        sale(
          [
            { productId: milk.id, quantity: "4" },
            { product: { externalId: herbs, name: "Herbs", isVolatile: false, unitPrice: "0.99" }, quantity: "2" },
          ],
          { clientTimestamp: at(30) },
        ),
        sale(
          [
            { productId: cheese.id, quantity: "0.25", unitPrice: "13.00" },
            { productId: bread.id, quantity: "2" },
          ],
          { clientTimestamp: at(45) },
        ),
        sale(
          [
            { product: { externalId: herbs, name: "Herbs", isVolatile: false }, quantity: "1" },
            { productId: milk.id, quantity: "0.5" },
          ],
          { clientTimestamp: at(20) },
        ),
      ];
      const answers = [];
      if (batch) answers.push(...(await cashier.sale.sync({ sales })).results);
      else for (const input of sales) answers.push((await cashier.sale.sync({ sales: [input] })).results[0]!);

      const ledger = await t.db.prisma.$queryRaw<{ product: string; delta: string; stock_after: string; line: number }[]>`
        SELECT p.name AS product, m.delta::text AS delta, m.stock_after::text AS stock_after, s.n::int AS line
        FROM stock_movement m JOIN product p ON p.id = m.product_id
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM sale WHERE shop_id = ${shop.id}) s ON s.id = m.sale_id
        WHERE m.shop_id = ${shop.id} ORDER BY m.id`;
      const alerts = await t.db.prisma.$queryRaw<{ product: string; stock: string; line: number }[]>`
        SELECT p.name AS product, a.stock_at_trigger::text AS stock, s.n::int AS line
        FROM low_stock_alert a JOIN product p ON p.id = a.product_id
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM sale WHERE shop_id = ${shop.id}) s ON s.id = a.sale_id
        WHERE a.shop_id = ${shop.id} ORDER BY a.id`;
      const products = (await manager.product.list({})).items.map((p) => ({ name: p.name, stock: p.stock, unitPrice: p.unitPrice }));
      return {
        statuses: answers.map((r) => [r.status, r.error?.code ?? null]),
        ledger,
        alerts,
        products,
        counts: await Promise.all(
          (["sale", "sale_item", "stock_movement", "product", "low_stock_alert"] as const).map((table) => countRows(t.db, table, shop.id)),
        ),
      };
    };

    const oneByOne = await run(false);
    const batched = await run(true);
    expect(batched).toEqual(oneByOne);
    expect(batched.statuses).toEqual([
      ["created", null],
      ["created", null],
      ["rejected", "PRODUCT_NOT_FOUND"],
      ["created", null],
      ["created", null],
      ["created", null],
    ]);
    expect(batched.alerts).toEqual([
      { product: "Milk", stock: "1.000", line: 3 },
      { product: "Bread", stock: "0.000", line: 4 },
    ]);
    expect(batched.products.find((p) => p.name === "Herbs")?.stock).toBe("-3.000");
  });
});
