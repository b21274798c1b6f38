// Who rang a sale up, and signing out of a till with sales waiting (issue 15, failing
// inputs 7 and 9; DESIGN.md §5 and §7): the sale is the cashier's who rang it up, whoever's
// session delivers it; signing out warns first, and the sales stay queued until anyone on
// the staff signs in again.
import type { SaleDTO } from "@tillsync/validators";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import Papa from "papaparse";
import { afterAll, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";

import { baseUrl, eventually, launchBrowser, screenshot, signUpShop, tableCells, trpc, TrpcError } from "./harness";
import { artifactsDir } from "./paths";
import { connectDb, countOf, createProduct, outboxOf, ringUp, shopIdOf, signInCashier, signInThroughPage, storedSaleIds, waitForCount } from "./pos-helpers";

process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

const userIdOf = async (email: string) => (await db.query<{ id: string }>('SELECT id FROM "user" WHERE email = $1', [email])).rows[0]!.id;

/** Opens the POS and waits until the service worker controls it, so it reopens offline. */
async function openTill(page: Page) {
  await page.goto(`${baseUrl()}/pos`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Apples" }).waitFor();
}

/** "signed in" while the context's cookie opens a session, else the tRPC error code (UNAUTHORIZED). */
const sessionOf = (context: BrowserContext) =>
  trpc(context, "shop.current").then(
    () => "signed in",
    (error: unknown) => (error instanceof TrpcError ? error.code : String(error)),
  );

test("signing out offline with a sale queued warns first; the till then says the sale waits for anyone to sign in", async () => {
  const owner = await browser.newContext();
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const shopId = await shopIdOf(owner);
  const till = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const ann = await signInCashier(owner, till, "Ann Able");
  const page = await till.newPage();
  await openTill(page);

  await till.setOffline(true);
  await ringUp(page, [{ name: "Apples" }], 1);
  await page.getByRole("button", { name: "Sign out" }).click();
  const warning = page.getByRole("alertdialog");
  await warning.filter({ hasText: "1 sale has not been sent" }).filter({ hasText: "offline" }).waitFor();
  await screenshot(page, "pos-820x1180-sign-out-warning");
  // Staying is the safe choice and the default.
  await warning.getByRole("button", { name: "Stay signed in" }).click();
  await warning.waitFor({ state: "detached" });
  expect(await countOf(page, "Pending")).toBe(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await warning.getByRole("button", { name: "Sign out anyway" }).click();
  const waiting = page.getByText("1 sale is waiting on this till");
  await waiting.waitFor();
  await page.getByText(/Anyone on the staff can sign in to send it/).waitFor();

  // Reopened offline (served by the service worker), the till still says so.
  await page.reload();
  await waiting.waitFor();
  expect(await page.getByText("has not been signed in yet").count()).toBe(0);
  expect((await outboxOf(page, shopId)).map((entry) => entry.status)).toEqual(["pending"]);
  await screenshot(page, "pos-820x1180-signed-out-waiting");

  // Back online, the sign-out reaches the server too: Ann's session is over.
  await till.setOffline(false);
  await page.reload();
  await waiting.waitFor();
  await expect.poll(() => sessionOf(till), eventually).toBe("UNAUTHORIZED");
  expect(await storedSaleIds(db, shopId)).toEqual([]);

  // Ann signs in again; the sale goes out.
  await page.getByRole("link", { name: "Sign in" }).click();
  await signInThroughPage(page, ann);
  await waitForCount(page, "Synced", 1);
  expect(await storedSaleIds(db, shopId)).toHaveLength(1);
});

test("a sign-out made offline reaches the server as soon as the network is back, without reopening the page", async () => {
  const owner = await browser.newContext();
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const shopId = await shopIdOf(owner);
  const till = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const ann = await signInCashier(owner, till, "Ann Able");
  const page = await till.newPage();
  await openTill(page);
  const annCookies = await till.cookies();

  await till.setOffline(true);
  await ringUp(page, [{ name: "Apples" }], 1);
  await ringUp(page, [{ name: "Apples", quantity: "2" }], 2);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out anyway" }).click();
  const waiting = page.getByText("2 sales are waiting on this till");
  await waiting.waitFor();
  const unreachable = page.getByText(/the server can’t be reached/i);
  await unreachable.waitFor();

  // Back online, the open page ends Ann's session at once and says so: no reload.
  await till.setOffline(false);
  await page.getByText("Nobody is signed in on this till.", { exact: true }).waitFor({ timeout: 5_000 });
  expect(await unreachable.count()).toBe(0);
  await waiting.waitFor();
  // Ann's own cookie, as it was before the sign-out, no longer opens a session.
  const annCookie = await browser.newContext();
  await annCookie.addCookies(annCookies);
  await expect.poll(() => sessionOf(annCookie), { timeout: 5_000, interval: 100 }).toBe("UNAUTHORIZED");
  await annCookie.close();
  expect((await outboxOf(page, shopId)).map((entry) => entry.status)).toEqual(["pending", "pending"]);
  expect(await storedSaleIds(db, shopId)).toEqual([]);

  // Signing in again sends them.
  await page.getByRole("link", { name: "Sign in" }).click();
  await signInThroughPage(page, ann);
  await waitForCount(page, "Synced", 2);
  expect(await storedSaleIds(db, shopId)).toHaveLength(2);
});

test("sales rung up by cashier A offline, sent after A signed out and B signed in, are recorded as A's, delivered by B", async () => {
  const owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  const shopId = await shopIdOf(owner);
  const till = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const ann = await signInCashier(owner, till, "Ann Able");
  const ben = await signInCashier(owner, await browser.newContext(), "Ben Baker");
  const [annId, benId] = [await userIdOf(ann.email), await userIdOf(ben.email)];
  const page = await till.newPage();
  await openTill(page);

  await till.setOffline(true);
  for (let i = 1; i <= 3; i++) await ringUp(page, [{ name: "Apples", quantity: String(i) }], i);
  // The network is back but the sales have not gone out yet when Ann signs out.
  await till.route("**/trpc/sale.sync**", (route) => route.abort("internetdisconnected"));
  await till.setOffline(false);
  await page.getByRole("status").filter({ hasText: "Online" }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();
  const warning = page.getByRole("alertdialog");
  await warning.filter({ hasText: "3 sales have not been sent" }).waitFor();
  await warning.getByRole("button", { name: "Sign out anyway" }).click();
  await page.getByText("3 sales are waiting on this till").waitFor();
  expect(await storedSaleIds(db, shopId)).toEqual([]);

  await till.unroute("**/trpc/sale.sync**");
  await page.getByRole("link", { name: "Sign in" }).click();
  await signInThroughPage(page, ben);
  await waitForCount(page, "Synced", 3);
  await waitForCount(page, "Pending", 0);

  const { items } = await trpc<{ items: SaleDTO[] }>(owner, "sale.list", { limit: 50 });
  expect(items).toHaveLength(3);
  for (const sale of items) {
    expect(sale.cashier).toEqual({ id: annId, name: "Ann Able", status: "member" });
    expect(sale.deliveredBy).toEqual({ kind: "staff", userId: benId, name: "Ben Baker" });
  }

  // The sales list and the sale page show both; the list exports them as CSV.
  const admin = await owner.newPage();
  await admin.goto(`${baseUrl()}/sales`);
  const table = admin.getByRole("table");
  await table.locator("tbody tr").nth(2).waitFor();
  const header = (await tableCells(table, "thead"))[0]!;
  const rows = await tableCells(table);
  const cashierColumn = header.indexOf("Cashier");
  expect(cashierColumn).toBeGreaterThanOrEqual(0);
  expect(rows.map((row) => row[cashierColumn])).toEqual(Array(3).fill("Ann Able"));
  const [download] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("button", { name: /Export CSV/ }).click()]);
  const file = join(artifactsDir, "sales-export.csv");
  await download.saveAs(file);
  const csv = Papa.parse<Record<string, string>>(await readFile(file, "utf8"), { header: true, skipEmptyLines: true });
  expect(csv.data).toHaveLength(3);
  for (const row of csv.data) {
    expect(row.cashier).toBe("Ann Able");
    expect(row.delivered_by).toBe("Ben Baker");
  }
  await admin.locator("tbody tr").first().getByRole("link").first().click();
  const detail = (label: string) => admin.locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
  await detail("Rung up by").filter({ hasText: "Ann Able" }).waitFor();
  expect(await detail("Sent by").innerText()).toBe("Ben Baker");
  await screenshot(admin, "sale-1280x800-cashier");
});
