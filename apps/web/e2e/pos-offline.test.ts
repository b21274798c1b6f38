// The browser POS sells with no network (DESIGN.md §5): 20 sales rung up offline survive a
// reload served by the service worker, then reach the server exactly once.
import Decimal from "decimal.js";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Request } from "playwright-core";

import { launchBrowser, screenshot, signUpShop } from "./harness";
import { connectDb, createProduct, goOffline, openPos, outboxOf, ringUp, shopIdOf, storedSaleIds, waitForCount, type SaleLine } from "./pos-helpers";

// Lets context.route() see the service worker's own requests (Playwright's offline mode
// does not reach them), so the offline reload below cannot fall back to the network.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

const tracked = { Apples: "100", Milk: "50", Bread: "30" } as const;

/** Twenty sales: multi-item, fractional, a volatile one at a typed price, and a product made at the till (sold twice). */
const sales: SaleLine[][] = [
  [{ name: "Apples" }],
  [{ name: "Milk", quantity: "2" }, { name: "Bread" }],
  [{ name: "Bananas", price: "2.75", quantity: "1.5" }],
  [{ name: "Local honey", create: true, price: "6.50" }],
  [{ name: "Local honey" }, { name: "Apples", quantity: "0.5" }],
  ...Array.from({ length: 15 }, (_, i): SaleLine[] =>
    i % 3 === 0
      ? [{ name: "Apples", quantity: "2" }, { name: "Milk" }]
      : i % 3 === 1
        ? [{ name: "Bread", quantity: "0.25" }]
        : [{ name: "Milk", quantity: "0.5" }],
  ),
];

const price: Record<string, string> = { Apples: "1.20", Milk: "0.99", Bread: "2.50", Bananas: "2.40", "Local honey": "6.50" };

