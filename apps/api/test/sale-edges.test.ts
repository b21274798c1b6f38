// Issue 15 over HTTP: a till's clock as it really arrives, and the stored sale named in
// IDEMPOTENCY_KEY_REUSED answers, on REST (/api/sales/) and tRPC (/trpc), as clients see them.
import { randomUUID } from "node:crypto";

import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { json, listen, stop } from "./server";

describe("sales at the edges over HTTP", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  let key: string;
  let managerKey: string;
  let rice: number;

  const headers = () => ({ "content-type": "application/json", authorization: `Bearer ${key}` });
  const postRest = (body: unknown) => fetch(`${base}/api/sales/`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  const postTrpc = (path: string, input: unknown) =>
    fetch(`${base}/trpc/${path}`, { method: "POST", headers: headers(), body: JSON.stringify({ json: input }) });
  const restSale = (client_timestamp: string, extra: object = {}) => ({
    external_id: randomUUID(),
    client_timestamp,
    items: [{ product: rice, quantity: "1" }],
    ...extra,
  });
  const trpcSale = (clientTimestamp: string, extra: object = {}) => ({
    externalId: randomUUID(),
    clientTimestamp,
    items: [{ productId: rice, quantity: "1" }],
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listen(db));
    const shop = await createShop(db.prisma, { name: "Corner shop", timezone: "America/New_York" });
    key = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
    managerKey = (await createApiKey(db.prisma, { shopId: shop.id, name: "back-office", role: "manager" })).key;
    rice = (await createProduct(db.prisma, { shopId: shop.id }, { name: "Rice", isVolatile: false, unitPrice: "3.00", initialStock: "100" })).id;
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  const spellings: [string, string, boolean][] = [
    ["2026-01-31T14:30:00", "2026-01-31T19:30:00.000Z", true],
    ["2026-01-31 14:30:00Z", "2026-01-31T14:30:00.000Z", false],
    ["2026-01-31T14:30Z", "2026-01-31T14:30:00.000Z", false],
    ["2026-01-31T14:30:00-0500", "2026-01-31T19:30:00.000Z", false],
  ];

  it("REST records each clock spelling of §7 (201), a naive one in the shop's time zone", async () => {
    for (const [spelling, iso, local] of spellings) {
      const res = await postRest(restSale(spelling));
      const body = await json(res);
      expect(res.status, `${spelling}: ${JSON.stringify(body)}`).toBe(201);
      expect(body).toMatchObject({ client_timestamp: iso, occurred_at: iso, client_clock: spelling, clock_assumed_local: local, clock_adjusted: false });
    }
  });

  it("tRPC records each clock spelling of §7", async () => {
    for (const [spelling, iso, local] of spellings) {
      const res = await postTrpc("sale.create", trpcSale(spelling));
      const body = await json(res);
      expect(res.status, `${spelling}: ${JSON.stringify(body)}`).toBe(200);
      expect(body.result.data.json.sale).toMatchObject({ clientTimestamp: iso, occurredAt: iso, clockAssumedLocal: local });
    }
  });

  it("records a year-0 clock with occurred_at = synced_at (was a 500), on REST and tRPC", async () => {
    for (const spelling of ["0000-06-15T12:00:00Z", "0001-01-01T00:30:00+01:00"]) {
      const rest = await postRest(restSale(spelling));
      const body = await json(rest);
      expect(rest.status, JSON.stringify(body)).toBe(201);
      expect(body).toMatchObject({ client_timestamp: null, client_clock: spelling, clock_adjusted: true });
      expect(body.occurred_at).toBe(body.synced_at);
      const trpc = await postTrpc("sale.create", trpcSale(spelling));
      expect(trpc.status).toBe(200);
      expect((await json(trpc)).result.data.json.sale).toMatchObject({ clockAdjusted: true, clientClock: spelling });
    }
    const sync = await postTrpc("sale.sync", { sales: [trpcSale("2026-01-31T14:30:00Z"), trpcSale("0000-06-15T12:00:00Z"), trpcSale("2026-01-31T14:30:00Z")] });
    expect(sync.status).toBe(200);
    expect((await json(sync)).result.data.json.results.map((r: { status: string }) => r.status)).toEqual(["created", "created", "created"]);
  });

  it("refuses text that is no clock with a 400 naming the field", async () => {
    const res = await postRest(restSale("31.01.2026 14:30"));
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ client_timestamp: [expect.any(String)], code: "BAD_REQUEST" });
  });

  it("names the stored sale in IDEMPOTENCY_KEY_REUSED: REST stored_sale_id, tRPC error.data.storedSaleId", async () => {
    const body = restSale("2026-01-31T14:30:00Z", { source_device: "mobile-app-v1.2" });
    const created = await json(await postRest(body));
    // Only the app's version changed: the same sale (was a 422).
    const upgraded = await postRest({ ...body, source_device: "mobile-app-v1.3" });
    expect(upgraded.status).toBe(200);
    expect((await json(upgraded)).id).toBe(created.id);

    const reused = await postRest({ ...body, items: [{ product: rice, quantity: "2" }] });
    expect(reused.status).toBe(422);
    expect(await json(reused)).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", stored_sale_id: created.id });

    const trpc = await postTrpc("sale.create", {
      externalId: body.external_id,
      clientTimestamp: body.client_timestamp,
      items: [{ productId: rice, quantity: "3" }],
    });
    expect(trpc.status).toBe(422);
    expect((await json(trpc)).error.json.data).toMatchObject({ appCode: "IDEMPOTENCY_KEY_REUSED", storedSaleId: created.id });
  });

  it("keeps a discarded payload with any keys, and lists it back over tRPC (superjson refuses some keys in objects it sends)", async () => {
    const manager = { "content-type": "application/json", authorization: `Bearer ${managerKey}` };
    const externalId = randomUUID();
    const payload = `{"externalId":"${externalId}","constructor":{"prototype":1},"__proto__":{"x":1},"note":"a\\u0000b"}`;
    const body = `{"json":{"externalId":"${externalId}","reason":"Never sold","sale":${payload}}}`;
    const discarded = await fetch(`${base}/trpc/sale.discardRejected`, { method: "POST", headers: manager, body });
    expect(discarded.status, await discarded.clone().text()).toBe(200);
    const list = await fetch(`${base}/trpc/sale.discardedList?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: manager });
    expect(list.status, await list.clone().text()).toBe(200);
    const [item] = (await json(list)).result.data.json.items;
    // The body parser drops "__proto__" keys before anything else sees them.
    expect(JSON.parse(item.payload)).toEqual({ externalId, constructor: { prototype: 1 }, note: "a\u0000b" });
  });
});
