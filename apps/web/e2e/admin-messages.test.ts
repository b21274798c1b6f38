// What staff read when the admin app refuses something or cannot reach the API is written for
// staff (a newcomer typed a negative price and read "Amount must be a decimal number with at
// most 2 decimals and at most 99999999.99"): the product form's price, stock and reorder level,
// the restock quantity, and a call that never reached the API (the network gone, a proxy's error
// page that is no JSON) — not "Failed to fetch" or "Unexpected token '<'". The errors stay tied
// to their fields (aria-invalid, aria-describedby).
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { collectPageErrors, launchBrowser, openPage, signUpShop, trpc } from "./harness";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
let page: Page;
let errors: string[];
let productId: number;

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  await signUpShop(owner, { currency: "EUR" });
  ({ id: productId } = await trpc<{ id: number }>(owner, "product.create", { name: "Oat milk", unitPrice: "1.49", initialStock: "12" }, "mutation"));
  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
}, 60_000);

afterAll(() => {
  expect(errors).toEqual([]);
});

/** The error shown for the field labelled `label` in the open dialog: the text its aria-describedby names. */
async function fieldError(label: string) {
  const input = page.getByRole("dialog").getByLabel(label, { exact: true });
  await expect.poll(() => input.getAttribute("aria-invalid")).toBe("true");
  return input.evaluate((element) =>
    (element.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id))
      .filter((node) => node?.getAttribute("role") === "alert")
      .map((node) => node!.textContent?.trim())
      .join(" | "),
  );
}

async function newProductForm() {
  await openPage(page, "/products", "Products");
  await page.getByRole("button", { name: "New product" }).click();
  await page.getByRole("dialog", { name: "New product" }).waitFor();
}

describe("refused input, in words for staff", () => {
  test("the product form: a negative price, a price too large, a negative stock, a reorder level with too many decimals", async () => {
    await newProductForm();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name", { exact: true }).fill("Milk");
    await dialog.getByLabel("Price", { exact: true }).fill("-1");
    await dialog.getByLabel("Stock on hand", { exact: true }).fill("-2");
    await dialog.getByLabel("Reorder level", { exact: true }).fill("1,0005");
    await dialog.getByRole("button", { name: "Create product" }).click();
    expect(await fieldError("Price")).toBe("Enter a price of 0 or more, with at most 2 decimals");
    expect(await fieldError("Stock on hand")).toBe("Enter a stock level of 0 or more, with at most 3 decimals");
    expect(await fieldError("Reorder level")).toBe("Enter a reorder level of 0 or more, with at most 3 decimals");
    await dialog.getByLabel("Price", { exact: true }).fill("100000000");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await expect.poll(() => fieldError("Price")).toBe("Enter a price below 100 million");
    await page.keyboard.press("Escape");
  });

  test("a restock of nothing", async () => {
    await openPage(page, `/products/${productId}`, "Oat milk");
    await page.getByRole("button", { name: "Restock", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: /Restock/ });
    await dialog.getByLabel("Quantity received", { exact: true }).fill("0");
    await dialog.locator("button[type=submit]").click();
    expect(await fieldError("Quantity received")).toBe("Enter a quantity more than 0, with at most 3 decimals");
    await page.keyboard.press("Escape");
  });
});

describe("a call that never reached the API", () => {
  const formError = () => page.getByRole("dialog").getByRole("alert").first();

  test.each([
    ["a proxy's error page (HTML, not the API's JSON)", "page"],
    ["the network gone", "abort"],
  ] as const)("%s: the form says the server could not be reached, not the browser's words", async (_, how) => {
    await page.route("**/trpc/product.create**", (route) =>
      how === "page"
        ? route.fulfill({ status: 502, contentType: "text/html", body: "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>" })
        : route.abort("failed"),
    );
    try {
      await newProductForm();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name", { exact: true }).fill("Milk");
      await dialog.getByRole("button", { name: "Create product" }).click();
      await formError().waitFor();
      expect(await formError().textContent()).toBe("Tillsync’s server could not be reached. Check the connection and try again.");
      await page.keyboard.press("Escape");
    } finally {
      await page.unroute("**/trpc/product.create**");
    }
  });
});
