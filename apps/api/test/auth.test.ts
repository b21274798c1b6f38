// Staff sign-up, sign-in, sessions, invitations and CORS over HTTP, and that no secret
// is stored as given.

import { SESSION_COOKIE } from "@tillsync/auth";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { AUTH_CONFIG, client, cookiesOf, data, listen, stop, WEB_ORIGIN } from "./auth-client";
import { listen as listenWith } from "./server";

const owner = { name: "Olga", email: "olga@corner.example", password: "olga's long password" };

describe("staff authentication over HTTP", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listen(db));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("sign-up creates the shop and its owner and sets an httpOnly SameSite=Lax session cookie", async () => {
    const olga = client(base);
    const res = await olga.auth("/sign-up/shop", { shopName: "Corner shop", timezone: "Europe/Berlin", ...owner });
    expect(res.status, await res.clone().text()).toBe(200);
    const [session] = res.headers.getSetCookie().filter((cookie) => cookie.startsWith("tillsync.session_token="));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);

    expect(await data(await olga.query("shop.current"))).toMatchObject({
      shop: { name: "Corner shop", timezone: "Europe/Berlin" },
      principal: { role: "owner", name: "Olga" },
    });
  });

  it("sign-up with an email that has an account is refused, and no shop is left behind", async () => {
    const shops = await db.prisma.shop.count();
    const res = await client(base).auth("/sign-up/shop", { shopName: "Copycat", ...owner });
    expect(res.status).toBe(409);
    expect(await db.prisma.shop.count()).toBe(shops);
  });

  it("sign-in with the password works, a wrong one does not, and sign-out ends the session", async () => {
    expect((await client(base).auth("/sign-in/email", { email: owner.email, password: "not it at all" })).status).toBe(401);

    const olga = client(base);
    expect((await olga.auth("/sign-in/email", { email: owner.email, password: owner.password })).status).toBe(200);
    expect((await olga.query("staff.list")).status).toBe(200);
    expect((await olga.auth("/sign-out", {})).status).toBe(200);
    expect((await olga.query("staff.list")).status).toBe(401);
  });

  it("an invited cashier accepts with a password, sells, and is refused owner work", async () => {
    const olga = client(base);
    await olga.auth("/sign-in/email", { email: owner.email, password: owner.password });
    const { token } = await data(await olga.mutation("staff.invite", { email: "cass@corner.example", role: "cashier" }));

    const cass = client(base);
    const accepted = await cass.auth("/invite/accept", { token, name: "Cass", password: "cass's long password" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect((await data(await cass.query("shop.current"))).principal).toEqual({ role: "cashier", name: "Cass", userId: expect.any(String) });
    expect((await cass.query("staff.list")).status).toBe(403);
    // Used up: a second acceptance finds nothing.
    expect((await client(base).auth("/invite/accept", { token, name: "Eve", password: "eve's long password" })).status).toBe(404);
  });

  it("a removed member's session stops working at once", async () => {
    const olga = client(base);
    await olga.auth("/sign-in/email", { email: owner.email, password: owner.password });
    const { token } = await data(await olga.mutation("staff.invite", { email: "max@corner.example", role: "manager" }));
    const max = client(base);
    const { userId } = (await (await max.auth("/invite/accept", { token, name: "Max", password: "max's long password" })).json()) as { userId: string };
    expect((await max.query("shop.current")).status).toBe(200);

    expect((await olga.mutation("staff.remove", { userId })).status).toBe(200);
    expect((await max.query("shop.current")).status).toBe(401);
  });

  it("a removed member invited again joins with their existing account's password (issue 19)", async () => {
    const olga = client(base);
    await olga.auth("/sign-in/email", { email: owner.email, password: owner.password });
    const invite = async (email: string, role: string) => (await data(await olga.mutation("staff.invite", { email, role }))).token as string;
    const rita = client(base);
    const first = await rita.auth("/invite/accept", { token: await invite("rita@corner.example", "cashier"), name: "Rita", password: "rita's long password" });
    const { userId } = (await first.json()) as { userId: string };
    expect((await olga.mutation("staff.remove", { userId })).status).toBe(200);

    const again = await invite("Rita@Corner.example", "manager");
    const wrong = await client(base).auth("/invite/accept", { token: again, name: "Rita", password: "not rita's password" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: "INVITE_PASSWORD_WRONG", message: expect.stringMatching(/already has a Tillsync account/) });

    const back = client(base);
    const accepted = await back.auth("/invite/accept", { token: again, name: "Ignored", password: "rita's long password" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    expect(await accepted.json()).toMatchObject({ userId, role: "manager" });
    expect((await data(await back.query("shop.current"))).principal).toEqual({ role: "manager", name: "Rita", userId });
    // The same user, so her past sales stay hers, and she signs in as before.
    expect(await db.prisma.user.count({ where: { email: "rita@corner.example" } })).toBe(1);
    expect((await client(base).auth("/sign-in/email", { email: "rita@corner.example", password: "rita's long password" })).status).toBe(200);
  });

  it("an account that works for another shop is told so when invited, and joins nothing", async () => {
    const other = client(base);
    expect(
      (await other.auth("/sign-up/shop", { shopName: "Other shop", name: "Otto", email: "otto@other.example", password: "otto's long password" })).status,
    ).toBe(200);
    const olga = client(base);
    await olga.auth("/sign-in/email", { email: owner.email, password: owner.password });
    const { token } = await data(await olga.mutation("staff.invite", { email: "otto@other.example", role: "cashier" }));
    const res = await client(base).auth("/invite/accept", { token, name: "Otto", password: "otto's long password" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("ALREADY_IN_A_SHOP");
    expect((await data(await other.query("shop.current"))).principal.role).toBe("owner");
  });

  it("Better Auth's own email sign-up is off: accounts come with a shop or an invitation", async () => {
    const res = await client(base).auth("/sign-up/email", { name: "Drifter", email: "drifter@nowhere.example", password: "a long password" });
    expect(res.status).toBe(400);
    expect(await db.prisma.user.count({ where: { email: "drifter@nowhere.example" } })).toBe(0);
  });

  it("no password or API key is stored as given", async () => {
    const olga = client(base);
    await olga.auth("/sign-in/email", { email: owner.email, password: owner.password });
    const { key } = await data(await olga.mutation("apiKey.create", { name: "pos-01" }));
    expect(key).toMatch(/^tsk_/);

    const secrets = [owner.password, "cass's long password", key, key.slice(4)];
    const tables = await db.prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    for (const { tablename } of tables) {
      const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${tablename}" t`);
      for (const { row } of rows) for (const secret of secrets) expect(row, tablename).not.toContain(secret);
    }
    const hashes = await db.prisma.account.findMany({ select: { password: true } });
    for (const { password } of hashes) expect(password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  });

  describe("CORS", () => {
    const preflight = (origin: string) =>
      fetch(`${base}/trpc/sale.create`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });

    it("lets the web origin in, with credentials", async () => {
      const res = await preflight(WEB_ORIGIN);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      const get = await fetch(`${base}/trpc/shop.current`, { headers: { origin: WEB_ORIGIN } });
      expect(get.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    });

    it("gives any other origin no CORS headers, and Better Auth refuses its cookie-bearing posts", async () => {
      const res = await preflight("http://evil.example");
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const get = await fetch(`${base}/trpc/shop.current`, { headers: { origin: "http://evil.example" } });
      expect(get.headers.get("access-control-allow-origin")).toBeNull();
      const signedIn = await client(base).auth("/sign-in/email", { email: owner.email, password: owner.password });
      const signOut = await fetch(`${base}/api/auth/sign-out`, {
        method: "POST",
        headers: { origin: "http://evil.example", "content-type": "application/json", cookie: cookiesOf(signedIn) },
        body: "{}",
      });
      expect(signOut.status).toBe(403);
    });
  });
});

describe("WEB_ORIGIN as a list", () => {
  const tablet = "http://till.lan:3000";
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listenWith(db, { ...AUTH_CONFIG, WEB_ORIGIN: [WEB_ORIGIN, tablet] }));
    const res = await client(base).auth("/sign-up/shop", { shopName: "Corner shop", ...owner });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  const signIn = (origin: string) =>
    fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    });

  it("every origin on the list may sign in and gets CORS answers", async () => {
    for (const origin of [WEB_ORIGIN, tablet]) {
      const res = await signIn(origin);
      expect(res.status, origin).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), origin).toBe(origin);
    }
  });

  it("a sign-in from an origin not on the list is told which setting lets it in", async () => {
    const res = await signIn("http://192.168.1.20:3000");
    expect(res.status).toBe(403);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe("INVALID_ORIGIN");
    expect(body.message).toContain("This address (http://192.168.1.20:3000) is not allowed to sign in: add it to WEB_ORIGIN");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a sign-in with an Origin that is not a URL is a 403 with the same advice, not a 500", async () => {
    const res = await signIn("shop-pc");
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain("This address (shop-pc) is not allowed to sign in: add it to WEB_ORIGIN");
  });
});

describe("a shop served over https", () => {
  const origin = "https://shop.example";
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listenWith(db, { ...AUTH_CONFIG, WEB_ORIGIN: [origin] }));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("gets Better Auth's __Secure- session cookie, and the API takes it as the staff member's session", async () => {
    const res = await fetch(`${base}/api/auth/sign-up/shop`, {
      method: "POST",
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ shopName: "Corner shop", ...owner }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const [session] = res.headers.getSetCookie().filter((cookie) => cookie.startsWith("__Secure-tillsync.session_token="));
    expect(session).toMatch(/; Secure/i);
    const cookie = cookiesOf(res);

    const current = await fetch(`${base}/trpc/shop.current`, { headers: { origin, cookie } });
    expect(current.status, await current.clone().text()).toBe(200);
    expect(await data(current)).toMatchObject({ principal: { role: "owner", name: "Olga" } });
    // The web app's server reads a page's first data only for a request this matches (apps/web/src/trpc/server.tsx).
    expect(cookie).toMatch(SESSION_COOKIE);
  });
});