/** What was rung up, per product, and the sales' total as the server must compute it. */
const sold = new Map<string, { quantity: Decimal; lines: number }>();
let expectedTotal = new Decimal(0);
for (const line of sales.flat()) {
  const quantity = new Decimal(line.quantity ?? "1");
  const entry = sold.get(line.name) ?? { quantity: new Decimal(0), lines: 0 };
  sold.set(line.name, { quantity: entry.quantity.plus(quantity), lines: entry.lines + 1 });
  expectedTotal = expectedTotal.plus(quantity.times(line.price ?? price[line.name]!).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
}

let shopId: number;
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();

beforeAll(async () => {
  await signUpShop(context, { currency: "EUR" });
  shopId = await shopIdOf(context);
  for (const [name, stock] of Object.entries(tracked)) await createProduct(context, { name, unitPrice: price[name]!, initialStock: stock });
  await createProduct(context, { name: "Bananas", unitPrice: price.Bananas!, isVolatile: true });
});

test("20 sales rung up offline survive an offline reload and sync exactly once", async () => {
  expect(sales).toHaveLength(20);
  await openPos(page, "Apples");

  const swRequests = await goOffline(context);
  await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();

  // On the counter's tablet: a volatile product asks for today's price, pre-filled with the last one.
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Bananas" }).click();
  expect(await page.getByRole("dialog").getByLabel("Price", { exact: true }).inputValue()).toBe(price.Bananas);
  await screenshot(page, "pos-820x1180-price-dialog");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "New product" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).waitFor();
  await screenshot(page, "pos-820x1180-new-product");
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.setViewportSize({ width: 1280, height: 800 });

  for (const [index, lines] of sales.entries()) {
    if (index === 1) {
      for (const line of lines) await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: line.name }).click();
      await screenshot(page, "pos-1280x800-cart");
      await page.getByRole("button", { name: "Remove Milk" }).click();
      await page.getByRole("button", { name: "Remove Bread" }).click();
    }
    await ringUp(page, lines, index + 1);
  }
  expect(await storedSaleIds(db, shopId)).toEqual([]);

  // Still offline: the page comes from the service worker's precache, the sales from IndexedDB.
  const failed: string[] = [];
  const onFailed = (request: Request) => void (/^\/(trpc|api)\//.test(new URL(request.url()).pathname) || failed.push(request.url()));
  page.on("requestfailed", onFailed);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  // So do its manifest and icons, as the page links them (the name and icon of an installed till).
  const linked = await page.evaluate(async () => {
    const hrefs = [...document.querySelectorAll<HTMLLinkElement>('link[rel="manifest"], link[rel~="icon"], link[rel="apple-touch-icon"]')].map(
      (link) => link.href,
    );
    return Promise.all(hrefs.map(async (href) => `${new URL(href).pathname} ${(await fetch(href).catch(() => null))?.status ?? "failed"}`));
  });
  expect(linked.sort()).toEqual(["/apple-icon.png 200", "/favicon.ico 200", "/icon.svg 200", "/manifest.webmanifest 200"]);
  await page.setViewportSize({ width: 820, height: 1180 });
  await waitForCount(page, "Pending", 20);
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Local honey" }).waitFor();
  await screenshot(page, "pos-820x1180-offline");
  const queued = await outboxOf(page, shopId);
  expect(queued.map((entry) => entry.status)).toEqual(Array(20).fill("pending"));
  expect(new Set(queued.map((entry) => entry.externalId)).size).toBe(20);
  expect(swRequests.filter((url) => new URL(url).pathname === "/pos")).toEqual([]);
  // Nothing but the API calls failed for want of a network.
  page.off("requestfailed", onFailed);
  expect(failed).toEqual([]);
  // The stock shown counts the sales still waiting on this till (issue 15, item 9 follow-up).
  for (const [name, initial] of Object.entries(tracked)) {
    const left = new Decimal(initial).minus(sold.get(name)!.quantity);
    await page
      .getByRole("region", { name: "Products" })
      .getByRole("button")
      .filter({ hasText: name })
      .filter({ hasText: `${left.toFixed()} left` })
      .waitFor({ timeout: 5_000 });
  }

  await context.unroute("**/*");
  await context.setOffline(false);
  await waitForCount(page, "Synced", 20);
  await waitForCount(page, "Pending", 0);
  await waitForCount(page, "Rejected", 0);
  // Synced sales change stock: the till downloads the catalogue again, and the product it
  // made is now the server's.
  // The server's figure then takes over, sales counted once.
  for (const [name, initial] of Object.entries(tracked)) {
    const left = new Decimal(initial).minus(sold.get(name)!.quantity);
    await page
      .getByRole("region", { name: "Products" })
      .getByRole("button")
      .filter({ hasText: name })
      .filter({ hasText: `${left.toFixed()} left` })
      .waitFor();
  }
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Local honey" }).filter({ hasNotText: "new" }).waitFor();
  await screenshot(page, "pos-820x1180-synced");

  // Exactly once, and the server's ledger agrees with what was rung up.
  const stored = await storedSaleIds(db, shopId);
  expect(stored).toHaveLength(20);
  expect(new Set(stored)).toEqual(new Set(queued.map((entry) => entry.externalId)));
  expect((await outboxOf(page, shopId)).every((entry) => entry.status === "synced")).toBe(true);

  const { rows: totals } = await db.query<{ total: string }>("SELECT sum(total)::text AS total FROM sale WHERE shop_id = $1", [shopId]);
  expect(totals[0]!.total).toBe(expectedTotal.toFixed(2));

  for (const [name, initial] of Object.entries(tracked)) {
    const { rows } = await db.query<{ stock: string; ledger: string; sale_rows: number; sale_delta: string }>(
      `SELECT p.stock::text, (SELECT sum(delta) FROM stock_movement m WHERE m.product_id = p.id)::text AS ledger,
              (SELECT count(*)::int FROM stock_movement m WHERE m.product_id = p.id AND m.reason = 'sale') AS sale_rows,
              (SELECT sum(delta) FROM stock_movement m WHERE m.product_id = p.id AND m.reason = 'sale')::text AS sale_delta
       FROM product p WHERE p.shop_id = $1 AND p.name = $2`,
      [shopId, name],
    );
    const expected = new Decimal(initial).minus(sold.get(name)!.quantity);
    expect(rows).toHaveLength(1);
    expect(new Decimal(rows[0]!.stock).eq(expected), `${name} stock`).toBe(true);
    expect(new Decimal(rows[0]!.ledger).eq(expected), `${name} ledger`).toBe(true);
    expect(rows[0]!.sale_rows).toBe(sold.get(name)!.lines);
    expect(new Decimal(rows[0]!.sale_delta).eq(sold.get(name)!.quantity.negated())).toBe(true);
  }

  // The volatile sale kept its typed price (and made it the new suggestion); the till's product exists once.
  const { rows: bananas } = await db.query<{ quantity: string; unit_price: string; line_total: string; suggested: string }>(
    `SELECT i.quantity::text, i.unit_price::text, i.line_total::text, p.unit_price::text AS suggested
     FROM sale_item i JOIN product p ON p.id = i.product_id WHERE p.shop_id = $1 AND p.name = 'Bananas'`,
    [shopId],
  );
  expect(bananas).toEqual([{ quantity: "1.500", unit_price: "2.75", line_total: "4.13", suggested: "2.75" }]);
  const { rows: honey } = await db.query<{ external_id: string; items: number }>(
    `SELECT p.external_id, (SELECT count(*)::int FROM sale_item i WHERE i.product_id = p.id) AS items FROM product p WHERE p.shop_id = $1 AND p.name = 'Local honey'`,
    [shopId],
  );
  expect(honey).toHaveLength(1);
  expect(honey[0]!.items).toBe(2);
  expect(honey[0]!.external_id).toMatch(/^[0-9a-f-]{36}$/);
});
