// What staff can do with the sales a till holds (DESIGN.md §5, issue 15): retry a rejected
// sale once its cause is fixed, have a manager discard one with a reason (recorded on the
// server, §7), export pending and rejected sales to a file; and an app update keeps the
// sales an older build queued (the outbox's stored format is migrated, never dropped).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { v4 as uuidv4 } from "uuid";
import { afterAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, screenshot, signUpShop, trpc } from "./harness";
import { artifactsDir } from "./paths";
import { connectDb, countOf, createProduct, openPos, outboxOf, ringUp, shopIdOf, signInCashier, storedSaleIds, waitForCount } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

interface Exported {
  sales: { externalId: string; status: string; sale: { externalId: string; items: unknown[] }; rejection?: { code: string; message: string } }[];
}

test("a rejected sale is retried once its cause is fixed; a manager discards another with a reason; the export holds pending and rejected sales", async () => {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await signUpShop(context);
  const shopId = await shopIdOf(context);
  await createProduct(context, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const wrap = await createProduct(context, { name: "Gift wrap", unitPrice: "3.00", isVolatile: true });
  const ribbon = await createProduct(context, { name: "Ribbon", unitPrice: "0.50", isVolatile: true });
  const page = await context.newPage();
  await openPos(page, "Ribbon");

  await context.setOffline(true);
  await ringUp(page, [{ name: "Apples" }], 1);
  await ringUp(page, [{ name: "Gift wrap", price: "3.50" }], 2);
  await ringUp(page, [{ name: "Ribbon", price: "0.60" }], 3);
  // Both products leave the server while the till is offline; Gift wrap's row is kept to put back.
  await db.query("CREATE TEMP TABLE kept_product AS SELECT * FROM product WHERE id = $1", [wrap.id]);
  await db.query("DELETE FROM product WHERE shop_id = $1 AND id = ANY($2)", [shopId, [wrap.id, ribbon.id]]);
  const [, wrapSale, ribbonSale] = await outboxOf(page, shopId);
  await context.setOffline(false);
  await waitForCount(page, "Rejected", 2);
  await waitForCount(page, "Synced", 1);

  // One more sale waits offline; the export holds it and both rejected sales, with their payloads and reasons.
  await context.setOffline(true);
  await ringUp(page, [{ name: "Apples", quantity: "2" }], 1);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Export unsent sales/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tillsync-unsent-sales-.*\.json$/);
  const file = join(artifactsDir, "pos-unsent-sales.json");
  await download.saveAs(file);
  const exported = JSON.parse(await readFile(file, "utf8")) as Exported;
  expect(exported.sales.map((sale) => [sale.status, sale.rejection?.code ?? null])).toEqual([
    ["rejected", "PRODUCT_NOT_FOUND"],
    ["rejected", "PRODUCT_NOT_FOUND"],
    ["pending", null],
  ]);
  expect(exported.sales[0]!.externalId).toBe(wrapSale!.externalId);
  expect(exported.sales[0]!.sale.items).toEqual([{ productId: wrap.id, quantity: "1", unitPrice: "3.50" }]);
  await context.setOffline(false);
  await waitForCount(page, "Synced", 2);

  // The cause is fixed (the product is back): the sale is retried and goes through.
  await db.query("INSERT INTO product SELECT * FROM kept_product");
  await page.getByRole("button", { name: /2 rejected sales/ }).click();
  const list = page.getByRole("list", { name: "Rejected sales" });
  await list.getByRole("listitem").filter({ hasText: "Gift wrap" }).getByRole("button", { name: "Try again" }).click();
  await waitForCount(page, "Synced", 3);
  await waitForCount(page, "Rejected", 1);
  expect(await storedSaleIds(db, shopId)).toContain(wrapSale!.externalId);

  // Ribbon is gone for good: the manager discards that sale with a reason.
  const ribbonItem = list.getByRole("listitem").filter({ hasText: "Ribbon" });
  await ribbonItem.getByRole("button", { name: "Discard" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByRole("button", { name: "Discard sale" }).click();
  await confirm.getByText("Give a reason").waitFor();
  await confirm.getByLabel("Reason").fill("Ribbon was a test product; sale rung up again by hand");
  await screenshot(page, "pos-820x1180-discard");
  await confirm.getByRole("button", { name: "Discard sale" }).click();
  await waitForCount(page, "Rejected", 0);
  // The last rejected sale gone, the list closes rather than stay open and empty.
  await page.getByRole("dialog", { name: "Rejected sales" }).waitFor({ state: "detached" });
  // The discard is queued and sent like a sale; a manager was at the till, so no review.
  await expect
    .poll(async () => (await trpc<{ items: { externalId: string; reason: string; needsReview: boolean }[] }>(context, "sale.discardedList", {})).items)
    .toEqual([
      expect.objectContaining({ externalId: ribbonSale!.externalId, reason: "Ribbon was a test product; sale rung up again by hand", needsReview: false }),
    ]);
  await expect.poll(async () => (await outboxOf(page, shopId)).map((entry) => entry.status)).toEqual(["synced", "synced", "discarded", "synced", "synced"]);
  expect(await storedSaleIds(db, shopId)).not.toContain(ribbonSale!.externalId);
});

test("a cashier discards a rejected sale offline: recorded when back online, flagged for a manager's review (DESIGN.md §8)", async () => {
  const owner = await browser.newContext();
  await signUpShop(owner);
  const shopId = await shopIdOf(owner);
  const gone = await createProduct(owner, { name: "Ribbon", unitPrice: "0.50", isVolatile: true });
  const till = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await signInCashier(owner, till);
  const page = await till.newPage();
  await openPos(page, "Ribbon");
  await till.setOffline(true);
  await ringUp(page, [{ name: "Ribbon", price: "0.70" }], 1);
  await db.query("DELETE FROM product WHERE shop_id = $1 AND id = $2", [shopId, gone.id]);
  await till.setOffline(false);
  await waitForCount(page, "Rejected", 1);
  await page.getByRole("button", { name: /1 rejected sale/ }).click();
  const item = page.getByRole("list", { name: "Rejected sales" }).getByRole("listitem");
  await item.getByRole("button", { name: "Try again" }).waitFor();
  await page.getByText("a manager is asked to review it").first().waitFor();
  await till.setOffline(true);
  await item.getByRole("button", { name: "Discard" }).click();
  const confirm = page.getByRole("alertdialog");
  await confirm.getByLabel("Reason").fill("Ribbon is no longer sold");
  await confirm.getByRole("button", { name: "Discard sale" }).click();
  await waitForCount(page, "Rejected", 0);
  await waitForCount(page, "Pending", 1);
  await till.setOffline(false);
  await waitForCount(page, "Pending", 0);
  const discarded = await trpc<{ items: { reason: string; needsReview: boolean; cashier: { status: string } | null }[] }>(owner, "sale.discardedList", {});
  expect(discarded.items).toEqual([
    expect.objectContaining({ reason: "Ribbon is no longer sold", needsReview: true, cashier: expect.objectContaining({ status: "member" }) }),
  ]);
});

test("sales queued by the previous build (outbox v1) are synced by the new one", async () => {
  const context = await browser.newContext();
  await signUpShop(context);
  const shopId = await shopIdOf(context);
  const apples = await createProduct(context, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const page = await context.newPage();
  // A page of the till's origin that runs none of the app, to write the old outbox first.
  await page.goto(`${baseUrl()}/healthz`);
  const sales = [1, 2, 3].map((i) => ({
    externalId: uuidv4(),
    sourceDevice: "web-pos-oldbuild",
    clientTimestamp: new Date(Date.now() - i * 60_000).toISOString(),
    items: [{ productId: apples.id, quantity: String(i), unitPrice: "1.20" }],
  }));
  await page.evaluate(
    ({ name, sales }) =>
      new Promise<void>((resolve, reject) => {
        // Exactly what the build before issue 15 created (packages/sync IndexedDbOutbox, version 1).
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => {
          const database = request.result;
          const store = database.createObjectStore("sales", { keyPath: "seq", autoIncrement: true });
          store.createIndex("externalId", "externalId", { unique: true });
          store.createIndex("statusSeq", ["status", "seq"]);
          database.createObjectStore("meta");
        };
        request.onerror = () => reject(request.error ?? new Error("indexedDB.open failed"));
        request.onsuccess = () => {
          const database = request.result;
          const tx = database.transaction("sales", "readwrite");
          const queuedAt = new Date().toISOString();
          for (const sale of sales) tx.objectStore("sales").add({ externalId: sale.externalId, sale, status: "pending", queuedAt });
          tx.oncomplete = () => {
            database.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error ?? new Error("writing the outbox failed"));
        };
      }),
    { name: `tillsync-outbox-${shopId}`, sales },
  );

  await openPos(page, "Apples");
  await waitForCount(page, "Synced", 3);
  await waitForCount(page, "Pending", 0);
  expect(await storedSaleIds(db, shopId)).toEqual(sales.map((sale) => sale.externalId));
  const { rows } = await db.query<{ stock: string }>("SELECT stock::text FROM product WHERE id = $1", [apples.id]);
  expect(rows[0]!.stock).toBe("94.000");
});

/** A new shop with one tracked product, signed in, its till open at 820×1180. */
async function tillSelling(product: { name: string; unitPrice: string; initialStock: string }) {
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  await signUpShop(context);
  await createProduct(context, product);
  const page = await context.newPage();
  await openPos(page, product.name);
  return { context, page };
}

test("a device out of storage: the sale is NOT saved, the cashier is told what to do in words, and the payment step stays open to confirm again", async () => {
  const { context, page } = await tillSelling({ name: "Pears", unitPrice: "0.90", initialStock: "20" });
  // The browser refuses every write, as it does when the device's storage is full.
  await page.evaluate(() => {
    const full = () => {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    };
    IDBObjectStore.prototype.add = full;
    IDBObjectStore.prototype.put = full;
  });
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Pears" }).click();
  await page.getByRole("button", { name: /^Charge/ }).click();
  await page.getByRole("dialog", { name: "Payment" }).getByRole("button", { name: "Confirm payment" }).click();
  await page.getByText("The sale was NOT saved: This device is out of storage space.").waitFor();
  expect(await page.getByText("quota", { exact: false }).count()).toBe(0);
  expect(await page.getByRole("status").filter({ hasText: "Sale saved" }).count()).toBe(0);
  // The payment step stays open on the same sale, to confirm again once there is room; nothing is queued.
  await page.getByRole("dialog", { name: "Payment" }).getByRole("button", { name: "Confirm payment" }).waitFor();
  expect(await countOf(page, "Pending")).toBe(0);
  await context.close();
});

test("a sale beyond what can be recorded is stopped at the till, before Charge, not rejected after the customer left", async () => {
  const { context, page } = await tillSelling({ name: "Gold bar", unitPrice: "99999999.99", initialStock: "500" });
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Gold bar" }).click();
  const charge = page.getByRole("button", { name: /^Charge/ });
  await page.getByLabel("Quantity of Gold bar").fill("200");
  await page.getByRole("alert").filter({ hasText: "This sale’s total is beyond what can be recorded (10 billion)" }).waitFor();
  expect(await charge.isDisabled()).toBe(true);
  // 100 of them (9,999,999,999.00) is within what a sale holds.
  await page.getByLabel("Quantity of Gold bar").fill("100");
  await expect.poll(() => charge.isDisabled()).toBe(false);
  expect(await page.getByRole("alert").filter({ hasText: "beyond what can be recorded" }).count()).toBe(0);
  await context.close();
});
