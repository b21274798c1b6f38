// The seed's REST contract over HTTP with plain fetch, as the existing offline clients
// (plain JavaScript, Vue, React) call it, on a real database: DESIGN.md §4 "REST compatibility".
import { randomUUID } from "node:crypto";

import { compileErrors, validate } from "@readme/openapi-parser";
import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import type { OpenAPIV3_1 } from "openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { MAX_BODY_BYTES } from "../src/http/body";
import { json, listen, stop } from "./server";

describe("REST compatibility (/api)", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  /** A till's key, a manager tool's key, and a till of another shop. */
  let device: string;
  let manager: string;
  let otherShopDevice: string;
  let rice: number;
  let flour: number;
  let otherShopProduct: number;
  let shopId: number;

  const headers = (key: string | null) => ({ "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) });
  const postSale = (body: unknown, key: string | null = device, path = "/api/sales/") =>
    fetch(`${base}${path}`, { method: "POST", headers: headers(key), body: JSON.stringify(body) });
  const analytics = (query: Record<string, string>, key = manager) =>
    fetch(`${base}/api/sales/analytics/?${new URLSearchParams(query).toString()}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listen(db));
    const shop = await createShop(db.prisma, { name: "Corner shop", timezone: "Europe/Berlin" });
    shopId = shop.id;
    const actor = { shopId };
    device = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
    manager = (await createApiKey(db.prisma, { shopId: shop.id, name: "stock-report-job", role: "manager" })).key;
    rice = (await createProduct(db.prisma, actor, { name: "Rice 1 kg", isVolatile: false, unitPrice: "3.00", initialStock: "10" })).id;
    flour = (await createProduct(db.prisma, actor, { name: "Flour 1 kg", isVolatile: false, unitPrice: "2.50" })).id;

    const other = await createShop(db.prisma, { name: "Other shop" });
    otherShopDevice = (await createApiKey(db.prisma, { shopId: other.id, name: "pos-01", role: "device" })).key;
    otherShopProduct = (await createProduct(db.prisma, { shopId: other.id }, { name: "Their rice", isVolatile: false, unitPrice: "1.00" })).id;
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  describe("POST /api/sales/", () => {
    /** The seed's example: one item by product id with quantity "0.5", one with product_data. */
    const seedExample = () => ({
      external_id: randomUUID(),
      source_device: "till-front",
      client_timestamp: "2026-11-20T09:15:00+01:00",
      items: [
        { product: rice, quantity: "0.5" },
        { product_data: { name: "Tomatoes (loose)", is_volatile: true, unit_price: "4.20" }, quantity: "1.25", unit_price: "4.20" },
      ],
      // Sent by some clients, never trusted: the server computes totals.
      total: "0.01",
    });

    it("a new sale → 201 with the sale in snake_case and the server-computed total", async () => {
      const body = seedExample();
      const res = await postSale(body);
      expect(res.status).toBe(201);
      const sale = await json(res);
      expect(sale).toEqual({
        id: expect.any(Number),
        external_id: body.external_id,
        kind: "sale",
        source_device: "till-front",
        device_name: "pos-01",
        client_timestamp: "2026-11-20T08:15:00.000Z",
        client_clock: "2026-11-20T09:15:00+01:00",
        clock_assumed_local: false,
        occurred_at: "2026-11-20T08:15:00.000Z",
        clock_adjusted: false,
        synced_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        cashier: null,
        delivered_by: { kind: "api_key", name: "pos-01" },
        total: "6.75",
        items: [
          { product: rice, product_name: "Rice 1 kg", quantity: "0.500", unit_price: "3.00", line_total: "1.50" },
          { product: expect.any(Number), product_name: "Tomatoes (loose)", quantity: "1.250", unit_price: "4.20", line_total: "5.25" },
        ],
        // A seed client sends no tenders (DESIGN.md §8): none recorded, nothing rounded, nothing amiss.
        tenders: [],
        rounding: "0.00",
        tender_mismatch: false,
        cash_without_drawer: false,
      });
    });

    it("cash taken through REST by a device key bound to no till → recorded, not flagged cash_without_drawer (no drawer could have been open); the field is in every sale", async () => {
      const body = {
        external_id: randomUUID(),
        client_timestamp: "2026-11-20T09:15:00+01:00",
        items: [{ product: rice, quantity: "1" }],
        tenders: [{ method: "cash", amount: "3.00", tendered: "5.00" }],
      };
      const created = await postSale(body);
      expect(created.status).toBe(201);
      const sale = await json(created);
      expect(sale).toMatchObject({ total: "3.00", tender_mismatch: false, cash_without_drawer: false, tenders: [{ method: "cash", change: "2.00" }] });
      const retry = await postSale(body);
      expect(retry.status).toBe(200);
      expect(await json(retry)).toEqual(sale);
      const card = await postSale({ ...body, external_id: randomUUID(), tenders: [{ method: "card", amount: "3.00", reference: "AUTH-9" }] });
      expect(card.status).toBe(201);
      expect(await json(card)).toMatchObject({ cash_without_drawer: false });
    });

    it("the same request again → 200 and the same sale; a changed body with that external_id → 422 IDEMPOTENCY_KEY_REUSED", async () => {
      const body = seedExample();
      const created = await postSale(body);
      expect(created.status).toBe(201);
      const sale = await json(created);

      const retry = await postSale(body);
      expect(retry.status).toBe(200);
      expect(await json(retry)).toEqual(sale);

      const changed = await postSale({ ...body, items: [{ product: rice, quantity: "2" }] });
      expect(changed.status).toBe(422);
      expect(await json(changed)).toEqual({
        code: "IDEMPOTENCY_KEY_REUSED",
        detail: expect.stringContaining(`sale ${sale.id}`),
        stored_sale_id: sale.id,
        request_id: changed.headers.get("x-request-id"),
      });
    });

    it('answers with and without the trailing slash, and accepts numbers and nulls as the seed\'s clients send them (source_device null → "web")', async () => {
      const res = await postSale(
        {
          external_id: randomUUID(),
          source_device: null,
          client_timestamp: null,
          items: [{ product: flour, quantity: 2, unit_price: null, product_data: null }],
        },
        device,
        "/api/sales",
      );
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({ source_device: "web", client_timestamp: null, total: "5.00", items: [{ product: flour, quantity: "2.000" }] });
    });
  });

  describe("GET /api/sales/analytics/", () => {
    let product: number;

    beforeAll(async () => {
      product = (await createProduct(db.prisma, { shopId }, { name: "Olive oil", isVolatile: false, unitPrice: "2.50" })).id;
      // Two sales in the week of Monday 1 January 2024 and one two weeks later (Berlin time).
      for (const [when, quantity, unit_price] of [
        ["2024-01-02T10:00:00+01:00", "2", undefined],
        ["2024-01-07T23:30:00+01:00", "1.5", undefined],
        ["2024-01-17T12:00:00+01:00", "4", "2.00"],
      ] as const) {
        const res = await postSale({ external_id: randomUUID(), client_timestamp: when, items: [{ product, quantity, unit_price }] });
        expect(res.status).toBe(201);
      }
    });

    it("the seed's example (product_id, start_date, end_date, period=weekly) → the seed's shape: the product object, figures as JSON numbers with their decimals", async () => {
      const res = await analytics({ product_id: String(product), start_date: "2024-01-01", end_date: "2024-01-21", period: "weekly" });
      expect(res.status).toBe(200);
      const text = await res.clone().text();
      // Exactly the decimals the seed wrote (247.00, not 247), never through a float.
      expect(text).toContain('"total_quantity_sold":7.500,"total_revenue":16.75,"average_unit_price":2.23');
      expect(text).toContain('{"period_start":"2024-01-08","quantity":0.000,"revenue":0.00,"sale_count":0}');
      expect(await json(res)).toEqual({
        product: { id: product, name: "Olive oil", sku: null, is_volatile: false, unit_price: 2.5, stock: -7.5, reorder_level: null },
        product_name: "Olive oil",
        start_date: "2024-01-01",
        end_date: "2024-01-21",
        period: "weekly",
        timezone: "Europe/Berlin",
        total_quantity_sold: 7.5,
        total_revenue: 16.75,
        average_unit_price: 2.23,
        sale_count: 3,
        period_breakdown: [
          { period_start: "2024-01-01", quantity: 3.5, revenue: 8.75, sale_count: 2 },
          { period_start: "2024-01-08", quantity: 0, revenue: 0, sale_count: 0 },
          { period_start: "2024-01-15", quantity: 4, revenue: 8, sale_count: 1 },
        ],
      });
    });

    it("a device key → 403; a missing or reversed parameter → 400 naming the field", async () => {
      const query = { product_id: String(product), start_date: "2024-01-01", end_date: "2024-01-21", period: "weekly" };
      expect((await analytics(query, device)).status).toBe(403);

      const missing = await analytics({ ...query, product_id: "" });
      expect(missing.status).toBe(400);
      expect(await json(missing)).toEqual({
        product_id: [expect.any(String)],
        detail: expect.any(String),
        code: "BAD_REQUEST",
        request_id: expect.any(String),
      });

      const reversed = await analytics({ ...query, start_date: "2024-02-01" });
      expect(reversed.status).toBe(400);
      expect(await json(reversed)).toMatchObject({ end_date: [expect.any(String)], code: "BAD_REQUEST" });
    });

    it("another shop's product → 404 PRODUCT_NOT_FOUND", async () => {
      const res = await analytics({ product_id: String(otherShopProduct), start_date: "2024-01-01", end_date: "2024-01-21", period: "daily" });
      expect(res.status).toBe(404);
      expect((await json(res)).code).toBe("PRODUCT_NOT_FOUND");
    });
  });

  describe("bad requests are JSON errors, never 500", () => {
    const post = (body: string | Buffer, contentType = "application/json", key = device) =>
      fetch(`${base}/api/sales/`, { method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${key}` }, body });

    it("malformed JSON, an empty body and invalid UTF-8 → 400 PARSE_ERROR", async () => {
      for (const body of ['{"external_id": ', "", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])]) {
        const res = await post(body);
        expect(res.status).toBe(400);
        expect(await json(res)).toEqual({ code: "PARSE_ERROR", detail: expect.any(String), request_id: res.headers.get("x-request-id") });
      }
    });

    it("missing fields → 400 with each field's errors at the top level, as Django REST Framework lists them", async () => {
      const res = await postSale({});
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({
        external_id: [expect.any(String)],
        items: [expect.any(String)],
        detail: expect.any(String),
        code: "BAD_REQUEST",
        request_id: res.headers.get("x-request-id"),
      });
    });

    it('wrong types → 400 naming each field; strings are read as ids and booleans only in DRF\'s spellings ("5", "false")', async () => {
      const res = await postSale({
        external_id: "not-a-uuid",
        items: [
          { product: "one", quantity: true },
          { product_data: { name: "Basil", is_volatile: "maybe" }, quantity: "-1" },
          { product: rice, product_data: { name: "Both" }, quantity: "1" },
        ],
      });
      expect(res.status).toBe(400);
      const messages = [expect.any(String)];
      // Field errors follow the request's shape: one object per item up to the last invalid one.
      expect(await json(res)).toEqual({
        external_id: messages,
        items: [{ product: messages, quantity: messages }, { product_data: { is_volatile: messages }, quantity: messages }, { product: messages }],
        detail: expect.any(String),
        code: "BAD_REQUEST",
        request_id: res.headers.get("x-request-id"),
      });
    });

    it("a body over 1 MB → 413 PAYLOAD_TOO_LARGE", async () => {
      const res = await postSale({ external_id: randomUUID(), items: [], padding: "x".repeat(MAX_BODY_BYTES) });
      expect(res.status).toBe(413);
      expect((await json(res)).code).toBe("PAYLOAD_TOO_LARGE");
    });

    it("a body that is not JSON → 415", async () => {
      const res = await post("external_id=1", "application/x-www-form-urlencoded");
      expect(res.status).toBe(415);
      expect((await json(res)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    });

    it("no key → 401 NOT_SIGNED_IN with a Bearer challenge; an unknown key → 401 API_KEY_INVALID, saying the key is not valid", async () => {
      const res = await postSale({ external_id: randomUUID(), items: [{ product: rice, quantity: "1" }] }, null);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect((await json(res)).code).toBe("NOT_SIGNED_IN");
      const unknown = await postSale({ external_id: randomUUID(), items: [{ product: rice, quantity: "1" }] }, "tsk_neverIssued");
      expect(unknown.status).toBe(401);
      const body = await json(unknown);
      expect(body.code).toBe("API_KEY_INVALID");
      expect(body.detail).toMatch(/API key is not valid/);
      expect(body.detail).not.toMatch(/send an API key/);
    });

    it("another shop's product → 404 PRODUCT_NOT_FOUND, and nothing is recorded", async () => {
      const external_id = randomUUID();
      const res = await postSale({ external_id, items: [{ product: rice, quantity: "1" }] }, otherShopDevice);
      expect(res.status).toBe(404);
      expect((await json(res)).code).toBe("PRODUCT_NOT_FOUND");
      expect(await db.prisma.sale.count({ where: { externalId: external_id } })).toBe(0);
    });

    it("an unknown path under /api → 404 JSON", async () => {
      const res = await fetch(`${base}/api/refunds/`, { headers: { authorization: `Bearer ${device}` } });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ code: "NOT_FOUND", detail: expect.any(String), request_id: res.headers.get("x-request-id") });
    });

    it("tRPC keeps its own validation: a string id is still rejected there", async () => {
      const input = encodeURIComponent(JSON.stringify({ json: { id: "1" } }));
      const res = await fetch(`${base}/trpc/sale.byId?input=${input}`, { headers: { authorization: `Bearer ${device}` } });
      expect(res.status).toBe(400);
    });
  });

  describe("GET /api/openapi.json", () => {
    it("is public and a valid OpenAPI 3.1 document covering every REST endpoint", async () => {
      const res = await fetch(`${base}/api/openapi.json`);
      expect(res.status).toBe(200);
      const document: OpenAPIV3_1.Document = await json(res);
      expect(document.openapi).toBe("3.1.0");
      // The seed's paths as its clients call them (trailing slash), and without.
      expect(Object.keys(document.paths ?? {}).sort()).toEqual([
        "/api/openapi.json",
        "/api/sales",
        "/api/sales/",
        "/api/sales/analytics",
        "/api/sales/analytics/",
      ]);
      expect(Object.keys(document.paths?.["/api/sales/"]?.post?.responses ?? {}).sort()).toEqual(
        ["200", "201", "400", "401", "403", "404", "405", "413", "415", "422", "429", "500", "503"].sort(),
      );
      expect(document.paths?.["/api/sales/analytics/"]?.get?.parameters?.map((p) => ("name" in p ? p.name : ""))).toEqual([
        "product_id",
        "start_date",
        "end_date",
        "period",
      ]);

      const result = await validate(document);
      expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    });
  });

  it("leaves /api/auth/* to staff sign-in and answers the rest of /api as REST", async () => {
    for (const path of ["/api", "/api/authors", "/api/sales/nothing"]) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${device}` } });
      expect(res.status, path).toBe(404);
      expect(await json(res), path).toMatchObject({ code: "NOT_FOUND", request_id: res.headers.get("x-request-id") });
    }
    const session = await fetch(`${base}/api/auth/get-session`);
    expect(session.status).toBe(200);
    expect(await session.json()).toBeNull();
  });
});
