// Two POS tabs of one till share the IndexedDB outbox; when the network comes back both
// try to sync, and the Web Lock (packages/sync webLock()) lets one drain at a time.
import type { SyncResult } from "@tillsync/validators";
import type { Page, Request } from "playwright-core";
import { afterAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, signUpShop, trpc } from "./harness";
import { connectDb, createProduct, openPos, outboxOf, ringUp, shopIdOf, signInCashier, storedSaleIds, waitForCount } from "./pos-helpers";

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
