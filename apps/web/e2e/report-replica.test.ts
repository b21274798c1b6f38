// Reports read on a streaming standby (DESIGN.md §10, docs/scaling.md "Reads from a standby"),
// as staff see them: a PostgreSQL primary and a hot standby of it (pg_basebackup) of this file's
// own, an API process with DATABASE_URL on the primary and DATABASE_READ_URL on the standby, and
// the suite's built admin app in Chromium with its /trpc and /api requests sent to that API. The
// sales page and the dashboard show nothing while the standby keeps up; with replay paused
// (pg_wal_replay_pause) beyond READ_REPLICA_MAX_LAG_SECONDS they say "Data as of <instant in the
// shop's time zone>" and lack the newest sale; with the standby stopped they read the primary.
import { tz } from "@date-fns/tz";
import { createDatabase } from "@tillsync/db";
import { freePort, startPostgres, startStandby, spawnGroup, stopGroup, waitForOk, type PostgresCluster, type Started } from "@tillsync/testing";
import { format } from "date-fns";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, trpc, uniqueEmail } from "./harness";
import { repoDir } from "./paths";

/** Seconds behind the primary past which the pages say "Data as of …" (the API's setting, 30 s by default). */
const MAX_LAG_SECONDS = 1;

interface Freshness {
  source: "primary" | "standby";
  dataAsOf: string;
  lagSeconds: number;
  stale: boolean;
}

describe("reports on a standby: Data as of …", () => {
  let primary: PostgresCluster | undefined;
  let standby: PostgresCluster | undefined;
  let api: Started | undefined;
  let apiUrl: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let productId: number;

  beforeAll(async () => {
    primary = await startPostgres();
    await primary.sql("CREATE DATABASE tillsync");
    const db = createDatabase({ url: primary.url("tillsync"), poolSize: 1 });
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
    standby = await startStandby(primary);
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = spawnGroup("pnpm", ["-s", "tillsync", "serve"], {
      cwd: repoDir,
      env: {
        ...process.env,
        DATABASE_URL: primary.url("tillsync"),
        DATABASE_READ_URL: standby.url("tillsync"),
        READ_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
        PORT: String(port),
        HOST: "127.0.0.1",
        WEB_ORIGIN: baseUrl(),
        DB_POOL_SIZE: "3",
        LOG_LEVEL: "warn",
      },
    });
    await waitForOk(`${apiUrl}/readyz`, api);

    browser = await launchBrowser();
    context = await browser.newContext();
    // The app's API calls go to this file's API (the suite's own reads no standby). Cookies
    // belong to the host, not the port, so its sign-in cookie reaches the app's pages too.
    await context.route(
      (url) => url.origin === baseUrl() && /^\/(trpc|api)\//.test(url.pathname),
      async (route) => {
        const url = new URL(route.request().url());
        await route.fulfill({ response: await route.fetch({ url: `${apiUrl}${url.pathname}${url.search}` }) });
      },
    );
    const signUp = await context.request.post(`${apiUrl}/api/auth/sign-up/shop`, {
      headers: { origin: baseUrl() },
      data: {
        email: uniqueEmail("owner"),
        password: "correct-horse-battery",
        shopName: "Standby Deli",
        timezone: "America/New_York",
        currency: "EUR",
        name: "Olivia Owner",
      },
    });
    expect(signUp.ok(), await signUp.text()).toBe(true);
    productId = (await trpc<{ id: number }>(context, "product.create", { name: "Oat milk", isVolatile: true, unitPrice: "2.00" }, "mutation", apiUrl)).id;
    page = await context.newPage();
    errors = collectPageErrors(page);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (api) await stopGroup(api, 5_000);
    await standby?.destroy();
    await primary?.destroy();
  }, 60_000);

  const sell = (quantity: string) => trpc(context, "sale.create", { externalId: crypto.randomUUID(), items: [{ productId, quantity }] }, "mutation", apiUrl);
  const salesList = () => trpc<{ items: { total: string }[]; freshness: Freshness }>(context, "sale.list", { limit: 20 }, "query", apiUrl);
  const banner = () => page.getByRole("status").filter({ hasText: "Data as of" });

  it("shows nothing while the standby keeps up, and the sale just made", async () => {
    await sell("1");
    // Answered by the standby, which had the sale: the read waited until it had replayed what the primary had.
    expect(await salesList()).toMatchObject({ items: [{ total: "2.00" }], freshness: { source: "standby", lagSeconds: 0, stale: false } });
    await page.goto(`${baseUrl()}/sales`);
    await expect.poll(() => page.getByRole("cell", { name: "€2.00" }).count(), eventually).toBeGreaterThan(0);
    expect(await banner().count()).toBe(0);
  });

  it("says Data as of <when, in the shop's time zone> once replay stops past the bound, without the newest sale", async () => {
    await standby!.sql("SELECT pg_wal_replay_pause()");
    await new Promise((resolve) => setTimeout(resolve, (MAX_LAG_SECONDS + 0.5) * 1000));
    await sell("3");
    const lagging = await salesList();
    expect(lagging.items.map((sale) => sale.total)).toEqual(["2.00"]);
    expect(lagging.freshness).toMatchObject({ source: "standby", stale: true });
    expect(lagging.freshness.lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);

    await page.reload();
    await expect.poll(() => banner().count(), eventually).toBe(1);
    // To the second, in the shop's zone (New York), as the page writes instants.
    const asOf = format(new Date(lagging.freshness.dataAsOf), "d MMM yyyy, HH:mm:ss", { in: tz("America/New_York") });
    expect(await banner().innerText()).toContain(`Data as of ${asOf}.`);
    expect(await page.getByRole("cell", { name: "€6.00" }).count()).toBe(0);
    await screenshot(page, "report-replica-sales-behind");

    // The dashboard's figures (analytics.summary) say it as well.
    await page.goto(`${baseUrl()}/`);
    await expect.poll(() => banner().count(), eventually).toBe(1);
  });

  it("shows the newest sale and no notice once the standby replays again", async () => {
    await standby!.sql("SELECT pg_wal_replay_resume()");
    await page.goto(`${baseUrl()}/sales`);
    await expect.poll(() => page.getByRole("cell", { name: "€6.00" }).count(), eventually).toBeGreaterThan(0);
    expect(await banner().count()).toBe(0);
  });

  it("reads the primary, and logs it, when the standby is down", async () => {
    await standby!.ctl("stop", "-m", "immediate");
    expect(await salesList()).toMatchObject({ items: [{ total: "6.00" }, { total: "2.00" }], freshness: { source: "primary", stale: false } });
    await page.reload();
    await expect.poll(() => page.getByRole("cell", { name: "€6.00" }).count(), eventually).toBeGreaterThan(0);
    expect(await banner().count()).toBe(0);
    expect(api!.output()).toContain("read replica unavailable: reports read the primary");
    expect(errors).toEqual([]);
  });
});
