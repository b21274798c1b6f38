// A cashier joins through an invitation from the Staff page and sees only what the role
// allows: no product editing, analytics, alerts, staff, devices or settings — not in the
// navigation, not by typing the address, and not through the API either.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, launchBrowser, screenshot, signUpShop, trpc, TrpcError, uniqueEmail, waitForSettled } from "./harness";

let browser: Browser;
let owner: BrowserContext;
let cashier: BrowserContext;
let till: Page;
let pageErrors: string[];
let productId: number;
const cashierAccount = { email: uniqueEmail("cashier"), password: "till-password-1" };

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await browser.newContext({ locale: "en-US" });
  await signUpShop(owner, { shopName: "Corner Shop" });
  ({ id: productId } = await trpc<{ id: number }>(
    owner,
    "product.create",
    { name: "Sourdough bread", unitPrice: "3.50", initialStock: "20", reorderLevel: "5" },
    "mutation",
  ));
  cashier = await browser.newContext({ locale: "en-US", viewport: { width: 820, height: 1180 } });
  till = await cashier.newPage();
  till.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(till);
});

afterAll(async () => {
  await browser?.close();
});

const heading = (page: Page, name: string | RegExp) => page.getByRole("heading", { level: 1, name });

/** The API's answer to the cashier: the tRPC error code, or "OK". */
const outcome = (call: Promise<unknown>) =>
  call.then(
    () => "OK",
    (error: unknown) => (error instanceof TrpcError ? error.code : String(error)),
  );

describe("a cashier", () => {
  test("is invited on the Staff page, accepts, signs out and signs in again", async () => {
    const page = await owner.newPage();
    await page.goto(`${baseUrl()}/staff`);
    await page.getByRole("button", { name: "Invite" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(cashierAccount.email);
    await dialog.getByLabel("Role").selectOption("cashier");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const link = (await dialog.getByLabel("invitation link", { exact: true }).innerText()).trim();
    expect(link).toMatch(new RegExp(`^${baseUrl()}/accept-invite\\?token=.+`));
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByText(cashierAccount.email).waitFor();
    await page.close();

    await till.goto(link);
    await till.getByLabel("Your name").waitFor();
    await screenshot(till, "accept-invite-820");
    await till.getByLabel("Your name").fill("Carl Cashier");
    await till.getByLabel("Password").fill(cashierAccount.password);
    await till.getByRole("button", { name: "Join" }).click();
    // A cashier's start page is the till, not the dashboard.
    await till.waitForURL(`${baseUrl()}/pos`);
    await till.getByRole("searchbox", { name: "Search products" }).waitFor();

    await till.goto(`${baseUrl()}/sales`);
    await heading(till, "Sales").waitFor();
    await till.getByRole("button", { name: "Sign out" }).click();
    await till.waitForURL(/\/sign-in/);
    await till.getByLabel("Email").waitFor();
    await screenshot(till, "sign-in-820");
    await till.getByLabel("Email").fill(cashierAccount.email);
    await till.getByLabel("Password").fill(cashierAccount.password);
    await till.getByRole("button", { name: "Sign in" }).click();
    await till.waitForURL(`${baseUrl()}/pos`);
    await till.getByRole("searchbox", { name: "Search products" }).waitFor();
    const { principal } = await trpc<{ principal: { role: string; name: string } }>(cashier, "shop.current");
    expect(principal).toMatchObject({ role: "cashier", name: "Carl Cashier" });
    await till.goto(`${baseUrl()}/sales`);
    await heading(till, "Sales").waitFor();
    await waitForSettled(till);
    await screenshot(till, "cashier-sales-820");
  });

  test("sees no manager or owner pages in the navigation, and cannot edit products", async () => {
    const nav = (await till.getByRole("navigation", { name: "Main" }).getByRole("link").allInnerTexts()).map((text) => text.trim());
    expect(nav).toEqual(expect.arrayContaining(["Products", "Sales"]));
    for (const hidden of ["Dashboard", "Alerts", "Analytics", "Devices", "Staff", "Settings"]) expect(nav).not.toContain(hidden);

    await till.goto(`${baseUrl()}/products`);
    await till.getByRole("link", { name: "Sourdough bread" }).waitFor();
    expect(await till.getByRole("button", { name: "New product" }).count()).toBe(0);

    await till.goto(`${baseUrl()}/products/${productId}`);
    await heading(till, "Sourdough bread").waitFor();
    await waitForSettled(till);
    for (const action of ["Edit", "Restock", "Count", "Archive"]) expect(await till.getByRole("button", { name: action }).count(), action).toBe(0);
    expect(await till.getByText("Stock history").count()).toBe(0);
    await screenshot(till, "cashier-product-detail-820");
  });

  test.each([
    ["/analytics", "Product analytics"],
    ["/alerts", "Low-stock alerts"],
    ["/devices", "Devices"],
    ["/staff", "Staff"],
    ["/settings", "Shop settings"],
  ])("is refused %s when typing its address", async (path, title) => {
    await till.goto(`${baseUrl()}${path}`);
    await till.getByText("This page isn’t part of your role").waitFor();
    expect(await heading(till, title).count()).toBe(0);
  });

  test("is sent from the dashboard to the till", async () => {
    await till.goto(`${baseUrl()}/`);
    await till.waitForURL(`${baseUrl()}/pos`);
    expect(await heading(till, "Today at a glance").count()).toBe(0);
  });

  test("is refused by the API, with the cashier's own session, for what the role does not allow", async () => {
    // The session works: reading products is a cashier's right.
    expect(await outcome(trpc(cashier, "product.list", {}))).toBe("OK");
    const today = new Date().toISOString().slice(0, 10);
    expect(await outcome(trpc(cashier, "analytics.byProduct", { productId, startDate: today, endDate: today, period: "daily" }))).toBe("FORBIDDEN");
    expect(await outcome(trpc(cashier, "product.create", { name: "Cashier special", unitPrice: "1.00" }, "mutation"))).toBe("FORBIDDEN");
    expect(await outcome(trpc(cashier, "product.restock", { productId, quantity: "5" }, "mutation"))).toBe("FORBIDDEN");
    expect(await outcome(trpc(cashier, "apiKey.create", { name: "rogue-till", role: "device" }, "mutation"))).toBe("FORBIDDEN");
    expect(await outcome(trpc(cashier, "staff.invite", { email: uniqueEmail("friend"), role: "owner" }, "mutation"))).toBe("FORBIDDEN");
    const { items } = await trpc<{ items: { name: string }[] }>(owner, "product.list", {});
    expect(items.map((product) => product.name)).toEqual(["Sourdough bread"]);
    expect(pageErrors).toEqual([]);
  });
});
