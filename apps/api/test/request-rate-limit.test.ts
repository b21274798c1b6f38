// Rate limits per API key and per signed-in user (rate-limiter-flexible): 429 with
// Retry-After past the budget, served again once the window is over; with REDIS_URL the
// API processes share one budget. Tiny limits here; the defaults are in env.ts.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

import { createApiKey, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { ApiServer } from "../src/server";
import { AUTH_CONFIG, client } from "./auth-client";
import { json, listen, stop } from "./server";

const LIMITS = { RATE_LIMIT_API_KEY: 5, RATE_LIMIT_USER: 3, RATE_LIMIT_WINDOW_SECONDS: 2 };

describe("rate limits per API key and per signed-in user", () => {
  let db: TestDatabase;
  const servers: ApiServer[] = [];
  let keys: string[];

  const start = async (config: Record<string, unknown> = {}, rateLimitPrefix?: string) => {
    const { server, base } = await listen(db, { ...AUTH_CONFIG, ...LIMITS, ...config }, { rateLimitPrefix });
    servers.push(server);
    return base;
  };
  const current = (base: string, key: string) => fetch(`${base}/trpc/shop.current`, { headers: { authorization: `Bearer ${key}` } });

  /** A 429 as the API promises it: typed, with Retry-After and the request id. */
  async function expectLimited(res: Response) {
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(LIMITS.RATE_LIMIT_WINDOW_SECONDS);
    return { body: await json(res), retryAfter };
  }

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    const shop = await createShop(db.prisma, { name: "Corner shop" });
    keys = [];
    for (const name of ["pos-01", "pos-02", "pos-03", "pos-04"]) keys.push((await createApiKey(db.prisma, { shopId: shop.id, name, role: "device" })).key);
  });
  afterAll(async () => {
    for (const server of servers) await stop(server);
    await db?.destroy();
  });

  it("an API key past its budget gets 429 with Retry-After; other keys are unaffected; it recovers after the window", async () => {
    const base = await start();
    const [till, otherTill] = keys as [string, string];
    for (let call = 1; call <= LIMITS.RATE_LIMIT_API_KEY; call++) expect((await current(base, till)).status).toBe(200);

    const limited = await current(base, till);
    const { body, retryAfter } = await expectLimited(limited);
    expect(body.error.json.data).toMatchObject({ code: "TOO_MANY_REQUESTS", requestId: limited.headers.get("x-request-id") });
    expect((await current(base, otherTill)).status).toBe(200);

    // Retry-After is a promise: after it the key is served again.
    await sleep(retryAfter * 1000);
    expect((await current(base, till)).status).toBe(200);
  });

  it("every call of a tRPC batch counts, and REST calls count too", async () => {
    const base = await start();
    const [, , batcher, restClient] = keys as [string, string, string, string];
    const batch = (n: number) => fetch(`${base}/trpc/${Array(n).fill("shop.current").join(",")}?batch=1`, { headers: { authorization: `Bearer ${batcher}` } });
    expect((await batch(LIMITS.RATE_LIMIT_API_KEY)).status).toBe(200);
    await expectLimited(await batch(1));

    const sale = () =>
      fetch(`${base}/api/sales/`, {
        method: "POST",
        headers: { authorization: `Bearer ${restClient}`, "content-type": "application/json" },
        body: JSON.stringify({ external_id: randomUUID(), items: [{ product_data: { name: "Tea", is_volatile: true, unit_price: "1.00" }, quantity: "1" }] }),
      });
    for (let call = 1; call <= LIMITS.RATE_LIMIT_API_KEY; call++) expect((await sale()).status).toBe(201);
    const limited = await sale();
    const { body } = await expectLimited(limited);
    expect(body).toEqual({ code: "TOO_MANY_REQUESTS", detail: expect.any(String), request_id: limited.headers.get("x-request-id") });
  });

  it("a signed-in staff member has a budget of their own", async () => {
    const base = await start();
    const owner = client(base);
    const signUp = await owner.auth("/sign-up/shop", {
      shopName: "Staffed shop",
      name: "Olga",
      email: "olga@limits.example",
      password: "olga's long password",
    });
    expect(signUp.status).toBe(200);
    for (let call = 1; call <= LIMITS.RATE_LIMIT_USER; call++) expect((await owner.query("shop.current")).status).toBe(200);
    await expectLimited(await owner.query("shop.current"));
  });

  it("with REDIS_URL, API processes share one budget per key", async () => {
    // A prefix of this run's own, so parallel runs on the same Redis never share counters.
    const prefix = `tillsync-test:${randomUUID()}`;
    const redis = { REDIS_URL: "redis://127.0.0.1:6379" };
    const [first, second] = [await start(redis, prefix), await start(redis, prefix)];
    for (const base of [first, second]) {
      await vi.waitFor(async () => expect((await json(await fetch(`${base}/readyz`))).rateLimits).toBe("redis"), { timeout: 5_000 });
    }
    const till = keys[1]!;
    for (let call = 1; call <= LIMITS.RATE_LIMIT_API_KEY; call++) expect((await current(call % 2 ? first : second, till)).status).toBe(200);
    await expectLimited(await current(first, till));
    await expectLimited(await current(second, till));
  });
});
