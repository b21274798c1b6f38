// Failed sign-ins are rate limited (Better Auth's limiter, 20 per minute per client), with
// counters in the database, shared by every API process (DESIGN.md §10).

import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { client, listen, stop, WEB_ORIGIN } from "./auth-client";

const owner = { name: "Olga", email: "olga@corner.example", password: "olga's long password" };

describe("sign-in rate limit", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    // As behind the web app's proxy on this host: the proxy's X-Forwarded-For names the client.
    ({ server, base } = await listen(db, ["127.0.0.1/32"]));
    expect((await client(base).auth("/sign-up/shop", { shopName: "Corner shop", ...owner })).status).toBe(200);
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  const signIn = (clientIp: string, password: string, at = base) =>
    fetch(`${at}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: WEB_ORIGIN, "content-type": "application/json", "x-forwarded-for": clientIp },
      body: JSON.stringify({ email: owner.email, password }),
    });

  it("20 wrong passwords in a minute → every further attempt gets 429, even the right password", async () => {
    for (let attempt = 1; attempt <= 20; attempt++) expect((await signIn("203.0.113.7", `wrong ${attempt}`)).status).toBe(401);

    const blocked = await signIn("203.0.113.7", "wrong 21");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(50);
    expect((await signIn("203.0.113.7", owner.password)).status).toBe(429);
  });

  it("another client is not locked out by someone else's guessing", async () => {
    expect((await signIn("198.51.100.4", owner.password)).status).toBe(200);
  });

  it("clients the API trusts as proxies themselves (every hop trusted) are counted one by one, as the API's own limits count them", async () => {
    // An office network listed in TRUSTED_PROXIES: Fastify resolves each request to its own
    // address there; Better Auth resolving the chain itself found none and put them in one bucket.
    const office = await listen(db, ["127.0.0.1/32", "10.0.0.0/8"]);
    try {
      for (let attempt = 1; attempt <= 20; attempt++) expect((await signIn("10.0.0.5", `wrong ${attempt}`, office.base)).status).toBe(401);
      expect((await signIn("10.0.0.5", "wrong 21", office.base)).status).toBe(429);
      expect((await signIn("10.0.0.6", owner.password, office.base)).status).toBe(200);
    } finally {
      await stop(office.server);
    }
  });

  it("two API processes on one database share the budget: guesses spread over both are cut off on both", async () => {
    const second = await listen(db, ["127.0.0.1/32"]);
    try {
      for (let attempt = 1; attempt <= 20; attempt++)
        expect((await signIn("192.0.2.9", `wrong ${attempt}`, attempt % 2 ? base : second.base)).status).toBe(401);
      expect((await signIn("192.0.2.9", "wrong 21", base)).status).toBe(429);
      expect((await signIn("192.0.2.9", "wrong 22", second.base)).status).toBe(429);
    } finally {
      await stop(second.server);
    }
  });
});
