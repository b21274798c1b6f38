// Two POS tabs of one till share the IndexedDB outbox; when the network comes back both
// try to sync, and the Web Lock (packages/sync webLock()) lets one drain at a time.
import type { SyncResult } from "@tillsync/validators";
import type { Page, Request } from "playwright-core";
import { afterAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, signUpShop, trpc } from "./harness";
import { connectDb, createProduct, openPos, outboxOf, ringUp, shopIdOf, signInCashier, storedSaleIds, tile, waitForCount } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

test("two tabs with pending sales go online at once: every sale is sent once and stored once", async () => {
  const owner = await browser.newContext();
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await createProduct(owner, { name: "Milk", unitPrice: "0.99", initialStock: "50" });
  const shopId = await shopIdOf(owner);

  // The till is run by a cashier: the lowest role may sell.
  const till = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await signInCashier(owner, till);
  const cashier = await trpc<{ principal: { role: string } }>(till, "shop.current");
  expect(cashier.principal.role).toBe("cashier");

  // The cashier finds the till in the navigation.
  const tabA = await till.newPage();
  await tabA.goto(`${baseUrl()}/sales`);
  await tabA.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sell" }).click();
  await tabA.waitForURL(`${baseUrl()}/pos`);
  await openPos(tabA, "Apples");
  const tabB = await till.newPage();
  await openPos(tabB, "Apples");

  // Every sale.sync call either tab makes, with the sales it carried and what the server said.
  const calls: { tab: Page; sales: string[]; results: Promise<SyncResult[]> }[] = [];
  till.on("request", (request: Request) => {
    if (!request.url().includes("/trpc/sale.sync")) return;
    const body = request.postDataJSON() as { json: { sales: { externalId: string }[] } };
    const results = request
      .response()
      .then(async (response) => ((await response!.json()) as { result: { data: { json: { results: SyncResult[] } } } }).result.data.json.results);
    calls.push({ tab: request.frame().page(), sales: body.json.sales.map((sale) => sale.externalId), results });
  });

  await till.setOffline(true);
  // The cashier works in the tab in front (Chromium throttles background tabs' frames).
  await tabA.bringToFront();
  for (let i = 1; i <= 5; i++) await ringUp(tabA, [{ name: "Apples" }, { name: "Milk", quantity: "0.5" }], i);
  // Tab B sees tab A's sales (one outbox) and adds its own after them.
  await tabB.bringToFront();
  await waitForCount(tabB, "Pending", 5);
  for (let i = 1; i <= 5; i++) await ringUp(tabB, [{ name: "Apples", quantity: "2" }], 5 + i);
  expect(calls).toEqual([]);

  await till.setOffline(false);
  for (const tab of [tabA, tabB]) {
    await waitForCount(tab, "Synced", 10);
    await waitForCount(tab, "Pending", 0);
  }

  const queued = await outboxOf(tabA, shopId);
  const stored = await storedSaleIds(db, shopId);
  expect(stored).toHaveLength(10);
  expect(new Set(stored)).toEqual(new Set(queued.map((entry) => entry.externalId)));
  // One drainer: no sale went out twice (both tabs sending the queue would show as
  // repeats here, or as "replayed" answers), and the queue went out in order.
  const sent = calls.flatMap((call) => call.sales);
  expect(sent).toEqual(queued.map((entry) => entry.externalId));
  const statuses = (await Promise.all(calls.map((call) => call.results))).flat().map((result) => result.status);
  expect(statuses).toEqual(Array(10).fill("created"));

  const { rows } = await db.query<{ name: string; stock: string }>("SELECT name, stock::text FROM product WHERE shop_id = $1 ORDER BY name", [shopId]);
  expect(rows).toEqual([
    { name: "Apples", stock: "85.000" },
    { name: "Milk", stock: "47.500" },
  ]);
});

test("a reload keeps the sale being rung up; Charge or signing out empties it, and another tab starts with an empty cart", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signUpShop(context);
  await createProduct(context, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await createProduct(context, { name: "Bananas", unitPrice: "0.50", isVolatile: true });
  const page = await context.newPage();
  await openPos(page, "Apples");
  const sale = page.getByRole("region", { name: "Current sale" });
  await tile(page, "Apples").click();
  await page.getByLabel("Quantity of Apples").fill("3");
  await tile(page, "Bananas").click();
  const price = page.getByRole("dialog");
  await price.getByLabel("Price", { exact: true }).fill("0.65");
  await price.getByLabel("Quantity", { exact: true }).fill("1.25");
  await price.getByRole("button", { name: "Add to sale" }).click();
  await price.waitFor({ state: "detached" });

  await page.reload();
  await sale.getByRole("listitem", { name: "Bananas" }).waitFor();
  expect(await sale.getByRole("listitem").count()).toBe(2);
  expect(await page.getByLabel("Quantity of Apples").inputValue()).toBe("3");
  expect(await page.getByLabel("Quantity of Bananas").inputValue()).toBe("1.25");
  expect(await page.getByRole("button", { name: /^Charge/ }).innerText()).toContain("4.41"); // 3 × 1.20 + 1.25 × 0.65 = 3.60 + 0.8125 → 0.81

  // Another tab of the same till rings up a sale of its own.
  const other = await context.newPage();
  await openPos(other, "Apples");
  expect(await other.getByRole("region", { name: "Current sale" }).getByRole("listitem").count()).toBe(0);
  await other.close();

  // Charged, the sale is the outbox's: a reload shows an empty cart.
  await page.getByRole("button", { name: /^Charge/ }).click();
  const payment = page.getByRole("dialog", { name: "Payment" });
  await payment.getByRole("button", { name: "Confirm payment" }).click();
  await payment.waitFor({ state: "detached" });
  await page.getByRole("status").filter({ hasText: "Sale saved" }).waitFor();
  await page.reload();
  await tile(page, "Apples").waitFor();
  expect(await sale.getByRole("listitem").count()).toBe(0);

  // Signed out with a sale in progress, the next sign-in on this tab starts afresh.
  await tile(page, "Apples").click();
  await sale.getByRole("listitem", { name: "Apples" }).waitFor();
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((key) => key.startsWith("tillsync:cart:")).length)).toBe(1);
  await waitForCount(page, "Pending", 0); // nothing unsent: no question before signing out
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForFunction(() => !Object.keys(sessionStorage).some((key) => key.startsWith("tillsync:cart:")));
  await context.close();
});
