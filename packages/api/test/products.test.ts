import { Decimal } from "decimal.js";
import { describe, expect, it } from "vitest";

import { newShop, sale, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("products and the stock ledger", () => {
  it("keep stock equal to the sum of the ledger through create, sell, restock and count", async () => {
    const { cashier, manager } = await newShop(t.db);
    const p = await manager.product.create({ name: "Flour 1kg", sku: "FL-1", unitPrice: "1.49", initialStock: "40", reorderLevel: "5" });
    await cashier.sale.create(sale([{ productId: p.id, quantity: "3" }]));
    await manager.product.restock({ productId: p.id, quantity: "12.5", note: "Delivery 4411" });
    await manager.product.count({ productId: p.id, countedStock: "47", note: "Monthly count" });

    const { items } = await manager.product.movements({ productId: p.id });
    expect(items.map((m) => [m.reason, m.delta, m.stockAfter])).toEqual([
      ["count", "-2.500", "47.000"],
      ["restock", "12.500", "49.500"],
      ["sale", "-3.000", "37.000"],
      ["count", "40.000", "40.000"],
    ]);
    const sum = items.reduce((acc, m) => acc.plus(m.delta), new Decimal(0));
    expect((await cashier.product.byId({ id: p.id })).stock).toBe(sum.toFixed(3));
  });

  it("lists by name with search and cursor pagination, hides archived ones unless asked", async () => {
    const { manager, cashier } = await newShop(t.db);
    for (const name of ["Apples", "Bananas", "Cherries", "Dates", "Elderflower cordial"]) await manager.product.create({ name, unitPrice: "1.00" });
    const first = await cashier.product.list({ limit: 2 });
    const second = await cashier.product.list({ limit: 2, cursor: first.nextCursor! });
    const third = await cashier.product.list({ limit: 2, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((p) => p.name)).toEqual(["Apples", "Bananas", "Cherries", "Dates", "Elderflower cordial"]);
    expect(third.nextCursor).toBeNull();

    expect((await cashier.product.list({ search: "an" })).items.map((p) => p.name)).toEqual(["Bananas"]);
    await manager.product.archive({ id: first.items[0]!.id });
    expect((await cashier.product.list({})).items).toHaveLength(4);
    expect((await cashier.product.list({ includeArchived: true })).items).toHaveLength(5);
  });

  it("searches for the characters LIKE treats specially as plain text", async () => {
    const { manager, cashier } = await newShop(t.db);
    for (const name of ["C:\\tills\\pos", "Ctillspos", "50% off", "500 off", "a_b", "axb"]) await manager.product.create({ name, unitPrice: "1.00" });
    const search = async (text: string) => (await cashier.product.list({ search: text })).items.map((p) => p.name);
    expect(await search("\\tills\\")).toEqual(["C:\\tills\\pos"]);
    expect(await search("0%")).toEqual(["50% off"]);
    expect(await search("a_")).toEqual(["a_b"]);
  });

  it("rejects bad input with typed errors and writes nothing", async () => {
    const { manager, cashier } = await newShop(t.db);
    await manager.product.create({ name: "Tea", sku: "T1", unitPrice: "2.00" });
    await expect(manager.product.create({ name: "Other tea", sku: "T1", unitPrice: "2.00" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(manager.product.create({ name: "", unitPrice: "2.00" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(manager.product.create({ name: "Bad", unitPrice: "-1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(manager.product.create({ name: "Bad", unitPrice: "1.001" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(manager.product.create({ name: "Bad", isVolatile: true, initialStock: "3" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const error = await manager.product.create({ name: "Bad", unitPrice: "NaN" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((await cashier.product.list({})).items.map((p) => p.name)).toEqual(["Tea"]);
  });

  it("is managed by managers only: cashiers and tills read and sell", async () => {
    const { cashier, as } = await newShop(t.db);
    for (const caller of [cashier, as("device")]) {
      await expect(caller.product.create({ name: "x", unitPrice: "1" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.alert.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
