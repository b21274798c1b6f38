import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

describe("sale.reverse", () => {
  it("appends a linked reversal with negated lines, restocks tracked products, and is idempotent", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const milk = await trackedProduct(t.db, shop.id, { stock: "11", reorderLevel: "10", unitPrice: "1.19" });
    const cheese = await volatileProduct(t.db, shop.id);
    const { sale: original } = await cashier.sale.create(
      sale([
        { productId: milk.id, quantity: "2" },
        { productId: cheese.id, quantity: "0.250", unitPrice: "20.00" },
      ]),
    );
    expect((await manager.alert.list({})).items).toHaveLength(1);
    const request = { saleId: original.id, externalId: randomUUID(), reason: "Customer returned it" };

    const reversed = await manager.sale.reverse(request);

    expect(reversed.replayed).toBe(false);
    expect(reversed.sale).toMatchObject({ kind: "reversal", reversesSaleId: original.id, total: "-7.38", reason: request.reason });
    expect(reversed.sale.items.map((i) => [i.quantity, i.lineTotal])).toEqual([
      ["-2.000", "-2.38"],
      ["-0.250", "-5.00"],
    ]);
    expect((await cashier.product.byId({ id: milk.id })).stock).toBe("11.000");
    expect((await manager.alert.list({})).items).toHaveLength(0);
    expect((await cashier.sale.byId({ id: original.id })).reversedBySaleId).toBe(reversed.sale.id);
    const [latest] = (await manager.product.movements({ productId: milk.id })).items;
    expect(latest).toMatchObject({ reason: "reversal", delta: "2.000", stockAfter: "11.000", saleId: reversed.sale.id });

    expect(await manager.sale.reverse(request)).toEqual({ sale: reversed.sale, replayed: true });
    await expect(manager.sale.reverse({ ...request, externalId: randomUUID() })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(manager.sale.reverse({ ...request, reason: "other" })).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(manager.sale.reverse({ ...request, saleId: reversed.sale.id, externalId: randomUUID() })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await countRows(t.db, "sale", shop.id)).toBe(2);
  });

  it("reverses a sale only once when reversals race", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "5" });
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => manager.sale.reverse({ saleId: original.id, externalId: randomUUID(), reason: "void" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await cashier.product.byId({ id: p.id })).stock).toBe("5.000");
  });

  it("is for managers: a cashier or a till cannot reverse", async () => {
    const { shop, cashier, as } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const { sale: original } = await cashier.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    for (const caller of [cashier, as("device")]) {
      await expect(caller.sale.reverse({ saleId: original.id, externalId: randomUUID(), reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
