// Cash taken with no drawer open (DESIGN.md §8) in Chromium on the production build: the till's
// payment step says plainly, before Confirm, that cash taken on a browser that is not a till or at
// a till with no drawer session open will be flagged for a manager (card says nothing; the sale
// is never blocked), and says nothing once the drawer is open. The server flags those sales; a
// manager sees each on Needs review in words, with its time in the shop's zone (Tokyo, the
// browser being in Chicago), its amount in the shop's currency and who took it (cashier, till or
// device key bound to a till), and marks it reviewed like any other flag; a device key bound to no till is not flagged. axe finds nothing in the payment step
// with the warning or on the page.
import { tz } from "@date-fns/tz";
import type { Page as Paged, SaleDTO, TillDTO } from "@tillsync/validators";
import { format } from "date-fns";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { axeViolations } from "./axe";
import { baseUrl, collectPageErrors, eventually, launchBrowser, signUpShop, trpc, waitForSettled } from "./harness";
import { createProduct, drawerAction, openPos, signInCashier, waitForCount } from "./pos-helpers";

const SHOP_ZONE = "Asia/Tokyo";
const NOT_A_TILL = "This browser is not a till, so no drawer is open: this cash will be flagged for a manager.";
const NO_DRAWER = "No drawer is open on this till: this cash will be flagged for a manager.";
const FLAG = "Cash taken with no drawer open — not in any cash-up";

let browser: Browser;
let owner: BrowserContext;
let cashier: BrowserContext;
let till: Page;
let page: Page;
let pageErrors: string[];
const sales = { notATill: 0, noDrawer: 0, inDrawer: 0, byKey: 0 };

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago", viewport: { width: 1280, height: 900 } });
  await signUpShop(owner, { timeZone: SHOP_ZONE, currency: "GBP", shopName: "Drawer Corner" });
  await createProduct(owner, { name: "Eggs (box of 6)", unitPrice: "3.50", initialStock: "50" });
  cashier = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago", viewport: { width: 1280, height: 1000 } });
  await signInCashier(owner, cashier, "Cara Cashier");
  till = await cashier.newPage();
  till.setDefaultTimeout(15_000);
  await openPos(till, "Eggs (box of 6)");
  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
});

const paymentStep = () => till.getByRole("dialog", { name: "Payment" });
const warning = () => paymentStep().locator('[data-figure="no-drawer"]');

/** Puts a box of eggs in the cart and opens the payment step. */
async function charge() {
  await till.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Eggs (box of 6)" }).click();
  await till.getByRole("button", { name: /^Charge/ }).click();
  await paymentStep().waitFor();
}

/** Confirms the payment step and waits until the till has sent everything it queued. */
async function confirm(synced: number) {
  await paymentStep().getByRole("button", { name: "Confirm payment" }).click();
  await paymentStep().waitFor({ state: "detached" });
  await waitForCount(till, "Synced", synced);
  await waitForCount(till, "Pending", 0);
}

/** The shop's newest sale on the server. */
const newestSale = async () => (await trpc<Paged<SaleDTO>>(owner, "sale.list", { limit: 1 })).items[0]!;

