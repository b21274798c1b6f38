// A client generated from /api/openapi.json as an integrator makes one (openapi-typescript
// types in test/generated/rest-api.d.ts + openapi-fetch), running the seed's flows against a
// real server (issue 20): this file type-checks against the generated types in `pnpm test`
// (apps/api's typecheck), so a document that stops describing the answers breaks the build.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import type { paths } from "./generated/rest-api";
import { generateRestClientTypes, REST_CLIENT_TYPES_FILE } from "./rest-client-types";
import { listen, stop } from "./server";

describe("a client generated from the OpenAPI document (openapi-typescript + openapi-fetch)", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let till: ReturnType<typeof createClient<paths>>;
  let office: ReturnType<typeof createClient<paths>>;
  let rice: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    let base: string;
    ({ server, base } = await listen(db));
    const shop = await createShop(db.prisma, { name: "Corner shop", timezone: "Europe/Berlin" });
    const device = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
    const manager = (await createApiKey(db.prisma, { shopId: shop.id, name: "reports", role: "manager" })).key;
    rice = (await createProduct(db.prisma, { shopId: shop.id }, { name: "Rice 1 kg", isVolatile: false, unitPrice: "2.00", initialStock: "100" })).id;
    till = createClient<paths>({ baseUrl: base, headers: { authorization: `Bearer ${device}` } });
    office = createClient<paths>({ baseUrl: base, headers: { authorization: `Token ${manager}` } });
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("the committed types are what openapi-typescript makes of the document today", async () => {
    expect(readFileSync(REST_CLIENT_TYPES_FILE, "utf8"), "run: pnpm --filter @tillsync/api-server generate:rest-client").toBe(await generateRestClientTypes());
  });

  it("create → 201, replay → 200 with the same sale, a changed payload → 422 naming the stored sale", async () => {
    const sale = {
      external_id: randomUUID(),
      source_device: "mobile-app-v1.2",
      client_timestamp: "2024-03-06T14:30:00Z",
      items: [
        { product: rice, quantity: "0.5", unit_price: "2.00" },
        { product_data: { name: "Basil", is_volatile: true, unit_price: "1.50" }, quantity: "1", unit_price: "1.50" },
      ],
    };
    const created = await till.POST("/api/sales/", { body: sale });
    expect(created.response.status).toBe(201);
    expect(created.data?.total).toBe("2.50");

    const replay = await till.POST("/api/sales/", { body: sale });
    expect(replay.response.status).toBe(200);
    expect(replay.data?.id).toBe(created.data?.id);

    const changed = await till.POST("/api/sales/", { body: { ...sale, items: [{ product: rice, quantity: "2" }] } });
    expect(changed.response.status).toBe(422);
    const error = changed.error;
    // Read as docs/api.md says: `code` tells the case, stored_sale_id names the sale.
    if (error?.code !== "IDEMPOTENCY_KEY_REUSED") throw new Error(`expected IDEMPOTENCY_KEY_REUSED, got ${JSON.stringify(error)}`);
    const storedSaleId: number = error.stored_sale_id;
    expect(storedSaleId).toBe(created.data?.id);
    expect(error.detail).toMatch(/already used/);
    expect(error.request_id).toBe(changed.response.headers.get("x-request-id"));
  });

  it("invalid input → 400 with the field errors where DRF puts them", async () => {
    const bad = await till.POST("/api/sales/", {
      body: {
        external_id: randomUUID(),
        items: [
          { product: rice, quantity: "1" },
          { product: rice, quantity: "-1" },
        ],
      },
    });
    expect(bad.response.status).toBe(400);
    const error = bad.error;
    if (error?.code !== "BAD_REQUEST") throw new Error(`expected BAD_REQUEST, got ${JSON.stringify(error)}`);
    expect(error.detail).toEqual(expect.any(String));
    expect(error.items).toEqual([{}, { quantity: [expect.any(String)] }]);
  });

  it.each([
    ["weekly", ["2024-03-04"]],
    ["daily", ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-09", "2024-03-10"]],
    ["monthly", ["2024-03-01"]],
  ] as const)("analytics %s: the seed's shape, figures as numbers", async (period, starts) => {
    const res = await office.GET("/api/sales/analytics/", {
      params: { query: { product_id: rice, start_date: "2024-03-04", end_date: "2024-03-10", period } },
    });
    expect(res.response.status).toBe(200);
    const report = res.data!;
    const revenue: number = report.total_revenue;
    // A seed client adds figures as numbers (strings would concatenate to "1.001.00").
    expect(revenue + report.total_revenue).toBe(2);
    expect(report.product).toMatchObject({ id: rice, name: "Rice 1 kg", is_volatile: false, unit_price: 2 });
    expect(report.period_breakdown.map((row) => row.period_start)).toEqual(starts);
    expect(report.period_breakdown.reduce((sum, row) => sum + row.quantity, 0)).toBe(0.5);
  });

  it("a device key reading analytics → 403, read from the typed error", async () => {
    const res = await till.GET("/api/sales/analytics/", {
      params: { query: { product_id: rice, start_date: "2024-03-04", end_date: "2024-03-10", period: "daily" } },
    });
    expect(res.response.status).toBe(403);
    expect(res.error?.code).toBe("FORBIDDEN");
  });
});
