// A real shop's size on the devices staff use (issue 21): with 210 products the 210th
// ("Sourdough loaf") can be picked in Analytics and in the Sales filter (the pickers page
// through product.list on the server instead of one `limit: 200` page); with 218 products
// on a 390×844 phone, a tapped product shows in the sticky cart bar and Charge is on screen
// without scrolling (every other page at 390×844: phone.test.ts). Screenshots go to
// artifacts/ (phone-*.png).
import { join } from "node:path";

import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, signUpShop, tableCells, trpc } from "./harness";
import { artifactsDir } from "./paths";
import { expectFitsPhone, PHONE } from "./phone-layout";
import { createProduct, openPos, scrollToTile } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
const state = { sourdoughId: 0, otherId: 0, sourdoughSaleId: 0 };

/** `count` products named "Item 001"… (sorting before "Sourdough loaf"), created as the admin app would. */
async function createItems(from: number, count: number) {
  const numbers = Array.from({ length: count }, (_, i) => from + i);
  for (let i = 0; i < numbers.length; i += 20) {
    await Promise.all(
      numbers.slice(i, i + 20).map((n) => createProduct(owner, { name: `Item ${String(n).padStart(3, "0")}`, unitPrice: "1.00", initialStock: "50" })),
    );
  }
}

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 800 } });
  await signUpShop(owner, { currency: "EUR", shopName: "Big Corner" });
  await createItems(1, 209);
  const sourdough = await createProduct(owner, { name: "Sourdough loaf", unitPrice: "4.20", initialStock: "30" });
  state.sourdoughId = sourdough.id;
  const list = await trpc<{ items: { id: number }[] }>(owner, "product.list", { limit: 1 });
  state.otherId = list.items[0]!.id;
  const sale = async (productId: number, quantity: string, amount: string) =>
    (
      await trpc<{ sale: { id: number } }>(
        owner,
        "sale.create",
        { externalId: crypto.randomUUID(), items: [{ productId, quantity }], tenders: [{ method: "card", amount }] },
        "mutation",
      )
    ).sale.id;
  state.sourdoughSaleId = await sale(state.sourdoughId, "3", "12.60");
  await sale(state.otherId, "1", "1.00");
}, 120_000);

/** The product combobox labelled "Product": opens it. */
async function openPicker(page: Page) {
  await page.getByRole("combobox", { name: "Product", exact: true }).click();
  return page.getByRole("listbox");
}

describe("the 210th product", () => {
  test("can be found by search and reported on in Analytics", async () => {
    const page = await owner.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${baseUrl()}/analytics`);
    await page.getByRole("heading", { name: "Product analytics" }).waitFor();
    const list = await openPicker(page);
    await page.getByRole("combobox", { name: "Search products" }).fill("sourd");
    await list.getByRole("option", { name: "Sourdough loaf" }).click();
    await page.waitForURL((url) => url.searchParams.get("product") === String(state.sourdoughId));
    await expect.poll(() => page.getByRole("combobox", { name: "Product", exact: true }).innerText(), eventually).toBe("Sourdough loaf");
    await expect
      .poll(async () => (await page.getByRole("table").count()) > 0 && tableCells(page.getByRole("table"), "tfoot"), eventually)
      .toEqual([["Total", "3", "€12.60", "1"]]);
    await page.close();
    expect(errors).toEqual([]);
  });

  test("can be paged to in the Sales filter, and filters the list to its sale", async () => {
    const page = await owner.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${baseUrl()}/sales`);
    await page.getByRole("heading", { name: "Sales", exact: true }).waitFor();
    const list = await openPicker(page);
    await list.getByRole("option", { name: "All products" }).waitFor();
    // No search: scrolled to its end, the list loads the next page (50 at a time) until the 210th is there.
    const sourdough = list.getByRole("option", { name: "Sourdough loaf" });
    await list.getByRole("option", { name: "Item 050" }).waitFor();
    for (let scrolls = 1; (await sourdough.count()) === 0; scrolls++) {
      expect(scrolls, "scrolls to the end of the list").toBeLessThan(40);
      await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
      await page.waitForTimeout(250);
    }
    expect(await list.getByRole("option", { name: /^Item / }).count()).toBe(209);
    await sourdough.click();
    await page.waitForURL((url) => url.searchParams.get("product") === String(state.sourdoughId));
    await expect.poll(async () => (await tableCells(page.getByRole("table"))).map((row) => row[1]), eventually).toEqual([`#${state.sourdoughSaleId}`]);
    await page.close();
    expect(errors).toEqual([]);
  });
});

describe("on a 390×844 phone", () => {
  test("the till: a tapped product shows in the cart bar, and Charge is on screen without scrolling", async () => {
    await createItems(210, 8);
    const first = await trpc<{ items: unknown[]; nextCursor: string | null }>(owner, "product.list", { limit: 200 });
    const rest = await trpc<{ items: unknown[] }>(owner, "product.list", { limit: 200, cursor: first.nextCursor });
    expect(first.items.length + rest.items.length).toBe(218);
    const phone = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, storageState: await owner.storageState() });
    const page = await phone.newPage();
    const errors = collectPageErrors(page);
    await openPos(page, "Item 001");
    const bar = page.locator('[data-figure="cart-bar"]');
    expect(await bar.innerText()).toContain("No items");
    const tile = (name: string) => page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name });
    await tile("Item 002").tap();
    await expect.poll(() => bar.innerText(), eventually).toMatch(/1 item · Item 002\s+€1\.00/);
    // A product far down the catalogue, scrolled to as a thumb would: the bar stays at the bottom of the screen.
    await (await scrollToTile(page, "Sourdough loaf")).tap();
    await expect.poll(() => bar.innerText(), eventually).toMatch(/2 items · Sourdough loaf\s+€5\.20/);
    const charge = page.getByRole("button", { name: "Charge", exact: true });
    const box = (await charge.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(box.y).toBeGreaterThan(PHONE.height - 120);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expectFitsPhone(page, "pos-218-products", "viewport");
    // The cart as a sheet: the lines, and the total.
    await bar.tap();
    const cart = page.getByRole("region", { name: "Current sale" });
    await cart.getByRole("listitem", { name: "Sourdough loaf" }).waitFor();
    expect(await cart.getByLabel("Sale total").innerText()).toBe("€5.20");
    await page.screenshot({ path: join(artifactsDir, "phone-pos-218-cart.png") });
    await charge.tap();
    const payment = page.getByRole("dialog", { name: "Payment" });
    await payment.waitFor();
    await screenshot(page, "phone-pos-218-payment");
    await payment.getByRole("button", { name: "Confirm payment" }).click();
    await cart.getByText("Sale saved · €5.20").waitFor();
    // The next customer's bar names nothing of the last one's.
    await expect.poll(() => bar.innerText(), eventually).toMatch(/^No items\s+€0\.00$/);
    await phone.close();
    expect(errors).toEqual([]);
  });
});
