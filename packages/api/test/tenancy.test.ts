import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("shops never see each other", () => {
  it("shop B reusing shop A's externalId creates B's own sale and learns nothing of A's", async () => {
    const a = await newShop(t.db, "Shop A");
    const b = await newShop(t.db, "Shop B");
    const pa = await trackedProduct(t.db, a.shop.id, { name: "A's secret product", unitPrice: "9.99", stock: "10" });
    const pb = await trackedProduct(t.db, b.shop.id, { name: "B's product", unitPrice: "1.00", stock: "10" });
    const input = sale([{ productId: pa.id, quantity: "3" }]);
    const saleA = (await a.cashier.sale.create(input)).sale;

    // Same externalId, different payload: for B this is simply a new sale, not a reuse.
    const saleB = await b.cashier.sale.create({ ...input, items: [{ productId: pb.id, quantity: "1" }] });

    expect(saleB.replayed).toBe(false);
    expect(saleB.sale.id).not.toBe(saleA.id);
    expect(saleB.sale.total).toBe("1.00");
    expect(JSON.stringify(saleB)).not.toContain("secret");
    // A's exact payload under a key B has never used, naming A's product: NOT_FOUND.
    await expect(b.cashier.sale.create({ ...input, externalId: crypto.randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await countRows(t.db, "sale", a.shop.id)).toBe(1);
    expect(await countRows(t.db, "sale", b.shop.id)).toBe(1);
  });

  it("every id-taking procedure answers NOT_FOUND for another shop's ids", async () => {
    const a = await newShop(t.db, "Shop A");
    const b = await newShop(t.db, "Shop B");
    const pa = await trackedProduct(t.db, a.shop.id, { stock: "1", reorderLevel: "5" });
    const { sale: saleA } = await a.cashier.sale.create(sale([{ productId: pa.id, quantity: "1" }]));
    const [alertA] = (await a.manager.alert.list({})).items;
    const owner = b.as("owner");

    const attempts = [
      () => owner.product.byId({ id: pa.id }),
      () => owner.product.update({ id: pa.id, name: "mine now" }),
      () => owner.product.archive({ id: pa.id }),
      () => owner.product.restock({ productId: pa.id, quantity: "1" }),
      () => owner.product.count({ productId: pa.id, countedStock: "1" }),
      () => owner.product.movements({ productId: pa.id }),
      () => owner.sale.byId({ id: saleA.id }),
      () => owner.sale.reverse({ saleId: saleA.id, externalId: crypto.randomUUID(), reason: "steal" }),
      () => owner.sale.create(sale([{ productId: pa.id, quantity: "1" }])),
      () => owner.alert.acknowledge({ id: alertA!.id }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect((await owner.sale.list({})).items).toEqual([]);
    expect((await owner.product.list({})).items).toEqual([]);
    expect((await owner.alert.list({ status: "all" })).items).toEqual([]);
    expect(await a.cashier.product.byId({ id: pa.id })).toMatchObject({ name: pa.name, stock: "0.000", archivedAt: null });
    expect((await a.manager.alert.list({})).items[0]!.acknowledgedAt).toBeNull();
  });
});
