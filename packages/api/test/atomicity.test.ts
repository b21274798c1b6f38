import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

const tables = ["sale", "sale_item", "stock_movement", "product", "low_stock_alert"] as const;
const snapshot = (shopId: number) => Promise.all(tables.map((table) => countRows(t.db, table, shopId)));

describe("a sale is one transaction", () => {
  it("writes nothing at all when its last item names an unknown or another shop's product", async () => {
    const { shop, cashier } = await newShop(t.db);
    const other = await newShop(t.db, "Other shop");
    const tracked = await trackedProduct(t.db, shop.id, { stock: "5", reorderLevel: "5", unitPrice: "1.00" });
    const loose = await volatileProduct(t.db, shop.id, { unitPrice: "3.00" });
    const foreign = await trackedProduct(t.db, other.shop.id, { stock: "5" });
    const before = await snapshot(shop.id);

    for (const badId of [999_999, foreign.id]) {
      const input = sale([
        { productId: tracked.id, quantity: "2" }, // would cross the reorder level and raise an alert
        { productId: loose.id, quantity: "0.25", unitPrice: "9.99" }, // would change the price suggestion
        { product: { externalId: randomUUID(), name: "New at till", isVolatile: false }, quantity: "1" }, // would create a product
        { productId: badId, quantity: "1" },
      ]);
      await expect(cashier.sale.create(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }

    expect(await snapshot(shop.id)).toEqual(before);
    expect(await cashier.product.byId({ id: tracked.id })).toMatchObject({ stock: "5.000" });
    expect(await cashier.product.byId({ id: loose.id })).toMatchObject({ unitPrice: "3.00" });
    expect((await other.cashier.product.byId({ id: foreign.id })).stock).toBe("5.000");
  });
});

describe("append-only in the database itself", () => {
  it("rejects UPDATE, DELETE and TRUNCATE of sales, sale items and ledger rows", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id);
    const { sale: stored } = await cashier.sale.create(sale([{ productId: product.id, quantity: "1" }]));
    const statements = [
      `UPDATE sale SET total = 0 WHERE id = ${stored.id}`,
      `DELETE FROM sale WHERE id = ${stored.id}`,
      `UPDATE sale_item SET quantity = 5 WHERE sale_id = ${stored.id}`,
      `DELETE FROM sale_item WHERE sale_id = ${stored.id}`,
      `UPDATE stock_movement SET delta = 0 WHERE sale_id = ${stored.id}`,
      `DELETE FROM stock_movement WHERE sale_id = ${stored.id}`,
      `TRUNCATE sale CASCADE`,
      `TRUNCATE stock_movement`,
    ];
    for (const statement of statements) {
      await expect(t.db.prisma.$executeRawUnsafe(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await cashier.sale.byId({ id: stored.id })).toEqual(stored);
    expect(await countRows(t.db, "stock_movement", shop.id)).toBe(2);
  });
});
