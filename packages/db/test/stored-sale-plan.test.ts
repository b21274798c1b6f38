import { randomUUID } from "node:crypto";

import { saleInput } from "@tillsync/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, createShop, recordSale } from "../src";
import { readForSaleStatement } from "../src/sale/record";
import { createTestDatabase, testServerUrl, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

// A replay is one prepared statement (tillsync_read_for_sale). After five runs a prepared
// statement gets a generic plan, made from whatever statistics the tables have then; when
// the stored sale's items were joined to their products, that plan (young tables, never
// analysed, as on a machine without autovacuum) hash-joined the shop's whole product table
// on every replay. It must be key lookups only, whatever the statistics say.
describe("the stored-sale read", () => {
  it("finds a sale, its items, their products and its device by key, also in a generic plan on unanalysed tables", async () => {
    const shop = await createShop(db.prisma, { name: "Plan" });
    const products = await db.prisma.$queryRaw<{ id: number }[]>`
      INSERT INTO product (shop_id, name, unit_price, stock, reorder_level)
      SELECT ${shop.id}, 'Product ' || g, 1.99, 1000, 1 FROM generate_series(1, 1000) AS g RETURNING id`;
    // As in the benchmark: the product table analysed, the sale tables not yet.
    await db.prisma.$executeRaw`ANALYZE product`;
    const ids = products.slice(0, 3).map((p) => p.id);
    const input = saleInput.parse({ externalId: randomUUID(), items: ids.map((productId) => ({ productId, quantity: "1" })) });
    await recordSale(db.prisma, { shopId: shop.id }, input);

    const statement = readForSaleStatement(shop.id, input.externalId, ids);
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL plan_cache_mode = force_generic_plan");
      await tx.$executeRawUnsafe(`PREPARE stored_sale_plan AS ${statement.text}`);
      const [row] = await tx.$queryRawUnsafe<{ "QUERY PLAN": { Plan: PlanNode }[] }[]>(
        `EXPLAIN (FORMAT JSON) EXECUTE stored_sale_plan(${shop.id}, '${input.externalId}', ${shop.id}, '{${ids.join(",")}}', ${shop.id})`,
      );
      await tx.$executeRawUnsafe("DEALLOCATE stored_sale_plan");
      return row!["QUERY PLAN"][0]!.Plan;
    });

    const nodes = nodesOf(plan);
    expect(nodes.map((node) => node["Relation Name"])).toEqual(expect.arrayContaining(["api_key", "product", "sale", "sale_item"]));
    expect(nodes.filter((node) => /Seq Scan|Hash/.test(node["Node Type"]))).toEqual([]);
  });
});

// The plans above are what the API runs only if its connections keep generic plans: without
// that, PostgreSQL re-planned the sale write on every execution (docs/benchmarks.md).
describe("the API's PostgreSQL connections", () => {
  it.skipIf(!testServerUrl())("keep the generic plans of named statements from their first statement on", async () => {
    const api = createDatabase({ url: db.url!, poolSize: 2 });
    try {
      const [first, second] = await Promise.all(
        [0, 1].map(() => api.prisma.$transaction((tx) => tx.$queryRawUnsafe<{ plan_cache_mode: string }[]>("SHOW plan_cache_mode"))),
      );
      expect([first, second]).toEqual([[{ plan_cache_mode: "force_generic_plan" }], [{ plan_cache_mode: "force_generic_plan" }]]);
    } finally {
      await api.close();
    }
  });
});
