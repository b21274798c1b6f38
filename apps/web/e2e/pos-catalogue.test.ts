// Issue 21: the till keeps its catalogue by pulling changes (product.changes) rather than
// every page of product.list; offline sales lower the stock its tiles show; a product made
// offline with a SKU the shop has is replaced by the shop's product after sync; the outbox
// drops synced sales past the shop's retention (shop.tillRetentionDays, 35 days unless the
// owner sets another on Settings) and keeps what staff still need.
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { baseUrl, eventually, launchBrowser, signUpShop, trpc } from "./harness";
import { createProduct, goOffline, openPos, outboxOf, ringUp, shopIdOf, waitForCount } from "./pos-helpers";

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

const browser = await launchBrowser();
afterAll(() => browser.close());

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
let shopId: number;
let milkId: number;

/** The catalogue calls the till made (product.changes, product.list) and their bytes on the wire, headers included. */
interface Transfer {
  url: string;
  bytes: number;
  products: number;
}
const transfers: Transfer[] = [];
page.on("response", (response: Response) => {
  const url = response.url();
  if (!/\/trpc\/[^?]*product\.(changes|list)/.test(url)) return;
  void (async () => {
    const sizes = await response.request().sizes();
    const body = (await response.json().catch(() => null)) as { result?: { data?: { json?: { products?: unknown[] } } } }[] | null;
    const products = (body ?? []).reduce((sum, part) => sum + (part.result?.data?.json?.products?.length ?? 0), 0);
    transfers.push({
      url,
      bytes: sizes.requestHeadersSize + sizes.requestBodySize + sizes.responseHeadersSize + sizes.responseBodySize,
      products,
    });
    // A pull still answering when the file's browser closes at the end has nothing left to count.
  })().catch(() => undefined);
});

const tileOf = (p: Page, name: string) => p.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name });

beforeAll(async () => {
  await signUpShop(context, { currency: "EUR" });
  shopId = await shopIdOf(context);
  milkId = (await createProduct(context, { name: "Fresh milk", unitPrice: "1.19", initialStock: "32" })).id;
  // A catalogue of some size, so that a refresh carrying all of it again would show.
  for (let n = 0; n < 60; n++) await createProduct(context, { name: `Shelf item ${String(n).padStart(2, "0")}`, unitPrice: "2.00", initialStock: "10" });
});

test("after a product edit in the admin app, the till's refresh transfers only that product (≤ 5 KB)", async () => {
  await openPos(page, "Fresh milk");
  await expect.poll(() => transfers.reduce((sum, t) => sum + t.products, 0), eventually).toBe(61);
  // Compressed on the wire, 61 products are small too: what counts is that a refresh carries one.
  const firstLoad = transfers.reduce((sum, t) => sum + t.bytes, 0);
  transfers.length = 0;

  await trpc(context, "product.update", { id: milkId, unitPrice: "1.29" }, "mutation");
  // What the till does when the network comes back (and after each sync).
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await tileOf(page, "Fresh milk").filter({ hasText: "1.29" }).waitFor();
  await expect.poll(() => transfers.length, eventually).toBeGreaterThan(0);
  const refresh = transfers.reduce((sum, t) => sum + t.bytes, 0);
  console.log(`catalogue first load: ${firstLoad} bytes for 61 products; refresh after one edit: ${refresh} bytes in ${transfers.length} call(s)`);
  expect(transfers.every((t) => t.url.includes("product.changes"))).toBe(true);
  expect(transfers.reduce((sum, t) => sum + t.products, 0)).toBe(1);
  expect(refresh).toBeLessThanOrEqual(5 * 1024);
});

test("one tab pulls, the other shows what it stored without asking the server (BroadcastChannel)", async () => {
  const second = await context.newPage();
  const firstPull = second.waitForResponse((response) => response.url().includes("product.changes"));
  await second.goto(`${baseUrl()}/pos`);
  await firstPull;
  await tileOf(second, "Fresh milk").filter({ hasText: "1.29" }).waitFor();
  const asked: string[] = [];
  second.on("request", (request) => void (request.url().includes("product.") ? asked.push(request.url()) : undefined));

  await trpc(context, "product.update", { id: milkId, unitPrice: "1.19" }, "mutation");
  await page.evaluate(() => window.dispatchEvent(new Event("online")));
  await tileOf(page, "Fresh milk").filter({ hasText: "1.19" }).waitFor();
  await tileOf(second, "Fresh milk").filter({ hasText: "1.19" }).waitFor();
  expect(asked).toEqual([]);
  await second.close();
});

test("an open till that sells nothing still gets a new price: Sync asks for catalogue changes", async () => {
  await trpc(context, "product.update", { id: milkId, unitPrice: "1.35" }, "mutation");
  transfers.length = 0;
  await page.getByRole("button", { name: "Sync now" }).click();
  await tileOf(page, "Fresh milk").filter({ hasText: "1.35" }).waitFor();
  expect(transfers.length).toBeGreaterThan(0);
  expect(transfers.every((t) => t.url.includes("product.changes"))).toBe(true);
});

