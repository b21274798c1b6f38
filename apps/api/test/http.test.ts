// The HTTP surface of createServer on a real database: probes, authentication, the body
// limit, and that every error is JSON without a stack trace.

import { createApiKey, createShop, revokeApiKey } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { MAX_BODY_BYTES } from "../src/http/body";
import { json, listen, stop } from "./server";

const trpcCode = (body: any) => body.error.json.data.code;

describe("API server over HTTP", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  let key: string;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listen(db));
    const shop = await createShop(db.prisma, { name: "Corner shop" });
    key = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("/healthz answers 200 while the process is up", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });

  it("/readyz answers 200 when the database is reachable and migrated", async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "ready", pendingMigrations: 0 });
  });

  it("a procedure called with a valid API key answers as that key's shop", async () => {
    const res = await fetch(`${base}/trpc/shop.current`, { headers: bearer(key) });
    expect(res.status).toBe(200);
    expect((await json(res)).result.data.json).toMatchObject({ shop: { name: "Corner shop" }, principal: { role: "device", name: "pos-01" } });
  });

  it("no API key → 401 UNAUTHORIZED", async () => {
    const res = await fetch(`${base}/trpc/shop.current`);
    expect(res.status).toBe(401);
    expect(trpcCode(await json(res))).toBe("UNAUTHORIZED");
  });

  it.each([
    ["an unknown key", "Bearer tsk_thisKeyWasNeverIssuedByTheServer000000000"],
    ["a key that is not a Tillsync key", "Bearer abc"],
    ["another auth scheme", "Basic cG9zOnNlY3JldA=="],
  ])("%s → 401 UNAUTHORIZED", async (_, authorization) => {
    const res = await fetch(`${base}/trpc/shop.current`, { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(trpcCode(await json(res))).toBe("UNAUTHORIZED");
  });

  it("a revoked key → 401 UNAUTHORIZED", async () => {
    const shop = await createShop(db.prisma, { name: "Closed shop" });
    const revoked = await createApiKey(db.prisma, { shopId: shop.id, name: "old-till", role: "device" });
    await revokeApiKey(db.prisma, shop.id, revoked.id);
    const res = await fetch(`${base}/trpc/shop.current`, { headers: bearer(revoked.key) });
    expect(res.status).toBe(401);
  });

  it("a body over 1 MB → 413 PAYLOAD_TOO_LARGE as JSON", async () => {
    const body = JSON.stringify({ json: { padding: "x".repeat(MAX_BODY_BYTES) } });
    const res = await fetch(`${base}/trpc/sale.create`, { method: "POST", headers: { ...bearer(key), "content-type": "application/json" }, body });
    expect(res.status).toBe(413);
    expect(trpcCode(await json(res))).toBe("PAYLOAD_TOO_LARGE");
  });

  it("malformed JSON to a mutation → 400, not 500", async () => {
    const res = await fetch(`${base}/trpc/sale.create`, {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: '{"json": {',
    });
    expect(res.status).toBe(400);
    expect(trpcCode(await json(res))).toBe("BAD_REQUEST");
  });

  it("invalid input → 400 with zod's flattened issues", async () => {
    const res = await fetch(`${base}/trpc/sale.create`, {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify({ json: { externalId: "not-a-uuid", items: [] } }),
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(trpcCode(body)).toBe("BAD_REQUEST");
    expect(Object.keys(body.error.json.data.zodError.fieldErrors)).toEqual(expect.arrayContaining(["externalId", "items"]));
  });

  it("invalid input deep in a list → each issue with its full path, not only the top-level key", async () => {
    const line = { product: { name: "Tea", isVolatile: true, unitPrice: "1.00" }, quantity: "1" };
    const res = await fetch(`${base}/trpc/sale.create`, {
      method: "POST",
      headers: { ...bearer(key), "content-type": "application/json" },
      body: JSON.stringify({ json: { externalId: crypto.randomUUID(), items: [line, line, { ...line, quantity: "lots" }] } }),
    });
    expect(res.status).toBe(400);
    const { data } = (await json(res)).error.json;
    expect(data.issues).toEqual([{ path: "items.2.quantity", message: expect.any(String) }]);
    expect(Object.keys(data.zodError.fieldErrors)).toEqual(["items"]);
  });

  it("a batch whose path names 600 procedures is answered by tRPC (no router limit below Node's own)", async () => {
    const paths = Array(600).fill("shop.current").join(",");
    const res = await fetch(`${base}/trpc/${paths}?batch=1&input=${encodeURIComponent("{}")}`, { headers: bearer(key) });
    expect(res.status).toBe(200);
    expect(await json(res)).toHaveLength(600);
  });

  it("a POST whose request line is past Node's 16 KB header limit → a JSON refusal with Connection: close, not a reset", async () => {
    const paths = Array(2_000).fill("sale.create").join(",").slice(0, 20_000);
    const body = JSON.stringify({ 0: { json: { padding: "x".repeat(60_000) } } });
    const res = await fetch(`${base}/trpc/${paths}?batch=1`, { method: "POST", headers: { ...bearer(key), "content-type": "application/json" }, body });
    // Node's parser says 431 for oversized headers and 400 for some other overflows.
    expect([400, 431]).toContain(res.status);
    expect((await json(res)).error.code).toMatch(/^(BAD_REQUEST|REQUEST_HEADER_FIELDS_TOO_LARGE)$/);
  });

  it("an unknown path → 404 JSON", async () => {
    const res = await fetch(`${base}/admin`);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: "NOT_FOUND", message: "Nothing at /admin", requestId: res.headers.get("x-request-id") } });
  });

  it("an unknown procedure → 404 JSON", async () => {
    const res = await fetch(`${base}/trpc/sale.teleport`, { headers: bearer(key) });
    expect(res.status).toBe(404);
    expect(trpcCode(await json(res))).toBe("NOT_FOUND");
  });

  it("a probe called with POST → 405", async () => {
    const res = await fetch(`${base}/healthz`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    expect((await json(res)).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("API server on a database without its migrations", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    ({ server, base } = await listen(db));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("/readyz answers 503 and says migrations are pending", async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    const body = await json(res);
    expect(body.status).toBe("migrations pending");
    expect(body.pendingMigrations).toBeGreaterThan(0);
  });

  it("a database failure → 500 with a generic message and no stack", async () => {
    // Authenticating queries the api_key table, which does not exist yet.
    const res = await fetch(`${base}/trpc/shop.current`, { headers: { authorization: "Bearer tsk_someKeyThatLooksRealEnough0000000000000000" } });
    expect(res.status).toBe(500);
    const body = await json(res);
    expect(body.error.json.message).toBe("Internal server error");
  });
});
