// Failed authentication (issue 19, DESIGN.md §10): limited per client address with 429 and
// Retry-After, junk API keys cost the database at most the budget's lookups, the tills of a
// shop behind that same address keep selling, and the counters are shared through Redis.
// Wrong credentials are told apart from none; cookie-authenticated changes from another
// origin are refused (CSRF).
import { randomBytes, randomUUID } from "node:crypto";

import { createApiKey, createProduct, createShop, revokeApiKey } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import type { ApiServer } from "../src/server";
import { AUTH_CONFIG, client, cookiesOf, WEB_ORIGIN } from "./auth-client";
import { json, listen, stop } from "./server";

const FAILED_AUTH = 30;
// A window longer than any run of the flood (PGlite on a busy machine takes over a minute), so the count is exact.
const LIMITS = { RATE_LIMIT_FAILED_AUTH: FAILED_AUTH, RATE_LIMIT_WINDOW_SECONDS: 600 };
const REDIS = { REDIS_URL: "redis://127.0.0.1:6379" };

/** A key in the format Tillsync issues that nobody issued. */
const randomKey = () => `tsk_${randomBytes(32).toString("base64url")}`;

describe("failed authentication", () => {
  let db: TestDatabase;
  const servers: ApiServer[] = [];
  let shopId: number;
  let productId: number;

  const start = async (config: Record<string, unknown> = {}, rateLimitPrefix = `tillsync-test:${randomUUID()}`) => {
    const { server, base } = await listen(db, { ...AUTH_CONFIG, ...LIMITS, ...config }, { rateLimitPrefix });
    servers.push(server);
    if (config.REDIS_URL) await vi.waitFor(async () => expect((await json(await fetch(`${base}/readyz`))).rateLimits).toBe("redis"), { timeout: 5_000 });
    return base;
  };
  const current = (base: string, key: string) => fetch(`${base}/trpc/shop.current`, { headers: { authorization: `Bearer ${key}` } });
  const sell = (base: string, key: string) =>
    fetch(`${base}/trpc/sale.create`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { externalId: randomUUID(), items: [{ productId, quantity: "1" }] } }),
    });
  const appCodeOf = async (res: Response) => (await json(res)).error.json.data.appCode as string | null;

  /**
   * Key lookups as the database counts them: a statement-level trigger on api_key fires
   * once per UPDATE statement, and authenticateApiKey's lookup is one (it records the key's
   * use), whether or not a row matched. Nothing in the API's code path is replaced.
   */
  const lookups = async () => Number((await db.prisma.$queryRawUnsafe<{ n: bigint }[]>("SELECT n FROM test_key_lookups"))[0]!.n);

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 8 });
    for (const statement of [
      "CREATE TABLE test_key_lookups (n bigint NOT NULL)",
      "INSERT INTO test_key_lookups VALUES (0)",
      "CREATE FUNCTION test_count_key_lookup() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE test_key_lookups SET n = n + 1; RETURN NULL; END $$",
      "CREATE TRIGGER test_count_key_lookup AFTER UPDATE ON api_key FOR EACH STATEMENT EXECUTE FUNCTION test_count_key_lookup()",
    ])
      await db.prisma.$executeRawUnsafe(statement);
    ({ id: shopId } = await createShop(db.prisma, { name: "Corner shop" }));
    ({ id: productId } = await createProduct(db.prisma, { shopId, userId: null, apiKeyId: null }, { name: "Tea", unitPrice: "1.00", isVolatile: false }));
  });
  afterAll(async () => {
    for (const server of servers) await stop(server);
    await db?.destroy();
  });

  describe.each([
    ["in memory (no REDIS_URL)", {}],
    ["in Redis", REDIS],
  ])("counted %s", (_store, store) => {
    it("5,000 requests with random keys from one address → 429 after the limit, under 100 key lookups; the shop's 5 tills there keep selling", async () => {
      const base = await start(store);
      const tills = await Promise.all(
        ["pos-01", "pos-02", "pos-03", "pos-04", "pos-05"].map(async (name) => (await createApiKey(db.prisma, { shopId, name, role: "device" })).key),
      );
      for (const till of tills) expect((await sell(base, till)).status).toBe(200);
      const lookupsBefore = await lookups();

      const statuses = new Map<number, number>();
      let tillSales = 0;
      let sent = 0;
      const flood = async () => {
        while (sent < 5_000) {
          sent++;
          const res = await current(base, randomKey());
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
          await res.arrayBuffer();
        }
      };
      const tillsSelling = async (till: string) => {
        while (sent < 5_000) {
          const res = await sell(base, till);
          expect(res.status, await res.clone().text()).toBe(200);
          tillSales++;
        }
      };
      await Promise.all([...Array.from({ length: 20 }, flood), ...tills.map(tillsSelling)]);

      expect(statuses.get(401)).toBe(FAILED_AUTH);
      expect(statuses.get(429)).toBe(5_000 - FAILED_AUTH);
      expect(tillSales).toBeGreaterThanOrEqual(tills.length);
      expect(await lookups()).toBeLessThan(lookupsBefore + 100);
      // Still refused at the end: the limit holds for the window, and a valid till is still served.
      expect((await current(base, randomKey())).status).toBe(429);
      expect((await sell(base, tills[0]!)).status).toBe(200);
    });
  });

  it("with REDIS_URL, two API processes share one failed-authentication budget per address", async () => {
    const prefix = `tillsync-test:${randomUUID()}`;
    const [first, second] = [await start(REDIS, prefix), await start(REDIS, prefix)];
    for (let attempt = 1; attempt <= FAILED_AUTH; attempt++) expect((await current(attempt % 2 ? first : second, randomKey())).status).toBe(401);
    expect((await current(first, randomKey())).status).toBe(429);
    expect((await current(second, randomKey())).status).toBe(429);
  });

  it("the same unknown key again costs no lookup; a revoked key is refused at once, even one the address used before", async () => {
    const base = await start();
    const junk = randomKey();
    expect((await current(base, junk)).status).toBe(401);
    const afterFirst = await lookups();
    for (let attempt = 0; attempt < 5; attempt++) expect(await appCodeOf(await current(base, junk))).toBe("API_KEY_INVALID");
    expect(await lookups()).toBe(afterFirst);

    const { id, key } = await createApiKey(db.prisma, { shopId, name: "pos-revoked", role: "device" });
    expect((await current(base, key)).status).toBe(200);
    await revokeApiKey(db.prisma, shopId, id);
    const revoked = await current(base, key);
    expect(revoked.status).toBe(401);
    expect(await appCodeOf(revoked)).toBe("API_KEY_INVALID");
  });

  it("says what was wrong: no credentials, a key that is not valid, a session that ended", async () => {
    const base = await start();
    const none = await fetch(`${base}/trpc/shop.current`);
    expect(none.status).toBe(401);
    const noneBody = (await json(none)).error.json;
    expect(noneBody.data.appCode).toBe("NOT_SIGNED_IN");
    expect(noneBody.message).toBe("Sign in or send an API key.");

    const wrong = (await json(await current(base, randomKey()))).error.json;
    expect(wrong.data).toMatchObject({ code: "UNAUTHORIZED", appCode: "API_KEY_INVALID" });
    expect(wrong.message).toMatch(/API key is not valid/);

    const owner = client(base);
    expect(
      (await owner.auth("/sign-up/shop", { shopName: "Ended", name: "Eve", email: `eve-${randomUUID()}@example.com`, password: "eve's long password" })).status,
    ).toBe(200);
    const signedIn = await owner.query("shop.current");
    expect(signedIn.status).toBe(200);
    await owner.auth("/sign-out", {});
    const ended = await owner.query("shop.current");
    expect(ended.status).toBe(401);
    expect(await appCodeOf(ended)).toBe("SESSION_EXPIRED");
  });

  describe("CSRF: changes made with the staff cookie", () => {
    let base: string;
    let cookie: string;
    beforeAll(async () => {
      base = await start();
      const signUp = await client(base).auth("/sign-up/shop", {
        shopName: "Forgery target",
        name: "Fran",
        email: `fran-${randomUUID()}@example.com`,
        password: "fran's long password",
      });
      expect(signUp.status).toBe(200);
      cookie = cookiesOf(signUp);
    });
    const createProductWith = (headers: Record<string, string>, body = JSON.stringify({ json: { name: `Forged ${randomUUID()}` } })) =>
      fetch(`${base}/trpc/product.create`, { method: "POST", headers: { cookie, "content-type": "application/json", ...headers }, body });

    it("from another origin → 403 CROSS_ORIGIN_REQUEST, nothing written", async () => {
      const before = await db.prisma.product.count();
      const forged = await createProductWith({ origin: "http://evil.example" });
      expect(forged.status).toBe(403);
      expect(await appCodeOf(forged)).toBe("CROSS_ORIGIN_REQUEST");
      // An HTML form on another site (enctype="text/plain", so its body reads as JSON) posts
      // with the cookie: SameSite=Lax lets a same-site one through, another port on the same host.
      // tRPC reads JSON bodies only, so it is refused before anyone is authenticated (415).
      const form = await createProductWith({ origin: "http://evil.example", "content-type": "text/plain" });
      expect([403, 415]).toContain(form.status);
      // Without Origin, the browser's Sec-Fetch-Site decides.
      const crossSite = await createProductWith({ "sec-fetch-site": "cross-site" });
      expect(crossSite.status).toBe(403);
      const rest = await fetch(`${base}/api/sales/`, {
        method: "POST",
        headers: { cookie, origin: "http://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ external_id: randomUUID(), items: [{ product_data: { name: "Tea", is_volatile: true, unit_price: "1.00" }, quantity: "1" }] }),
      });
      expect(rest.status).toBe(403);
      expect((await json(rest)).code).toBe("CROSS_ORIGIN_REQUEST");
      expect(await db.prisma.product.count()).toBe(before);
    });

    it("from the admin app's origin → served; reads and API keys are not checked", async () => {
      expect((await createProductWith({ origin: WEB_ORIGIN })).status).toBe(200);
      expect((await createProductWith({ "sec-fetch-site": "same-origin" })).status).toBe(200);
      expect((await fetch(`${base}/trpc/shop.current`, { headers: { cookie, origin: "http://evil.example" } })).status).toBe(200);
      const { key } = await createApiKey(db.prisma, { shopId, name: "tool", role: "manager" });
      const withKey = await fetch(`${base}/trpc/product.create`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, origin: "http://evil.example", "content-type": "application/json" },
        body: JSON.stringify({ json: { name: `Keyed ${randomUUID()}` } }),
      });
      expect(withKey.status).toBe(200);
    });
  });
});