describe("cash with no drawer open", () => {
  test("a browser that is not a till: the payment step warns before Confirm for cash, not for card, and the sale is saved and flagged", async () => {
    await charge();
    await warning().filter({ hasText: NOT_A_TILL }).waitFor();
    // Before the cashier confirms, plainly, next to the button; Confirm stays enabled.
    expect(await paymentStep().getByRole("status").filter({ hasText: NOT_A_TILL }).count()).toBe(1);
    expect(await paymentStep().getByRole("button", { name: "Confirm payment" }).isEnabled()).toBe(true);
    await till.waitForTimeout(100);
    expect(await axeViolations(till, "payment step, not a till", '[role="dialog"]')).toEqual([]);
    await paymentStep().getByRole("radio", { name: "Card", exact: true }).click();
    await warning().waitFor({ state: "detached" });
    await paymentStep().getByRole("radio", { name: "Cash", exact: true }).click();
    await warning().waitFor();
    await confirm(1);
    const sale = await newestSale();
    expect(sale).toMatchObject({ total: "3.50", tillId: null, drawerSessionId: null, cashWithoutDrawer: true });
    sales.notATill = sale.id;
  });

  test("a till with no drawer open warns; with the drawer open it does not, and that sale is not flagged", async () => {
    const front = await trpc<TillDTO>(owner, "till.create", { name: "Front", series: "A" }, "mutation");
    await till.getByRole("button", { name: "Choose this till" }).click();
    await till.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: "Front" }).click();
    await till.getByRole("region", { name: "Till" }).filter({ hasText: "Till Front (A)" }).waitFor();

    await charge();
    await warning().filter({ hasText: NO_DRAWER }).waitFor();
    await till.waitForTimeout(100);
    expect(await axeViolations(till, "payment step, no drawer open", '[role="dialog"]')).toEqual([]);
    await confirm(2);
    const noDrawer = await newestSale();
    expect(noDrawer).toMatchObject({ tillId: front.id, drawerSessionId: null, cashWithoutDrawer: true });
    sales.noDrawer = noDrawer.id;

    await drawerAction(till, "Open drawer", "50.00");
    await charge();
    // The step is drawn with the drawer open: no warning at all.
    await paymentStep().getByRole("button", { name: "Confirm payment" }).waitFor();
    expect(await warning().count()).toBe(0);
    await confirm(4);
    const inDrawer = await newestSale();
    expect(inDrawer).toMatchObject({ tillId: front.id, drawerSessionId: expect.any(String), cashWithoutDrawer: false });
    sales.inDrawer = inDrawer.id;
  });

  test("Needs review lists each flagged sale in words, in the shop's zone and currency, with who took it; a manager marks one reviewed", async () => {
    // A tablet's device key bound to no till sends a cash sale: it has no drawer here to count into
    // (a REST till, a script), so it is recorded and not flagged (d45040d).
    const { key } = await trpc<{ key: string }>(owner, "apiKey.create", { name: "back-tablet", role: "device" }, "mutation");
    const tablet = await browser.newContext();
    const sent = await tablet.request.post(`${baseUrl()}/trpc/sale.create`, {
      headers: { authorization: `Bearer ${key}` },
      data: {
        json: {
          externalId: crypto.randomUUID(),
          items: [{ productId: (await newestSale()).items[0]!.productId, quantity: "2" }],
          tenders: [{ method: "cash", amount: "7.00", tendered: "10.00" }],
        },
      },
    });
    expect(sent.ok(), await sent.text()).toBe(true);
    await tablet.close();
    const byKey = await newestSale();
    expect(byKey).toMatchObject({ cashWithoutDrawer: false });
    sales.byKey = byKey.id;

    await page.goto(`${baseUrl()}/review`);
    await page.getByRole("heading", { level: 1, name: "Needs review" }).waitFor();
    const row = (id: number) => page.getByRole("listitem", { name: `Sale #${id}`, exact: true });
    // The JSON of the answer carries instants as ISO text.
    const at = async (id: number) => format(new Date((await trpc<SaleDTO>(owner, "sale.byId", { id })).occurredAt), "d MMM yyyy, HH:mm", { in: tz(SHOP_ZONE) });
    for (const [id, amount, who] of [
      [sales.notATill, "£3.50", "Cara Cashier"],
      [sales.noDrawer, "£3.50", "Cara Cashier · Front"],
    ] as const) {
      await row(id).getByText(FLAG).waitFor();
      const text = await row(id).innerText();
      for (const part of [amount, `${await at(id)} · ${who}`]) expect(text, `Sale #${id}`).toContain(part);
    }
    expect(await row(sales.inDrawer).count()).toBe(0);
    expect(await row(sales.byKey).count()).toBe(0);
    await waitForSettled(page);
    expect(await axeViolations(page, "/review with cash taken with no drawer open")).toEqual([]);

    await row(sales.noDrawer).getByRole("button", { name: "Mark reviewed" }).click();
    const dialog = page.getByRole("dialog", { name: `Mark Sale #${sales.noDrawer} reviewed` });
    await dialog.getByLabel("Note (optional)").fill("Cara forgot to open the drawer; cash counted in");
    await dialog.getByRole("button", { name: "Mark reviewed" }).click();
    await row(sales.noDrawer).waitFor({ state: "detached" });
    const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Needs review/ });
    await expect.poll(() => nav.innerText(), eventually).toBe("Needs review\n1");
    expect(await trpc<{ unreviewed: number }>(owner, "review.count")).toEqual({ unreviewed: 1 });

    // The sale's page shows the flag and who reviewed it.
    await page.goto(`${baseUrl()}/sales/${sales.noDrawer}`);
    await page.getByText("No drawer open", { exact: true }).waitFor();
    await page.getByText(/^Reviewed by Olivia Owner · .* · “Cara forgot to open the drawer; cash counted in”$/).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
