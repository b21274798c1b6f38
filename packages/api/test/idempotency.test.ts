import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, rejection, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

describe("sale.create idempotency", () => {
  it("replays the same payload and stores one sale", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { stock: "10" });
    const input = sale([{ productId: product.id, quantity: "2" }]);

    const first = await cashier.sale.create(input);
    const second = await cashier.sale.create(input);
    // The same sale re-serialised by a client ("2" vs "2.000") is still the same sale.
    const third = await cashier.sale.create({ ...input, items: [{ productId: product.id, quantity: "2.000" }] });

    expect(first.replayed).toBe(false);
    expect(second).toEqual({ sale: first.sale, replayed: true });
    expect(third).toEqual({ sale: first.sale, replayed: true });
    expect(await countRows(t.db, "sale", shop.id)).toBe(1);
    expect((await cashier.product.byId({ id: product.id })).stock).toBe("8.000");
  });

  it("rejects the same externalId with a different payload and writes nothing", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { stock: "10" });
    const input = sale([{ productId: product.id, quantity: "2" }]);
    await cashier.sale.create(input);
    const before = await Promise.all([countRows(t.db, "sale", shop.id), countRows(t.db, "stock_movement", shop.id)]);

    for (const changed of [
      { ...input, items: [{ productId: product.id, quantity: "3" }] },
      { ...input, items: [{ productId: product.id, quantity: "2", unitPrice: "1.00" }] },
      { ...input, cashierId: "someone-else" },
      { ...input, clientTimestamp: new Date(Date.now() - 60_000).toISOString() },
    ]) {
      const error = await rejection(cashier.sale.create(changed));
      expect(error.code).toBe("UNPROCESSABLE_CONTENT");
      expect((error.cause as { code?: string }).code).toBe("IDEMPOTENCY_KEY_REUSED");
    }

    const after = await Promise.all([countRows(t.db, "sale", shop.id), countRows(t.db, "stock_movement", shop.id)]);
    expect(after).toEqual(before);
    expect((await cashier.product.byId({ id: product.id })).stock).toBe("8.000");
  });

  it("50 concurrent calls with one externalId store exactly one sale and all get it back", async () => {
    const { shop, cashier } = await newShop(t.db);
    const a = await trackedProduct(t.db, shop.id, { stock: "100" });
    const b = await trackedProduct(t.db, shop.id, { stock: "100" });
    const input = sale([
      { productId: a.id, quantity: "1.5" },
      { productId: b.id, quantity: "2" },
      { product: { externalId: randomUUID(), name: "Made at the till", isVolatile: false }, quantity: "1", unitPrice: "4.00" },
    ]);

    const results = await Promise.all(Array.from({ length: 50 }, () => cashier.sale.create(input)));

    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sale.id)).size).toBe(1);
    for (const r of results) expect(r.sale).toEqual(results[0]!.sale);
    expect(await countRows(t.db, "sale", shop.id)).toBe(1);
    expect(await countRows(t.db, "sale_item", shop.id)).toBe(3);
    // a, b and the inline product: one ledger row each for the sale (+ initial counts of a, b).
    expect(await countRows(t.db, "stock_movement", shop.id)).toBe(5);
    expect(await countRows(t.db, "product", shop.id)).toBe(3);
    expect((await cashier.product.byId({ id: a.id })).stock).toBe("98.500");
    expect((await cashier.product.byId({ id: b.id })).stock).toBe("98.000");
  });

  // DESIGN.md §3.2: delivery metadata is not part of the sale.
  it("replays a retry where only sourceDevice changed (the till app upgraded)", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { stock: "10" });
    const input = sale([{ productId: product.id, quantity: "2" }], { sourceDevice: "mobile-app-v1.2" });
    const first = await cashier.sale.create(input);
    const retry = await cashier.sale.create({ ...input, sourceDevice: "mobile-app-v1.3" });
    expect(retry).toEqual({ sale: first.sale, replayed: true });
    const synced = await cashier.sale.sync({ sales: [{ ...input, sourceDevice: "mobile-app-v1.3" }] });
    expect(synced.results).toEqual([{ externalId: input.externalId, status: "replayed", saleId: first.sale.id }]);
    expect((await cashier.product.byId({ id: product.id })).stock).toBe("8.000");
  });

  it("replays a retry that now states the price the line was charged (or leaves out a price it stated); refuses another price", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { stock: "10", unitPrice: "4.50" });
    const withoutPrice = sale([{ productId: product.id, quantity: "1" }]);
    const first = await cashier.sale.create(withoutPrice);
    expect(first.sale.items[0]!.unitPrice).toBe("4.50");
    const stated = { ...withoutPrice, items: [{ productId: product.id, quantity: "1", unitPrice: "4.5" }] };
    expect(await cashier.sale.create(stated)).toEqual({ sale: first.sale, replayed: true });
    // The product's price changes; a retry without a price is still the sale charged at 4.50.
    await t.db.prisma.product.update({ where: { id: product.id }, data: { unitPrice: "6.00" } });
    expect(await cashier.sale.create(withoutPrice)).toEqual({ sale: first.sale, replayed: true });
    const other = await rejection(cashier.sale.create({ ...withoutPrice, items: [{ productId: product.id, quantity: "1", unitPrice: "6.00" }] }));
    expect(other.cause).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });

    const statedFirst = sale([{ productId: product.id, quantity: "2", unitPrice: "3.00" }]);
    const second = await cashier.sale.create(statedFirst);
    expect(await cashier.sale.create({ ...statedFirst, items: [{ productId: product.id, quantity: "2" }] })).toEqual({ sale: second.sale, replayed: true });
    expect((await cashier.product.byId({ id: product.id })).stock).toBe("7.000");
  });

  it("names the stored sale when an externalId is reused: error details, and saleId + error.storedSaleId in sync", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id);
    const input = sale([{ productId: product.id, quantity: "1" }]);
    const { sale: stored } = await cashier.sale.create(input);
    const changed = { ...input, items: [{ productId: product.id, quantity: "5" }] };
    const error = await rejection(cashier.sale.create(changed));
    expect(error.cause).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", details: { storedSaleId: stored.id } });
    const { results } = await cashier.sale.sync({ sales: [changed] });
    expect(results).toEqual([
      {
        externalId: input.externalId,
        status: "rejected",
        saleId: stored.id,
        error: { code: "IDEMPOTENCY_KEY_REUSED", message: expect.any(String), storedSaleId: stored.id },
      },
    ]);
  });
});
