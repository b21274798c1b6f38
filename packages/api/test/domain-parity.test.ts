// DESIGN.md §7 "Values the API accepts are values the database can store and compute with":
// each value here was accepted by a validator and then refused by PostgreSQL (a 500), or
// silently altered by it. Now each is a 4xx, or works.
import { randomUUID } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

const forged = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");

async function codeOf(promise: Promise<unknown>) {
  return promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
  );
}

describe("domain parity", () => {
  it("refuses report dates PostgreSQL has no year for, and reports the years it has", async () => {
    const { shop, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    for (const startDate of ["0000-01-01", "0000-02-29", "0999-12-31"]) {
      expect(await codeOf(manager.analytics.byProduct({ productId: p.id, startDate, endDate: startDate, period: "daily" })), startDate).toBe("BAD_REQUEST");
      expect(await codeOf(manager.analytics.summary({ startDate, endDate: startDate })), startDate).toBe("BAD_REQUEST");
      expect(await codeOf(manager.sale.list({ startDate })), startDate).toBe("BAD_REQUEST");
    }
    for (const [startDate, endDate] of [
      ["1000-01-01", "1000-03-01"],
      ["9999-10-01", "9999-12-31"],
    ] as const) {
      for (const period of ["daily", "weekly", "monthly"] as const) {
        expect(await codeOf(manager.analytics.byProduct({ productId: p.id, startDate, endDate, period })), `${startDate} ${period}`).toBe("OK");
      }
      expect(await codeOf(manager.analytics.summary({ startDate, endDate }))).toBe("OK");
      expect(await codeOf(manager.sale.list({ startDate, endDate }))).toBe("OK");
    }
  });

  it("treats a forged cursor as the first page, whatever it holds", async () => {
    const { shop, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { reorderLevel: "200" });
    await manager.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    const keys = [
      ["0000-01-01T00:00:00Z", 1],
      ["+200000-01-01T00:00:00Z", 1],
      ["2026-01-01T00:00:00Z", 1.5],
      ["2026-01-01T00:00:00Z", 1e300],
      ["a\u0000", 1],
      ["a\ud800", 2],
      ["a", 2 ** 31],
      [1.5],
      [2 ** 31],
      [-1],
      ["x"],
      [],
    ];
    for (const key of keys) {
      const cursor = forged(key);
      const label = JSON.stringify(key);
      expect(await codeOf(manager.sale.list({ cursor })), label).toBe("OK");
      expect(await codeOf(manager.product.list({ cursor })), label).toBe("OK");
      expect(await codeOf(manager.alert.list({ cursor, status: "all" })), label).toBe("OK");
      expect(await codeOf(manager.product.movements({ productId: p.id, cursor })), label).toBe("OK");
      expect(await codeOf(manager.sale.discardedList({ cursor })), label).toBe("OK");
    }
  });

  it("refuses text with NUL or a lone surrogate in every free-text field as a 400 (PostgreSQL refuses the one, alters the other)", async () => {
    const { shop, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const { sale: sold } = await manager.sale.create(sale([{ productId: p.id, quantity: "1" }]));
    for (const bad of ["nul\u0000", "lone \ud800", "lone \udfff"]) {
      const calls = [
        manager.sale.create(sale([{ productId: p.id, quantity: "1" }], { cashierId: bad })),
        manager.sale.reverse({ saleId: sold.id, externalId: randomUUID(), reason: bad }),
        manager.product.restock({ productId: p.id, quantity: "1", note: bad }),
        manager.product.count({ productId: p.id, countedStock: "1", note: bad }),
        manager.product.list({ search: bad }),
        manager.sale.list({ device: bad }),
        manager.product.update({ id: p.id, name: bad }),
        manager.sale.discardRejected({ externalId: randomUUID(), reason: bad, sale: {} }),
      ];
      for (const [n, call] of calls.entries()) expect(await codeOf(call), `${n}: ${JSON.stringify(bad)}`).toBe("BAD_REQUEST");
      // The till's label is delivery metadata, not a fact: stored cleaned, the sale recorded (§7).
      const labelled = await manager.sale.create(sale([{ productId: p.id, quantity: "1" }], { sourceDevice: bad }));
      expect(labelled.sale.sourceDevice).toBe(bad.replace("\u0000", "").replace(/[\ud800-\udfff]/, "\ufffd"));
    }
  });

  it("refuses a sale whose stock after it the column cannot hold, as AMOUNT_OUT_OF_RANGE", async () => {
    const { shop, manager } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { stock: "0" });
    // As if thousands of the largest sales had gone before.
    await t.db.prisma.$executeRaw`UPDATE product SET stock = -99999999999 WHERE id = ${p.id}`;
    const error = await manager.sale.create(sale([{ productId: p.id, quantity: "1" }])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", cause: { code: "AMOUNT_OUT_OF_RANGE" } });
    const { results } = await manager.sale.sync({ sales: [sale([{ productId: p.id, quantity: "1" }])] });
    expect(results[0]).toMatchObject({ status: "rejected", error: { code: "AMOUNT_OUT_OF_RANGE" } });
  });

  it("keeps a discarded payload JSON has no form for (a BigInt sent through superjson)", async () => {
    const { manager } = await newShop(t.db);
    const discarded = await manager.sale.discardRejected({ externalId: randomUUID(), reason: "test", sale: { n: 10n } });
    expect(JSON.parse(discarded.payload)).toEqual({ n: "10" });
  });

  it("takes a volatile sale at the largest price and quantity, and refuses a total beyond DECIMAL(12,2)", async () => {
    const { shop, manager } = await newShop(t.db);
    const v = await volatileProduct(t.db, shop.id);
    const ok = await manager.sale.create(sale([{ productId: v.id, quantity: "100", unitPrice: "99999999.99" }]));
    expect(ok.sale.total).toBe("9999999999.00");
    const error = await manager.sale.create(sale([{ productId: v.id, quantity: "9999999.999", unitPrice: "99999999.99" }])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", cause: { code: "AMOUNT_OUT_OF_RANGE" } });
  });
});
