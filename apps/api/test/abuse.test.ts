// Hostile requests to /trpc and /api: oversized and deeply nested bodies, invalid UTF-8,
// SQL and script injection, and every input limit. Each gets a typed error or is stored
// verbatim and read back equal; nothing is executed and nothing is a 500.
import { randomUUID } from "node:crypto";

import { createApiKey, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { MAX_BODY_BYTES } from "../src/http/body";
import { json, listen, stop } from "./server";

const INJECTIONS = [
  "'; DROP TABLE sale; --",
  "Robert'); DELETE FROM product WHERE ('1'='1",
  "' OR 1=1 --",
  "$1::text",
  "100% _real_ cheese",
  "<script>alert(document.cookie)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{7*7}} ${7*7} #{7*7}",
  "🧀 Käse 乳酪 \u202e\u2066 Z̷a̸l̵g̷o̵",
];

describe("hostile requests", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  let manager: string;

  const post = (path: string, body: string | Buffer, key = manager) =>
    fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body });
  const mutation = (path: string, input: unknown) => post(`/trpc/${path}`, JSON.stringify({ json: input }));
  const query = (path: string, input: unknown) =>
    fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { authorization: `Bearer ${manager}` } });
  /** A tRPC error: its status, code and request id, checked to be typed and stack-free. */
  async function trpcError(res: Response) {
    const answer = await json(res);
    // A batch refused as a whole answers with the error once per call.
    const body = Array.isArray(answer) ? answer[0] : answer;
    expect(body.error.json.data.requestId).toBe(res.headers.get("x-request-id"));
    return { status: res.status, code: body.error.json.data.code as string, issues: body.error.json.data.zodError?.fieldErrors };
  }

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    ({ server, base } = await listen(db, { RATE_LIMIT_API_KEY: 0 }));
    const shop = await createShop(db.prisma, { name: "Corner shop" });
    manager = (await createApiKey(db.prisma, { shopId: shop.id, name: "stock-tool", role: "manager" })).key;
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  const item = { product: { name: "Tea", isVolatile: true, unitPrice: "1.00" }, quantity: "1" };
  const sale = (extra: Record<string, unknown> = {}) => ({ externalId: randomUUID(), items: [item], ...extra });

  describe("bodies", () => {
    it("over 1 MB, also as a batch → 413 PAYLOAD_TOO_LARGE", async () => {
      const padding = "x".repeat(MAX_BODY_BYTES);
      expect(await trpcError(await post("/trpc/product.create", JSON.stringify({ json: { name: padding } })))).toMatchObject({
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
      });
      const batch = await post("/trpc/product.create,product.create?batch=1", JSON.stringify({ 0: { json: { name: padding } }, 1: { json: { name: "Tea" } } }));
      expect(await trpcError(batch)).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    });

    it("nested 100,000 levels deep → 400, on /trpc and /api", async () => {
      const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
      const trpc = await post("/trpc/sale.create", `{"json":{"externalId":"${randomUUID()}","items":${deep(100_000)}}}`);
      expect(await trpcError(trpc)).toMatchObject({ status: 400, code: "PARSE_ERROR" });
      const withMeta = await post("/trpc/sale.create", `{"json":{},"meta":{"values":${deep(100_000)}}}`);
      expect((await trpcError(withMeta)).status).toBe(400);
      const objects = await post("/trpc/product.create", `{"json":${'{"name":'.repeat(50_000)}"x"${"}".repeat(50_000)}}`);
      expect((await trpcError(objects)).status).toBe(400);
      const rest = await post("/api/sales/", `{"external_id":"${randomUUID()}","items":${deep(100_000)}}`);
      expect(rest.status).toBe(400);
      expect((await json(rest)).code).toBe("PARSE_ERROR");
      // Nesting as deep as any real input is fine.
      expect((await json(await post("/api/sales/", `{"external_id":"${randomUUID()}","items":${deep(60)}}`))).code).toBe("BAD_REQUEST");
    });

    it("invalid UTF-8 → 400 PARSE_ERROR on /trpc too, and nothing is stored", async () => {
      const name = Buffer.concat([Buffer.from('{"json":{"name":"Caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","unitPrice":"1.00"}}')]);
      expect(await trpcError(await post("/trpc/product.create", name))).toMatchObject({ status: 400, code: "PARSE_ERROR" });
      expect(await db.prisma.product.count({ where: { name: { startsWith: "Caf" } } })).toBe(0);
    });

    it("REST query parameters named like Object.prototype's members → 400 naming them", async () => {
      for (const name of ["__proto__", "toString", "constructor", "hasOwnProperty"]) {
        const res = await fetch(`${base}/api/sales/analytics/?${name}=1&product_id=1`, { headers: { authorization: `Bearer ${manager}` } });
        expect(res.status, name).toBe(400);
        expect(await json(res)).toMatchObject({ code: "BAD_REQUEST", non_field_errors: [expect.stringContaining(name)] });
      }
    });

    it("malformed batches → 400, never 500", async () => {
      for (const body of ["[]", "null", '"x"', '{"0": 1, "1": ', '{"0": {"json": 1, "meta": {"values": {"json": ["Date"]}}}}']) {
        const res = await post("/trpc/product.create,product.create?batch=1", body);
        expect(res.status, body).toBeLessThan(500);
        expect(res.status, body).toBeGreaterThanOrEqual(400);
      }
    });
  });

  describe("injection strings are data", () => {
    it.each(INJECTIONS)("%s: stored and read back verbatim over /trpc", async (text) => {
      const created = await mutation("product.create", { name: text, sku: text.slice(0, 64), unitPrice: "1.00" });
      expect(created.status).toBe(200);
      const { id } = (await json(created)).result.data.json;
      const read = (await json(await query("product.byId", { id }))).result.data.json;
      expect({ name: read.name, sku: read.sku }).toEqual({ name: text.trim(), sku: text.slice(0, 64).trim() });

      const found = await query("product.list", { search: text });
      expect(found.status).toBe(200);
      expect((await json(found)).result.data.json.items.map((p: { id: number }) => p.id)).toContain(id);

      const sold = await mutation("sale.create", { externalId: randomUUID(), sourceDevice: text, items: [{ productId: id, quantity: "1" }] });
      expect(sold.status).toBe(200);
      const sale = (await json(sold)).result.data.json.sale;
      expect((await json(await query("sale.byId", { id: sale.id }))).result.data.json.sourceDevice).toBe(text.trim());
    });

    it("and over REST; the tables they name are all still there", async () => {
      for (const text of INJECTIONS) {
        const res = await post(
          "/api/sales/",
          JSON.stringify({
            external_id: randomUUID(),
            source_device: text,
            items: [{ product_data: { name: text, is_volatile: true, unit_price: "1.00" }, quantity: "1" }],
          }),
        );
        expect(res.status).toBe(201);
        expect(await json(res)).toMatchObject({ source_device: text.trim(), items: [{ product_name: text.trim() }] });
      }
      const [sales] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sale`;
      expect(sales?.n).toBe(BigInt(INJECTIONS.length * 2));
      expect(await db.prisma.product.count()).toBe(INJECTIONS.length * 2);
    });

    it("the NUL character, which PostgreSQL cannot store → 400 naming the field", async () => {
      expect(await trpcError(await mutation("product.create", { name: "Tea\u0000" }))).toMatchObject({
        status: 400,
        code: "BAD_REQUEST",
        issues: { name: expect.any(Array) },
      });
      const sync = await mutation("sale.sync", { sales: [sale({ cashierId: "user\u0000" }), sale()] });
      expect(sync.status).toBe(200);
      // One bad sale is rejected on its own; the other is recorded.
      expect((await json(sync)).result.data.json.results.map((r: { status: string }) => r.status)).toEqual(["rejected", "created"]);
    });
  });

  describe("input limits are typed 400s naming the field", () => {
    it.each([
      ["501 items in a sale", "sale.create", sale({ items: Array(501).fill(item) }), "items"],
      ["501 sales in a batch", "sale.sync", { sales: Array.from({ length: 501 }, () => sale()) }, "sales"],
      ["a 201-character product name", "product.create", { name: "x".repeat(201) }, "name"],
      ["a 65-character cashier id", "sale.create", sale({ cashierId: "x".repeat(65) }), "cashierId"],
      ["a price with three decimals", "product.create", { name: "Tea", unitPrice: "1.005" }, "unitPrice"],
      ["a price of 100 million", "product.create", { name: "Tea", unitPrice: "100000000.00" }, "unitPrice"],
      ["a negative price", "product.create", { name: "Tea", unitPrice: "-1.00" }, "unitPrice"],
      ["a price in exponent notation past two decimals", "product.create", { name: "Tea", unitPrice: "1e-3" }, "unitPrice"],
      ["a quantity with four decimals", "product.restock", { productId: 1, quantity: "1.0001" }, "quantity"],
      ["a quantity over a million", "product.restock", { productId: 1, quantity: "10000000" }, "quantity"],
      ["a float that is not exact", "product.restock", { productId: 1, quantity: 0.1 + 0.2 }, "quantity"],
      ["an id past the INTEGER range", "product.restock", { productId: 2 ** 31, quantity: "1" }, "productId"],
      ["a 501-character note", "product.restock", { productId: 1, quantity: "1", note: "x".repeat(501) }, "note"],
      ["a page of 201", "product.list", { limit: 201 }, "limit"],
      ["a 201-character search", "product.list", { search: "x".repeat(201) }, "search"],
    ])("%s", async (_, path, input, field) => {
      const res = path.endsWith(".list") ? await query(path, input) : await mutation(path, input);
      expect(await trpcError(res)).toMatchObject({ status: 400, code: "BAD_REQUEST", issues: { [field]: expect.any(Array) } });
    });

    it("a sale of exactly 500 lines is accepted", async () => {
      const { id } = (await json(await mutation("product.create", { name: "Rice", unitPrice: "2.00", initialStock: "1000" }))).result.data.json;
      const res = await mutation("sale.create", sale({ items: Array(500).fill({ productId: id, quantity: "1" }) }));
      expect(res.status).toBe(200);
      expect((await json(res)).result.data.json.sale.items).toHaveLength(500);
    });
  });
});
