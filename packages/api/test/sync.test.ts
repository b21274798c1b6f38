import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase, type SaleCreateInput } from "./helpers";

const t = useTestDatabase();

describe("sale.sync", () => {
  it("records 97 of 100 queued sales around 3 bad ones, in order, and a re-send only replays", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id, { stock: "1000", unitPrice: "1.00" });
    const reused = sale([{ productId: product.id, quantity: "1" }]);
    await cashier.sale.create(reused);

    const sales: SaleCreateInput[] = Array.from({ length: 100 }, (_, i) => sale([{ productId: product.id, quantity: String(i + 1) }]));
    const bad = new Map<number, string>([
      [30, "PRODUCT_NOT_FOUND"],
      [50, "INVALID_INPUT"],
      [70, "IDEMPOTENCY_KEY_REUSED"],
    ]);
    sales[30] = sale([{ productId: 987_654, quantity: "1" }]);
    sales[50] = { ...sale([{ productId: product.id, quantity: "1" }]), items: [{ productId: product.id, quantity: "-1" }] };
    sales[70] = { ...reused, items: [{ productId: product.id, quantity: "2" }] };
    const sold = sales.reduce((sum, s, i) => (bad.has(i) ? sum : sum + Number(s.items[0]!.quantity)), 0);

    const first = await cashier.sale.sync({ sales });

    expect(first.results.map((r) => r.externalId)).toEqual(sales.map((s) => s.externalId));
    first.results.forEach((result, i) => {
      if (bad.has(i)) {
        expect(result.status).toBe("rejected");
        expect(result.error?.code).toBe(bad.get(i));
        expect(result.error?.message.length).toBeGreaterThan(5);
      } else {
        expect(result.status).toBe("created");
        expect(result.saleId).toBeGreaterThan(0);
      }
    });
    expect(await countRows(t.db, "sale", shop.id)).toBe(98);
    expect((await cashier.product.byId({ id: product.id })).stock).toBe((1000 - 1 - sold).toFixed(3));

    const again = await cashier.sale.sync({ sales });
    expect(again.results.filter((r) => r.status === "replayed")).toHaveLength(97);
    expect(again.results.filter((r) => r.status === "rejected")).toHaveLength(3);
    expect(again.results.map((r) => r.saleId)).toEqual(first.results.map((r) => r.saleId));
    expect(await countRows(t.db, "sale", shop.id)).toBe(98);
    expect((await cashier.product.byId({ id: product.id })).stock).toBe((1000 - 1 - sold).toFixed(3));
  });

  it("reports a sale that is not even an object, and still records the rest", async () => {
    const { shop, cashier } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id);
    const good = sale([{ productId: product.id, quantity: "1" }]);
    const { results } = await cashier.sale.sync({ sales: [{ externalId: "not-a-uuid", items: [] }, good] });
    expect(results[0]).toMatchObject({ externalId: "not-a-uuid", status: "rejected", error: { code: "INVALID_INPUT" } });
    expect(results[1]).toMatchObject({ externalId: good.externalId, status: "created" });
  });

  it("rejects an empty or oversized batch as a whole", async () => {
    const { cashier } = await newShop(t.db);
    await expect(cashier.sale.sync({ sales: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const tooMany = Array.from({ length: 501 }, () => ({ externalId: randomUUID(), items: [] }));
    await expect(cashier.sale.sync({ sales: tooMany })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
