import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct, createShop, updateProduct } from "../src";
import { databaseFailure, isUniqueViolation, UNIQUE } from "../src/errors";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

// Conflicts are recognised by constraint (issue 16), so the names the code knows must be
// the migrations' own; PGlite's adapter reports the key's columns instead, so those too.
describe("the unique constraints the domain recognises", () => {
  it.each(Object.entries(UNIQUE))("%s exists in the migrated database with its name and columns", async (_, constraint) => {
    const rows = await db.prisma.$queryRaw<{ columns: string[] }[]>`
      SELECT array_agg(a.attname::text ORDER BY k.n) AS columns
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE c.relname = ${constraint.name} AND i.indisunique
      GROUP BY c.relname`;
    expect(rows.map((row) => row.columns)).toEqual([[...constraint.columns]]);
  });

  it("turn a taken SKU or externalId into the matching conflict, on create and on update, whichever driver", async () => {
    const shop = await createShop(db.prisma, { name: "Conflicts" });
    const actor = { shopId: shop.id };
    const externalId = randomUUID();
    const tea = await createProduct(db.prisma, actor, { name: "Tea", sku: "T1", externalId, isVolatile: false, unitPrice: "2.00" });
    const coffee = await createProduct(db.prisma, actor, { name: "Coffee", sku: "C1", isVolatile: false, unitPrice: "3.00" });

    await expect(createProduct(db.prisma, actor, { name: "Other tea", sku: "T1", isVolatile: false, unitPrice: "2.00" })).rejects.toMatchObject({
      kind: "CONFLICT",
      code: "SKU_TAKEN",
    });
    // A product named after the other key's column is still told apart by constraint.
    await expect(createProduct(db.prisma, actor, { name: "sku", externalId, isVolatile: false, unitPrice: "2.00" })).rejects.toMatchObject({
      kind: "CONFLICT",
      code: "EXTERNAL_ID_TAKEN",
    });
    await expect(updateProduct(db.prisma, actor, { id: coffee.id, sku: "T1" })).rejects.toMatchObject({ kind: "CONFLICT", code: "SKU_TAKEN" });
    expect((await db.prisma.product.findUniqueOrThrow({ where: { id: tea.id } })).sku).toBe("T1");
  });

  it("are read from Prisma's error and from the direct pg path alike", async () => {
    const shop = await createShop(db.prisma, { name: "Paths" });
    await db.prisma.product.create({ data: { shopId: shop.id, name: "A", sku: "S1", isVolatile: true, unitPrice: "1.00" } });
    const viaPrisma = await db.prisma.product
      .create({ data: { shopId: shop.id, name: "B", sku: "S1", isVolatile: true, unitPrice: "1.00" } })
      .catch((e: unknown) => e);
    expect(databaseFailure(viaPrisma)).toMatchObject({ sqlState: "23505", prismaCode: "P2002" });
    expect(isUniqueViolation(viaPrisma, UNIQUE.productSku)).toBe(true);
    expect(isUniqueViolation(viaPrisma, UNIQUE.productExternalId)).toBe(false);
    // node-postgres's own error, as the hot paths' prepared statements raise it (sql.ts).
    const direct = Object.assign(new Error('duplicate key value violates unique constraint "product_shop_id_sku_key"'), {
      code: "23505",
      constraint: "product_shop_id_sku_key",
    });
    expect(isUniqueViolation(new Error("wrapped", { cause: direct }), UNIQUE.productSku)).toBe(true);
    // Message text alone is never enough.
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint "product_shop_id_sku_key"'), UNIQUE.productSku)).toBe(false);
  });
});
