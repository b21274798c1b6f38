// A shop in its own language (issue 21): the owner sets "Deutsch (Deutschland)" in the shop
// settings; the browser itself runs in en-US, so German can only come from the shop. "2,5"
// is taken as 2.5 in the admin product form and the stock dialog, and in the till's quantity
// and price fields; money and dates read German on the admin pages and at the till. Staff
// read their own words when a field is left empty, and a cashier lands on the till.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, signUpShop, trpc, waitForSettled } from "./harness";
import { openPos } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
let page: Page;
let errors: string[];
const state = { applesId: 0, cheeseId: 0 };

/** Text as shown, with the no-break spaces Intl puts in "2,50 €" read as spaces. */
const shown = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

/** A German date of today in the shop's zone, as Intl writes it ("1. Dez. 2026"). */
const germanToday = () => new Intl.DateTimeFormat("de-DE", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Berlin" }).format(new Date());

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago", viewport: { width: 1280, height: 900 } });
  await signUpShop(owner, { currency: "EUR", timeZone: "Europe/Berlin", shopName: "Bäckerei Sommer" });
  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
});

describe("a de-DE shop", () => {
  test("the owner picks the shop's language in the settings", async () => {
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole("heading", { name: "Shop settings" }).waitFor();
    // A field left empty is answered in staff words (it was "Too small: expected string to have >=1 characters").
    await page.getByLabel("Shop name").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("This is required").waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/Too small|expected string/);
    await page.getByLabel("Shop name").fill("Bäckerei Sommer");
    await page.getByLabel("Language and formats").selectOption("de-DE");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(async () => (await trpc<{ shop: { locale: string | null } }>(owner, "shop.current")).shop.locale, eventually).toBe("de-DE");
  });

  test("the admin product form and stock dialog take 2,5 as 2.5, and money reads German", async () => {
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    // An empty form speaks to staff, not in validator jargon.
    await dialog.getByRole("button", { name: "Create product" }).click();
    await dialog.getByText("Name is required").waitFor();
    expect(await dialog.innerText()).not.toMatch(/Too small|expected|Invalid input/);
    await dialog.getByLabel("Name", { exact: true }).fill("Äpfel lose");
    await dialog.getByLabel("Price", { exact: true }).fill("2,5");
    await dialog.getByLabel("Stock on hand").fill("10,25");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await dialog.waitFor({ state: "detached" });
    const apples = (await trpc<{ items: { id: number; name: string; unitPrice: string; stock: string }[] }>(owner, "product.list", {})).items.find(
      (p) => p.name === "Äpfel lose",
    )!;
    expect(apples).toMatchObject({ unitPrice: "2.50", stock: "10.250" });
    state.applesId = apples.id;
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("link", { name: "Äpfel lose" }).waitFor();
    expect(shown(await page.getByRole("table").innerText())).toContain("2,50 €");

    await page.goto(`${baseUrl()}/products/${apples.id}`);
    await page.getByRole("button", { name: "Restock" }).click();
    const restock = page.getByRole("dialog");
    await restock.getByLabel("Quantity received").fill("1,5");
    await restock.getByLabel("Reason").fill("Lieferung");
    await restock.getByRole("button", { name: "Restock" }).click();
    await restock.waitFor({ state: "detached" });
    await expect.poll(async () => (await trpc<{ stock: string }>(owner, "product.byId", { id: apples.id })).stock, eventually).toBe("11.750");
    await waitForSettled(page);
    const text = shown(await page.locator("main").innerText());
    expect(text).toContain("11,75");
    expect(text).toContain(germanToday());
    await screenshot(page, "de-product-detail");
  });

  test("the till takes 2,5 in its quantity and price fields; the sale and its receipt read German", async () => {
    const cheese = await trpc<{ id: number }>(owner, "product.create", { name: "Käse am Stück", unitPrice: "0", isVolatile: true }, "mutation");
    state.cheeseId = cheese.id;
    const till = await owner.newPage();
    const tillErrors = collectPageErrors(till);
    await openPos(till, "Äpfel lose");
    const tile = (name: string) => till.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name });
    expect(shown(await tile("Äpfel lose").innerText())).toContain("2,50 €");

    await tile("Äpfel lose").click();
    await till.getByLabel("Quantity of Äpfel lose").fill("2,5");
    await tile("Käse am Stück").click();
    const priceDialog = till.getByRole("dialog");
    await priceDialog.getByLabel("Price", { exact: true }).fill("12,4");
    await priceDialog.getByLabel("Quantity", { exact: true }).fill("0,5");
    await priceDialog.getByRole("button", { name: "Add to sale" }).click();
    await priceDialog.waitFor({ state: "detached" });
    // 2.5 × 2.50 + 0.5 × 12.40 = 6.25 + 6.20
    await expect.poll(async () => shown(await till.getByLabel("Sale total").innerText()), eventually).toBe("12,45 €");
    await screenshot(till, "de-pos-cart");
    await till.getByRole("button", { name: /^Charge/ }).click();
    const payment = till.getByRole("dialog", { name: "Payment" });
    await payment.getByRole("button", { name: "Confirm payment" }).click();
    await till
      .getByRole("status")
      .filter({ hasText: /Sale saved · 12,45\s€/ })
      .waitFor();

    interface SaleRow {
      items: { productId: number; quantity: string; unitPrice: string }[];
    }
    const sales = async () => (await trpc<{ items: SaleRow[] }>(owner, "sale.list", {})).items;
    await expect.poll(async () => (await sales()).length, { timeout: 30_000, interval: 250 }).toBe(1);
    const [sale] = await sales();
    expect(sale!.items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })).sort((a, b) => a.productId - b.productId)).toEqual([
      { productId: state.applesId, quantity: "2.500", unitPrice: "2.50" },
      { productId: state.cheeseId, quantity: "0.500", unitPrice: "12.40" },
    ]);
    await till.close();
    expect(tillErrors).toEqual([]);

    await page.goto(`${baseUrl()}/sales`);
    await page.getByRole("heading", { name: "Sales", exact: true }).waitFor();
    await waitForSettled(page);
    const row = shown(await page.getByRole("table").locator("tbody tr").first().innerText());
    expect(row).toContain("12,45 €");
    expect(row).toContain(germanToday());
    await screenshot(page, "de-sales");
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("heading", { name: "Today at a glance" }).waitFor();
    await waitForSettled(page);
    expect(shown(await page.locator("main").innerText())).toContain("12,45 €");
    await screenshot(page, "de-dashboard");
    expect(errors).toEqual([]);
  });
});
