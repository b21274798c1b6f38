import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("products created at the till", () => {
  it("resolve to one product when several queued sales name the same externalId", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = { externalId: randomUUID(), name: "Homemade jam", isVolatile: false, unitPrice: "4.50", reorderLevel: "2" };
    const queued = Array.from({ length: 5 }, () => sale([{ product, quantity: "1" }]));

    const { results } = await cashier.sale.sync({ sales: queued });

    expect(results.map((r) => r.status)).toEqual(Array(5).fill("created"));
    const sales = await Promise.all(results.map((r) => cashier.sale.byId({ id: r.saleId! })));
    const productIds = new Set(sales.map((s) => s.items[0]!.productId));
    expect(productIds.size).toBe(1);
    const [id] = [...productIds];
    expect(await cashier.product.byId({ id: id! })).toMatchObject({ externalId: product.externalId, name: "Homemade jam", stock: "-5.000", unitPrice: "4.50" });
    expect(await countRows(t.db, "product", shop.id)).toBe(1);
  });

  it("resolve to one product when the sales arrive concurrently from several tills", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = { externalId: randomUUID(), name: "Raffle ticket", isVolatile: true };
    await Promise.all(Array.from({ length: 20 }, () => cashier.sale.create(sale([{ product, quantity: "1", unitPrice: "1.00" }]))));
    expect(await countRows(t.db, "product", shop.id)).toBe(1);
    expect(await countRows(t.db, "sale", shop.id)).toBe(20);
  });

  it("use the shop's product when the till's new product has a SKU the shop already knows", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const known = await manager.product.create({ name: "Cola 330ml", sku: "5000112637922", unitPrice: "1.20", initialStock: "24" });
    const { sale: sold } = await cashier.sale.create(
      sale([{ product: { externalId: randomUUID(), name: "cola", sku: "5000112637922", isVolatile: false }, quantity: "2" }]),
    );
    expect(sold.items[0]).toMatchObject({ productId: known.id, lineTotal: "2.40" });
    expect((await cashier.product.byId({ id: known.id })).stock).toBe("22.000");
    expect(await countRows(t.db, "product", shop.id)).toBe(1);
  });
});
