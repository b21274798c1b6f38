// DESIGN.md §7 "sale.sync answers every sale it was given": a sale the database refuses on
// its own is rejected (SALE_NOT_STORABLE), the others recorded in order; a failure shared
// by every sale, or a transient one, fails the call with a retryable 503 and rejects
// nothing. The failures are injected in the database with a trigger on sale.
import { randomUUID } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import { countRows, newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

/** Makes inserting a sale whose externalId is listed fail with `sqlstate`; `all` for every sale. */
async function refuseSales(externalIds: string[] | "all", sqlstate = "P0001") {
  const condition = externalIds === "all" ? "true" : `NEW.external_id::text = ANY(ARRAY[${externalIds.map((id) => `'${id}'`).join(",")}])`;
  await t.db.prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION test_refuse_sale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF ${condition} THEN RAISE EXCEPTION 'injected: this sale cannot be stored' USING ERRCODE = '${sqlstate}'; END IF;
      RETURN NEW;
    END $$`);
  await t.db.prisma.$executeRawUnsafe(`CREATE OR REPLACE TRIGGER test_refuse_sale BEFORE INSERT ON sale FOR EACH ROW EXECUTE FUNCTION test_refuse_sale()`);
}

afterEach(async () => {
  await t.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_sale ON sale`);
});

describe("sale.sync isolation", () => {
  it("rejects the one sale the database refuses and records the others, in input order", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "10" });
    const batch = [0, 1, 2].map(() => sale([{ productId: p.id, quantity: "1" }]));
    await refuseSales([batch[1]!.externalId]);

    const { results } = await cashier.sale.sync({ sales: batch });
    expect(results.map((r) => [r.externalId, r.status])).toEqual(batch.map((s, i) => [s.externalId, i === 1 ? "rejected" : "created"]));
    expect(results[1]!.error).toMatchObject({ code: "SALE_NOT_STORABLE" });
    expect(results[1]!.error!.message).toContain("injected: this sale cannot be stored");
    expect(await countRows(t.db, "sale", shop.id)).toBe(2);
    expect((await cashier.product.byId({ id: p.id })).stock).toBe("8.000");
  });

  it("rejects each of several sales the database refuses, among recorded ones", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const batch = [0, 1, 2, 3].map(() => sale([{ productId: p.id, quantity: "1" }]));
    await refuseSales([batch[0]!.externalId, batch[3]!.externalId]);
    const { results } = await cashier.sale.sync({ sales: batch });
    expect(results.map((r) => r.status)).toEqual(["rejected", "created", "created", "rejected"]);
  });

  it("fails the call with a retryable 503 and rejects nothing when every sale fails", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const batch = [0, 1, 2].map(() => sale([{ productId: p.id, quantity: "1" }]));
    await refuseSales("all");
    await expect(cashier.sale.sync({ sales: batch })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await countRows(t.db, "sale", shop.id)).toBe(0);
  });

  it("fails the call with a 503 on a transient failure (serialization, deadlock) even for one sale of many", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    for (const sqlstate of ["40001", "40P01", "57P01"]) {
      const batch = [0, 1, 2].map(() => sale([{ productId: p.id, quantity: "1" }]));
      await refuseSales([batch[1]!.externalId], sqlstate);
      await expect(cashier.sale.sync({ sales: batch }), sqlstate).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    }
    await t.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS test_refuse_sale ON sale`);
    // The retry after the transient failure records everything.
    const batch = [0, 1].map(() => sale([{ productId: p.id, quantity: "1" }]));
    expect((await cashier.sale.sync({ sales: batch })).results.map((r) => r.status)).toEqual(["created", "created"]);
  });

  it("sale.create answers a transient database failure with a retryable 503", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const input = sale([{ productId: p.id, quantity: "1" }], { externalId: randomUUID() });
    await refuseSales([input.externalId], "40001");
    await expect(cashier.sale.create(input)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });
});
