import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("low-stock alerts", () => {
  it("are raised exactly when stock crosses below the reorder level, once, and resolved by restocking", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const milk = await trackedProduct(t.db, shop.id, { stock: "12", reorderLevel: "10" });
    const sell = (quantity: string) => cashier.sale.create(sale([{ productId: milk.id, quantity }]));
    const open = async () => (await manager.alert.list({ status: "open" })).items;

    await sell("2"); // 10: at the level, not below it
    expect(await open()).toEqual([]);

    const crossing = await sell("0.5"); // 9.5: crosses
    const [alert] = await open();
    expect(alert).toMatchObject({ productId: milk.id, stockAtTrigger: "9.500", reorderLevel: "10.000", saleId: crossing.sale.id, resolvedAt: null });

    await sell("5"); // 4.5: still low, no second alert
    await sell("10"); // -5.5: stock may go negative
    expect(await open()).toHaveLength(1);
    expect((await cashier.product.byId({ id: milk.id })).stock).toBe("-5.500");

    const acknowledged = await manager.alert.acknowledge({ id: alert!.id });
    expect(acknowledged.acknowledgedAt).toBeInstanceOf(Date);
    expect(await open()).toHaveLength(1); // seen, but still low

    await manager.product.restock({ productId: milk.id, quantity: "10" }); // 4.5: still low
    expect(await open()).toHaveLength(1);
    await manager.product.restock({ productId: milk.id, quantity: "20", note: "Delivery" }); // 24.5
    expect(await open()).toEqual([]);
    const resolved = (await manager.alert.list({ status: "resolved" })).items;
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.resolvedAt).toBeInstanceOf(Date);

    await sell("20"); // 4.5 again: a new crossing, a new alert
    expect(await open()).toHaveLength(1);
    expect((await manager.alert.list({ status: "all" })).items).toHaveLength(2);
  });

  it("never has two open alerts for one product, even when sales cross at the same time", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const bread = await trackedProduct(t.db, shop.id, { stock: "20", reorderLevel: "15" });
    await Promise.all(Array.from({ length: 20 }, () => cashier.sale.create(sale([{ productId: bread.id, quantity: "1" }]))));
    expect((await manager.alert.list({ status: "all" })).items).toHaveLength(1);
  });

  it("follow stock counts and reorder-level changes too", async () => {
    const { shop, manager } = await newShop(t.db);
    const eggs = await trackedProduct(t.db, shop.id, { stock: "30", reorderLevel: "10" });
    await manager.product.count({ productId: eggs.id, countedStock: "8", note: "Breakage" });
    expect((await manager.alert.list({ status: "open" })).items).toHaveLength(1);
    await manager.product.update({ id: eggs.id, reorderLevel: "5" });
    expect((await manager.alert.list({ status: "open" })).items).toHaveLength(0);
    await manager.product.update({ id: eggs.id, reorderLevel: "12" });
    expect((await manager.alert.list({ status: "open" })).items).toHaveLength(1);
  });

  it("are raised for a product created below its reorder level", async () => {
    const { manager } = await newShop(t.db);
    const salt = await manager.product.create({ name: "Salt", unitPrice: "0.80", initialStock: "2", reorderLevel: "6" });
    const pepper = await manager.product.create({ name: "Pepper", unitPrice: "2.80", initialStock: "6", reorderLevel: "6" });
    const open = (await manager.alert.list({ status: "open" })).items;
    expect(open.map((a) => [a.productId, a.stockAtTrigger])).toEqual([[salt.id, "2.000"]]);
    expect(open.some((a) => a.productId === pepper.id)).toBe(false);
  });
});
