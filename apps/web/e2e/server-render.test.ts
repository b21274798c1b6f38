// Issue 21, "pages show their frame and data without waiting for all JavaScript": the admin
// pages' first screen of data is in the HTML the server sends (read on the server with the staff
// member's own session, src/trpc/server.tsx), so a phone shows it before its scripts have
// loaded. Checked with every script file refused, which leaves exactly that HTML and its inline
// scripts: the products' first rows, the first sales, the dashboard's figures and a product's
// report, in the shop's locale and time zone; a cashier's HTML carries no manager's figures.
// With the scripts, the same pages hydrate with no mismatch (the browser renders what the
// server wrote) and nothing is blocked by the CSP (the inline scripts carry the request's nonce).
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, launchBrowser, signUpShop, trpc } from "./harness";
import { createProduct, signInCashier } from "./pos-helpers";

let browser: Browser;
let owner: BrowserContext;
let cashier: BrowserContext;
const shop = { productId: 0, occurredAt: new Date(0) };
const ZONE = "Pacific/Auckland";

/** Text as shown, with the no-break spaces Intl puts in "2.469,00 €" read as spaces. */
const shown = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

beforeAll(async () => {
  browser = await launchBrowser();
  // The browser runs in en-US in Chicago: German and New Zealand time can only come from the shop.
  owner = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago" });
  await signUpShop(owner, { currency: "EUR", timeZone: ZONE, shopName: "Server-side bakery" });
  await trpc(owner, "shop.update", { locale: "de-DE" }, "mutation");
  const scone = await createProduct(owner, { name: "Server scone", unitPrice: "1234.50", initialStock: "7" });
  shop.productId = scone.id;
  const till = await trpc<{ id: number }>(owner, "till.create", { name: "Counter", series: "SRV" }, "mutation");
  const sessionId = crypto.randomUUID();
  shop.occurredAt = new Date(Date.now() - 60_000);
  await trpc(
    owner,
    "drawer.record",
    {
      type: "drawer",
      externalId: crypto.randomUUID(),
      tillId: till.id,
      sessionId,
      kind: "open",
      amount: "100.00",
      clientTimestamp: new Date(Date.now() - 120_000).toISOString(),
    },
    "mutation",
  );
  await trpc(
    owner,
    "sale.create",
    {
      externalId: crypto.randomUUID(),
      tillId: till.id,
      drawerSessionId: sessionId,
      clientTimestamp: shop.occurredAt.toISOString(),
      items: [{ productId: scone.id, quantity: "2" }],
      tenders: [{ method: "card", amount: "2469.00" }],
    },
    "mutation",
  );
  cashier = await browser.newContext({ locale: "en-US" });
  await signInCashier(owner, cashier);
});
afterAll(async () => {
  await browser?.close();
});

/**
 * `path` as `context`'s staff member sees it before the app's scripts have loaded: the server's
 * HTML and its inline scripts (which reveal what it streamed), with every script file refused;
 * `read` reads the page.
 */
async function withoutScripts<T>(context: BrowserContext, path: string, read: (page: Page) => Promise<T>, locale = "en-US"): Promise<T> {
  const bare = await browser.newContext({ locale, timezoneId: "America/Chicago" });
  try {
    await bare.addCookies(await context.cookies());
    await bare.route(/\/_next\/static\/.*\.js(\?|$)/, (route) => route.abort());
    const page = await bare.newPage();
    await page.goto(`${baseUrl()}${path}`);
    return await read(page);
  } finally {
    await bare.close();
  }
}

const mainText = async (page: Page) => shown(await page.locator("main").innerText());

