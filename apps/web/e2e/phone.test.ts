// Every page on a 390×844 phone (issue 21), with a shop full of data (busy-shop.ts: long
// product names, a long unbreakable word, many rows): nothing scrolls sideways and no button
// or link is cut off (phone-layout.ts). Signed in as the owner: the dashboard, every admin
// page, a product's and a sale's page, both analytics views, the till with its cart sheet
// open and its payment step; signed out: sign-in, sign-up and accepting an invitation.
// Phones here use the dark colour scheme (prefers-color-scheme: dark, the theme's other half;
// accessibility.test.ts covers the light one at 1280 px), and axe-core (WCAG 2.2 A/AA) checks
// every page and step in it. The admin pages again with the shop in German (de-DE), whose money
// ("1.234,50 €") and dates are wider, and no text may be cut with an ellipsis. Screenshots: artifacts/phone-*.png.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { axeViolations } from "./axe";
import { baseUrl, collectPageErrors, launchBrowser, openPage, signUpShop, trpc } from "./harness";
import { busyShopPages, LONG_NAME, LONG_WORD, seedBusyShop, type BusyShop } from "./busy-shop";
import { PHONE, phoneProblems } from "./phone-layout";
import { openPos, scrollToTile } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
let shop: BusyShop;

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 800 } });
  await signUpShop(owner, { currency: "EUR", shopName: "The Very Long Named Corner Shop & Delicatessen of Upper Mill Street" });
  const cashier = await browser.newContext();
  shop = await seedBusyShop(owner, cashier);
  await cashier.close();
}, 120_000);

const phoneContext = async (signedIn: boolean) =>
  browser.newContext({
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
    colorScheme: "dark",
    locale: "en-GB",
    ...(signedIn ? { storageState: await owner.storageState() } : {}),
  });

/** What does not fit (phoneProblems) and what axe-core finds, on the page as it is now. */
async function problemsOf(page: Page, name: string, shot?: "viewport") {
  return [...(await phoneProblems(page, name, shot)), ...(await axeViolations(page, name))];
}

/** Opens `path`, waits for its heading and for its data; answers its problems (problemsOf). */
async function visit(page: Page, path: string, heading: string | RegExp, name: string) {
  await openPage(page, path, heading);
  return problemsOf(page, name);
}

describe("on a 390×844 phone", () => {
  test("every admin page of a busy shop: nothing scrolls sideways, no button or link is cut off, no axe violation in the dark scheme", async () => {
    const phone = await phoneContext(true);
    const page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    // Every page is checked and every problem reported, not only the first page's.
    const problems: string[] = [];
    for (const [path, heading, name] of busyShopPages(shop)) problems.push(...(await visit(page, path, heading, name)));
    expect(problems).toEqual([]);
    // The data is there: the long names are on the pages that list them.
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("link", { name: LONG_WORD }).waitFor();
    await phone.close();
    expect(errors).toEqual([]);
  });

  test("every admin page of the same shop in German (de-DE): German money and dates are wider, and nothing scrolls sideways or is cut off", async () => {
    await trpc(owner, "shop.update", { locale: "de-DE" }, "mutation");
    const phone = await phoneContext(true);
    const page = await phone.newPage();
    page.setDefaultTimeout(20_000);
    const errors = collectPageErrors(page);
    const problems: string[] = [];
    try {
      for (const [path, heading, name] of busyShopPages(shop)) problems.push(...(await visit(page, path, heading, `de-${name}`)));
      // The page is German: its money is written "1.234,50 €".
      await page.goto(`${baseUrl()}/products`);
      await page.getByText("1.234,50 €").first().waitFor();
    } finally {
      await trpc(owner, "shop.update", { locale: null }, "mutation");
    }
    expect(problems).toEqual([]);
    await phone.close();
    expect(errors).toEqual([]);
  });

  test("the till with its cart sheet open and its payment step", async () => {
    const phone = await phoneContext(true);
    const page = await phone.newPage();
    const errors = collectPageErrors(page);
    await openPos(page, LONG_WORD);
    await (await scrollToTile(page, LONG_WORD)).tap();
    await page.evaluate(() => window.scrollTo(0, 0));
    await (await scrollToTile(page, LONG_NAME)).tap();
    await page.evaluate(() => window.scrollTo(0, 0));
    const problems = await problemsOf(page, "pos", "viewport");
    await page.locator('[data-figure="cart-bar"]').tap();
    const cart = page.getByRole("region", { name: "Current sale" });
    await cart.getByRole("listitem", { name: LONG_NAME }).waitFor();
    problems.push(...(await problemsOf(page, "pos-cart-sheet", "viewport")));
    // One Charge on screen with the sheet open: the cart bar's.
    expect(await page.getByRole("button", { name: /^Charge/ }).count()).toBe(1);
    await page.getByRole("button", { name: "Charge", exact: true }).tap();
    await page.getByRole("dialog", { name: "Payment" }).waitFor();
    problems.push(...(await problemsOf(page, "pos-payment", "viewport")));
    expect(problems).toEqual([]);
    await phone.close();
    expect(errors).toEqual([]);
  });

  test("sign-in, sign-up and accepting an invitation", async () => {
    const phone = await phoneContext(false);
    const page = await phone.newPage();
    const errors = collectPageErrors(page);
    const problems = [
      ...(await visit(page, "/sign-in", "Sign in", "sign-in")),
      ...(await visit(page, "/sign-up", "Open your shop", "sign-up")),
      ...(await visit(page, `/accept-invite?token=${shop.inviteToken}`, "Join your shop", "accept-invite")),
    ];
    expect(problems).toEqual([]);
    await phone.close();
    expect(errors).toEqual([]);
  });
});
