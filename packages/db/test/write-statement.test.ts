import { randomUUID } from "node:crypto";

import { saleInput } from "@tillsync/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct, createShop } from "../src";
import { pendingSale } from "../src/sale/pending";
import { planSales, writeStatement, type WriteResult } from "../src/sale/write";
import { readProducts } from "../src/stock/apply";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("the sale write statement", () => {
  it("leaves stock and prices alone when its sale row already exists (a duplicate that got past the product check)", async () => {
    const shop = await createShop(db.prisma, { name: "Dup" });
    const actor = { shopId: shop.id };
    const milk = await createProduct(db.prisma, actor, { name: "Milk", isVolatile: false, unitPrice: "1.00", initialStock: "10" });
    const cheese = await createProduct(db.prisma, actor, { name: "Cheese", isVolatile: true, unitPrice: "5.00" });
    const input = saleInput.parse({
      externalId: randomUUID(),
      clientTimestamp: new Date().toISOString(),
      items: [
        { productId: milk.id, quantity: "2" },
        { productId: cheese.id, quantity: "0.5", unitPrice: "9.00" },
      ],
    });
    const products = await readProducts(db.prisma, shop.id, [milk.id, cheese.id]);
    const plan = planSales([pendingSale(actor, input, "UTC")], [[milk.id, cheese.id]], products);

    const [first] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, plan, null));
    const [second] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, plan, null));

    expect(first!.sales).toHaveLength(1);
    expect(second!.sales).toHaveLength(0);
    expect(second!.stock_rows).toBe(0);
    const rows = await db.prisma.product.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" }, select: { stock: true, unitPrice: true } });
    expect(rows.map((r) => [r.stock?.toFixed(3) ?? null, r.unitPrice.toFixed(2)])).toEqual([
      ["8.000", "1.00"],
      [null, "9.00"],
    ]);
    expect(await db.prisma.stockMovement.count({ where: { shopId: shop.id, reason: "sale" } })).toBe(1);
  });
});
