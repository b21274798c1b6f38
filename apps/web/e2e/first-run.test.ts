// The dashboard's first-run checklist (issue 21): a new shop's owner sees "add products →
// open the till → invite staff", each step ticked from what the shop really did (a product,
// a till picked by a browser, an invitation), the next step's button leading to its page; the
// list goes once every step is done, or for good when put away ("Hide this list").
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, signUpShop, trpc, uniqueEmail, waitForSettled } from "./harness";
import { createProduct } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

async function newOwner(): Promise<{ owner: BrowserContext; page: Page; errors: string[] }> {
  const owner = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  await signUpShop(owner, { shopName: "Fresh Start" });
  const page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  return { owner, page, errors: collectPageErrors(page) };
}

const checklist = (page: Page) => page.getByRole("heading", { name: "Get your shop ready" });
const step = (page: Page, key: "products" | "till" | "staff") => page.locator(`[data-step="${key}"]`);

/** The dashboard, reloaded, once its data is in. */
async function dashboard(page: Page) {
  await page.goto(`${baseUrl()}/`);
  await page.getByRole("heading", { name: "Today at a glance" }).waitFor();
  await waitForSettled(page);
}

describe("first-run checklist", () => {
  test("ticks each step from the shop's data and goes once all are done", async () => {
    const { owner, page, errors } = await newOwner();
    await dashboard(page);
    await checklist(page).waitFor();
    expect(await page.getByText("0 of 3 done").count()).toBe(1);
    expect(await step(page, "products").getAttribute("data-done")).toBe("false");
    await screenshot(page, "first-run-checklist");
    // The first step's button leads to its page.
    await step(page, "products").getByRole("link", { name: "Add products" }).click();
    await page.waitForURL(`${baseUrl()}/products`);

    await createProduct(owner, { name: "Sourdough loaf", unitPrice: "4.20", initialStock: "10" });
    await dashboard(page);
    await page.getByText("1 of 3 done").waitFor();
    expect(await step(page, "products").getAttribute("data-done")).toBe("true");
    expect(await step(page, "till").getByRole("link", { name: "Open the till" }).getAttribute("href")).toBe("/pos");

    // A till made but not yet picked on a device is not open.
    const till = await trpc<{ id: number }>(owner, "till.create", { name: "Front", series: "A" }, "mutation");
    await dashboard(page);
    expect(await step(page, "till").getAttribute("data-done")).toBe("false");
    await trpc(owner, "till.claim", { tillId: till.id, claimId: crypto.randomUUID() }, "mutation");
    await dashboard(page);
    await page.getByText("2 of 3 done").waitFor();
    expect(await step(page, "till").getAttribute("data-done")).toBe("true");

    await trpc(owner, "staff.invite", { email: uniqueEmail("cashier"), role: "cashier" }, "mutation");
    await dashboard(page);
    expect(await checklist(page).count()).toBe(0);
    await owner.close();
    expect(errors).toEqual([]);
  });

  test("put away with Hide this list, it stays away for the shop", async () => {
    const { owner, page, errors } = await newOwner();
    await dashboard(page);
    await checklist(page).waitFor();
    await page.getByRole("button", { name: "Hide this list" }).click();
    await expect.poll(() => checklist(page).count(), eventually).toBe(0);
    expect(await trpc<{ dismissed: boolean }>(owner, "shop.setup")).toMatchObject({ dismissed: true, products: false });
    await dashboard(page);
    expect(await checklist(page).count()).toBe(0);
    await owner.close();
    expect(errors).toEqual([]);
  });
});
