import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

describe("volatile products", () => {
  it("have no stock, no ledger and no alerts, and the till's price becomes the suggestion", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const cheese = await volatileProduct(t.db, shop.id, { unitPrice: "12.00" });
    expect(cheese.stock).toBeNull();

    const { sale: sold } = await cashier.sale.create(sale([{ productId: cheese.id, quantity: "0.347", unitPrice: "18.90" }]));

    expect(sold.items[0]).toMatchObject({ quantity: "0.347", unitPrice: "18.90", lineTotal: "6.56" });
    expect(sold.total).toBe("6.56");
    expect(await cashier.product.byId({ id: cheese.id })).toMatchObject({ stock: null, reorderLevel: null, unitPrice: "18.90" });
    expect(await countRows(t.db, "stock_movement", shop.id)).toBe(0);
    expect(await countRows(t.db, "low_stock_alert", shop.id)).toBe(0);
    await expect(manager.product.restock({ productId: cheese.id, quantity: "1" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("uses the product's price when the till sends none", async () => {
    const { shop, cashier } = await newShop(t.db);
    const olives = await volatileProduct(t.db, shop.id, { unitPrice: "7.00" });
    const { sale: sold } = await cashier.sale.create(sale([{ productId: olives.id, quantity: "0.5" }]));
    expect(sold.total).toBe("3.50");
  });

  it("keeps a newer price when an older offline sale syncs late", async () => {
    const { shop, cashier } = await newShop(t.db);
    const fish = await volatileProduct(t.db, shop.id, { unitPrice: "10.00" });
    // Sales from after the product was created (a till's clock may run a little ahead).
    const now = Date.now() + 60_000;

    await cashier.sale.create(sale([{ productId: fish.id, quantity: "1", unitPrice: "14.00" }], { clientTimestamp: new Date(now - 30_000).toISOString() }));
    // A till that was offline for an hour syncs an older sale with an older price.
    const late = await cashier.sale.create(
      sale([{ productId: fish.id, quantity: "1", unitPrice: "11.00" }], { clientTimestamp: new Date(now - 3_600_000).toISOString() }),
    );
    expect(late.sale.total).toBe("11.00");
    expect((await cashier.product.byId({ id: fish.id })).unitPrice).toBe("14.00");

    await cashier.sale.create(sale([{ productId: fish.id, quantity: "1", unitPrice: "15.50" }], { clientTimestamp: new Date(now).toISOString() }));
    expect((await cashier.product.byId({ id: fish.id })).unitPrice).toBe("15.50");
  });

  // DESIGN.md §7: staff edits and product creation count at the moment they were made.
  it("keeps a manager's price over an older offline sale that syncs afterwards", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const herbs = await volatileProduct(t.db, shop.id, { unitPrice: "3.00" });
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    await manager.product.update({ id: herbs.id, unitPrice: "5.00" });
    await cashier.sale.sync({ sales: [sale([{ productId: herbs.id, quantity: "1", unitPrice: "4.00" }], { clientTimestamp: hourAgo })] });
    expect((await cashier.product.byId({ id: herbs.id })).unitPrice).toBe("5.00");
    await cashier.sale.create(sale([{ productId: herbs.id, quantity: "1", unitPrice: "4.50" }], { clientTimestamp: hourAgo }));
    expect((await cashier.product.byId({ id: herbs.id })).unitPrice).toBe("5.00");

    const created = await manager.product.create({ name: "Fresh fish", isVolatile: true, unitPrice: "9.00" });
    await cashier.sale.create(sale([{ productId: created.id, quantity: "1", unitPrice: "8.00" }], { clientTimestamp: hourAgo }));
    expect((await cashier.product.byId({ id: created.id })).unitPrice).toBe("9.00");

    // A sale made after the edit still sets the suggestion.
    await cashier.sale.create(sale([{ productId: herbs.id, quantity: "1", unitPrice: "5.50" }]));
    expect((await cashier.product.byId({ id: herbs.id })).unitPrice).toBe("5.50");
  });

  it("keeps a manager's price over a sale whose clock could not be trusted (nobody knows when it happened)", async () => {
    const { shop, cashier, manager } = await newShop(t.db);
    const tomatoes = await volatileProduct(t.db, shop.id, { unitPrice: "3.00" });
    await manager.product.update({ id: tomatoes.id, unitPrice: "5.50" });
    const yearZero = await cashier.sale.sync({
      sales: [sale([{ productId: tomatoes.id, quantity: "1", unitPrice: "9.00" }], { clientTimestamp: "0000-01-01T00:00:00Z" })],
    });
    expect(yearZero.results[0]).toMatchObject({ status: "created" });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await cashier.sale.create(sale([{ productId: tomatoes.id, quantity: "1", unitPrice: "9.50" }], { clientTimestamp: tomorrow }));
    expect((await cashier.product.byId({ id: tomatoes.id })).unitPrice).toBe("5.50");

    // A product no price time is known for takes such a sale's price; a sale with no clock at all counts from its arrival.
    const inline = { externalId: "0c9d7b1e-4f3a-4e2b-9c8d-1a2b3c4d5e6f", name: "Mystery melon", isVolatile: true };
    const odd = await cashier.sale.create(sale([{ product: inline, quantity: "1", unitPrice: "2.00" }], { clientTimestamp: tomorrow }));
    const melon = odd.sale.items[0]!.productId;
    await cashier.sale.create(sale([{ productId: melon, quantity: "1", unitPrice: "2.20" }], { clientTimestamp: "1969-12-31T23:59:59Z" }));
    expect((await cashier.product.byId({ id: melon })).unitPrice).toBe("2.20");
    await cashier.sale.create(sale([{ productId: melon, quantity: "1", unitPrice: "2.40" }], { clientTimestamp: undefined }));
    expect((await cashier.product.byId({ id: melon })).unitPrice).toBe("2.40");
    await cashier.sale.create(sale([{ productId: melon, quantity: "1", unitPrice: "2.60" }], { clientTimestamp: tomorrow }));
    expect((await cashier.product.byId({ id: melon })).unitPrice).toBe("2.40");
  });

  it("dates an inline product's price by its sale, so an even older sale does not overwrite it", async () => {
    const { cashier } = await newShop(t.db);
    const externalId = "7d1e6f0a-7c1b-4c55-9a63-8f0b7a3c2d11";
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const twoHoursAgo = new Date(Date.now() - 7_200_000).toISOString();
    // Created with its price, sold at that price (no price of the till's own on the line).
    const product = { externalId, name: "Market flowers", isVolatile: true, unitPrice: "6.00" };
    const first = await cashier.sale.create(sale([{ product, quantity: "1" }], { clientTimestamp: hourAgo }));
    const productId = first.sale.items[0]!.productId;
    await cashier.sale.create(sale([{ product, quantity: "1", unitPrice: "4.00" }], { clientTimestamp: twoHoursAgo }));
    expect((await cashier.product.byId({ id: productId })).unitPrice).toBe("6.00");
  });
});
