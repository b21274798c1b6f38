import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { newShop, sale, useTestDatabase } from "./helpers";

const t = useTestDatabase();

// Issue 16's failing input: the stock rules were written twice (sale/write.ts and
// stock/apply.ts) and only one copy knew that a product created below its reorder level
// needs reordering. These cases hold every path that creates a tracked product to that rule.
describe("a tracked product created below its reorder level", () => {
  it("raises an alert when a till creates it inline in a sale, attributed to that sale", async () => {
    const { cashier, manager } = await newShop(t.db);
    const { sale: sold } = await cashier.sale.create(
      sale([{ product: { externalId: randomUUID(), name: "Homemade jam", isVolatile: false, unitPrice: "4.50", reorderLevel: "5" }, quantity: "2" }]),
    );
    const productId = sold.items[0]!.productId;
    expect((await cashier.product.byId({ id: productId })).stock).toBe("-2.000");

    const open = (await manager.alert.list({ status: "open" })).items;
    expect(open.map((a) => ({ productId: a.productId, stockAtTrigger: a.stockAtTrigger, reorderLevel: a.reorderLevel, saleId: a.saleId }))).toEqual([
      { productId, stockAtTrigger: "0.000", reorderLevel: "5.000", saleId: sold.id },
    ]);
  });

  it("raises one alert when queued sales create it inline and sell it (sale.sync), from the sale that created it", async () => {
    const { cashier, manager } = await newShop(t.db);
    const product = { externalId: randomUUID(), name: "Raffle prize", isVolatile: false, reorderLevel: "1" };
    const queued = [sale([{ product, quantity: "1", unitPrice: "2.00" }]), sale([{ product, quantity: "3", unitPrice: "2.00" }])];
    const { results } = await cashier.sale.sync({ sales: queued });
    expect(results.map((r) => r.status)).toEqual(["created", "created"]);

    const open = (await manager.alert.list({ status: "all" })).items;
    expect(open.map((a) => [a.stockAtTrigger, a.saleId, a.resolvedAt])).toEqual([["0.000", results[0]!.saleId, null]]);
  });

  it("raises no alert when the inline product is created at or above its level (no level, or level 0)", async () => {
    const { cashier, manager } = await newShop(t.db);
    await cashier.sale.create(sale([{ product: { name: "No level", isVolatile: false, unitPrice: "1.00" }, quantity: "1" }]));
    const { sale: zero } = await cashier.sale.create(
      sale([{ product: { name: "Level 0", isVolatile: false, unitPrice: "1.00", reorderLevel: "0" }, quantity: "1" }]),
    );
    // Level 0 is crossed by the sale itself (0 → -1), so that sale raises it, at the stock after it.
    const open = (await manager.alert.list({ status: "open" })).items;
    expect(open.map((a) => [a.productId, a.stockAtTrigger, a.saleId])).toEqual([[zero.items[0]!.productId, "-1.000", zero.id]]);
  });

  it("gets the same alert from product.create as from an inline creation", async () => {
    const { cashier, manager } = await newShop(t.db);
    const made = await manager.product.create({ name: "Admin jam", unitPrice: "4.50", reorderLevel: "5" });
    const { sale: sold } = await cashier.sale.create(
      sale([{ product: { name: "Till jam", isVolatile: false, unitPrice: "4.50", reorderLevel: "5" }, quantity: "2" }]),
    );
    const open = (await manager.alert.list({ status: "open" })).items;
    const byProduct = new Map(open.map((a) => [a.productId, a]));
    expect(byProduct.get(made.id)).toMatchObject({ stockAtTrigger: "0.000", reorderLevel: "5.000", saleId: null });
    expect(byProduct.get(sold.items[0]!.productId)).toMatchObject({ stockAtTrigger: "0.000", reorderLevel: "5.000", saleId: sold.id });
  });
});