describe("the first screen of data comes with the HTML", () => {
  test("products: the first rows, prices in the shop's locale", async () => {
    const text = await withoutScripts(owner, "/products", mainText);
    expect(text).toContain("Server scone");
    expect(text).toContain("1.234,50 €");
    expect(text).not.toContain("Loading your shop");
  });

  test("sales: the first sale, its time in the shop's zone and locale", async () => {
    const text = await withoutScripts(owner, "/sales", mainText);
    const when = new Intl.DateTimeFormat("de-DE", {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: ZONE,
    });
    expect(text).toContain(shown(when.format(shop.occurredAt)));
    expect(text).toContain("2 × Server scone");
    expect(text).toContain("2.469,00 €");
  });

  test("dashboard: today's figures, today being the shop's", async () => {
    const text = await withoutScripts(owner, "/", mainText);
    const today = new Intl.DateTimeFormat("de-DE", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: ZONE }).format(new Date());
    expect(text).toContain(today);
    expect(text).toMatch(/Revenue today\s+2\.469,00 €/);
    expect(text).toMatch(/Sales today\s+1/);
    expect(text).toContain("Server scone");
  });

  test("analytics: a product's report", async () => {
    const text = await withoutScripts(owner, `/analytics?product=${shop.productId}`, mainText);
    expect(text).toContain("Revenue of Server scone");
    expect(text).toMatch(/Revenue\s+2\.469,00 €/);
  });

  test("a shop without a locale of its own is written in the browser's language", async () => {
    await trpc(owner, "shop.update", { locale: null }, "mutation");
    try {
      expect(await withoutScripts(owner, "/products", mainText, "de-DE")).toContain("1.234,50 €");
      expect(await withoutScripts(owner, "/products", mainText, "en-GB")).toContain("€1,234.50");
    } finally {
      await trpc(owner, "shop.update", { locale: "de-DE" }, "mutation");
    }
  });

  test("a cashier: no manager's figures in the HTML", async () => {
    for (const path of [`/analytics?product=${shop.productId}`, "/"]) {
      const page = await withoutScripts(cashier, path, async (page) => ({ text: await mainText(page), html: await page.content() }));
      expect(page.text, path).toContain("This page isn’t part of your role");
      expect(page.html, path).not.toContain("2469");
      expect(page.html, path).not.toContain("2.469,00");
    }
    // What a cashier may see is there: the products.
    expect(await withoutScripts(cashier, "/products", mainText)).toContain("Server scone");
  });
});

/** A hydration mismatch as React reports it in production (minified errors 418, 419, 422, 423, 425) or in words. */
const HYDRATION = /hydrat|did not match|Minified React error #4(18|19|22|23|25)/i;

test.each([
  ["a de-DE shop in an en-US browser", "de-DE", "en-US"],
  ["a shop without a locale in a de-DE browser", null, "de-DE"],
  ["a shop without a locale in an en-US browser", null, "en-US"],
] as const)("with scripts, %s: the server's pages hydrate as written, nothing blocked by the CSP", async (_, shopLocale, browserLocale) => {
  await trpc(owner, "shop.update", { locale: shopLocale }, "mutation");
  const context = await browser.newContext({ locale: browserLocale, timezoneId: "America/Chicago" });
  try {
    await context.addCookies(await owner.cookies());
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()) || HYDRATION.test(message.text())) problems.push(message.text());
    });
    const errors = collectPageErrors(page);
    for (const [path, heading] of [
      ["/products", "Products"],
      ["/sales", "Sales"],
      ["/", "Today at a glance"],
      [`/analytics?product=${shop.productId}`, "Product analytics"],
    ] as const) {
      const response = await page.goto(`${baseUrl()}${path}`);
      const policy = response!.headers()["content-security-policy"]!;
      expect(/script-src ([^;]*)/.exec(policy)![1]).not.toContain("'unsafe-inline'");
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
    }
    // A move within the app still shows the next page's data (read in the browser).
    await page.getByRole("link", { name: "Products" }).first().click();
    await page.getByRole("link", { name: "Server scone" }).waitFor();
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
    await trpc(owner, "shop.update", { locale: "de-DE" }, "mutation");
  }
});