test("offline sales lower the tile's stock; a product made offline with the shop's SKU is replaced by the shop's after sync", async () => {
  // The shop adds this product while the till is offline and does not know it yet.
  const admin = await browser.newContext({ storageState: await context.storageState() });
  afterAll(() => admin.close());
  await goOffline(context);
  const oat = await createProduct(admin, { name: "Oat barista", sku: "OAT-1", unitPrice: "1.80", initialStock: "20" });

  await ringUp(page, [{ name: "Fresh milk", quantity: "30" }], 1);
  await tileOf(page, "Fresh milk").filter({ hasText: "2 left" }).waitFor();

  await page.getByRole("button", { name: "New product" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("Oat drink");
  await dialog.getByLabel("SKU or barcode (optional)").fill("OAT-1");
  await dialog.getByLabel("Price", { exact: true }).fill("1.80");
  await dialog.getByLabel("Quantity", { exact: true }).fill("1");
  await dialog.getByRole("button", { name: "Create and add" }).click();
  await dialog.waitFor({ state: "detached" });
  await ringUp(page, [], 2);
  await tileOf(page, "Oat drink").waitFor();

  await context.unroute("**/*");
  await context.setOffline(false);
  await waitForCount(page, "Pending", 0);
  // The server's stock (2) takes over from the till's own count, counted once.
  await tileOf(page, "Fresh milk").filter({ hasText: "2 left" }).waitFor();
  await tileOf(page, "Oat barista").filter({ hasText: "19 left" }).waitFor();
  await expect.poll(() => tileOf(page, "Oat drink").count(), eventually).toBe(0);
  const stored = await page.evaluate(
    (key) =>
      new Promise<unknown[]>((resolve) => {
        const request = indexedDB.open("tillsync-pos");
        request.onsuccess = () => {
          const read = request.result.transaction("catalogue").objectStore("catalogue").getAll();
          read.onsuccess = () => resolve(read.result.filter((row: { shopId: number }) => row.shopId === key));
        };
      }),
    shopId,
  );
  expect((stored as { name: string; id: number | null }[]).filter((row) => row.name.startsWith("Oat"))).toEqual([
    expect.objectContaining({ name: "Oat barista", id: oat.id }),
  ]);
});

test("the outbox drops synced sales older than the shop's retention, keeps rejected and recent ones", async () => {
  expect(await page.locator("[data-retention]").innerText()).toContain("35 days");
  // The owner keeps sales 10 days: a sale sent 12 days ago goes (35 days, the default, keep it).
  await trpc(context, "shop.update", { tillRetentionDays: 10 }, "mutation");
  const old = new Date(Date.now() - 12 * 86_400_000).toISOString();
  const ids = { oldSynced: crypto.randomUUID(), oldRejected: crypto.randomUUID() };
  await page.evaluate(
    ({ name, old, ids }) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          const tx = request.result.transaction("sales", "readwrite");
          const sale = (externalId: string) => ({ externalId, clientTimestamp: old, items: [{ productId: 1, quantity: "1" }] });
          tx.objectStore("sales").add({
            externalId: ids.oldSynced,
            sale: sale(ids.oldSynced),
            status: "synced",
            queuedAt: old,
            settledAt: old,
            saleId: 1,
            replayed: false,
          });
          tx.objectStore("sales").add({
            externalId: ids.oldRejected,
            sale: sale(ids.oldRejected),
            status: "rejected",
            queuedAt: old,
            settledAt: old,
            rejection: { code: "PRODUCT_NOT_FOUND", message: "No such product" },
          });
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error("write failed"));
        };
      }),
    { name: `tillsync-outbox-${shopId}`, old, ids },
  );
  const before = await outboxOf(page, shopId);
  await page.reload();
  await tileOf(page, "Fresh milk").waitFor();
  await page.locator("[data-retention]").filter({ hasText: "10 days" }).waitFor();
  await expect.poll(async () => (await outboxOf(page, shopId)).length, eventually).toBe(before.length - 1);
  const after = await outboxOf(page, shopId);
  const left = new Set(after.map((entry) => entry.externalId));
  expect(left.has(ids.oldSynced)).toBe(false);
  expect(left.has(ids.oldRejected)).toBe(true);
  // Today's sales (synced minutes ago) stay for refunds and reprints.
  expect(after.filter((entry) => entry.status === "synced").length).toBe(before.filter((entry) => entry.status === "synced").length - 1);
});

test("reopening a till that has synced sales asks for catalogue changes once", async () => {
  expect((await outboxOf(page, shopId)).some((entry) => entry.status === "synced")).toBe(true);
  transfers.length = 0;
  await page.reload();
  await tileOf(page, "Fresh milk").waitFor();
  await page.waitForLoadState("networkidle");
  // The outbox's first "synced" count is not news: the open's own pull is the only one (it was two).
  expect(transfers.map((t) => new URL(t.url).pathname)).toEqual(["/trpc/product.changes"]);
});
