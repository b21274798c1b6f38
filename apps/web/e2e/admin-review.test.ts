// The manager's Needs review page in Chromium (DESIGN.md §7, §8): a cashier refunds at a till with
// no manager signed in and a sale's payments do not add up, so both are flagged; a manager signed
// in through the sign-in page sees them counted in the nav and on the dashboard, marks the refund
// reviewed with a note, and it leaves the list (the other stays); the Reviewed tab and the refund's
// page say who reviewed it and when.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, signUpShop, trpc, uniqueEmail, waitForSettled } from "./harness";
import { createProduct, refundLine, signInCashier, signInThroughPage } from "./pos-helpers";

let browser: Browser;
let owner: BrowserContext;
let cashier: BrowserContext;
let managerContext: BrowserContext;
let page: Page;
let pageErrors: string[];

const state = { refundId: 0, mismatchId: 0 };
const manager = { email: uniqueEmail("manager"), password: "correct-horse-battery", name: "Max Manager" };

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await browser.newContext();
  await signUpShop(owner, { timeZone: "Europe/Berlin", currency: "EUR", shopName: "Review Corner" });
  cashier = await browser.newContext();
  await signInCashier(owner, cashier, "Cara Cashier");
  // Max accepts his invitation in a browser of his own; he signs in through the sign-in page below.
  const { token } = await trpc<{ token: string }>(owner, "staff.invite", { email: manager.email, role: "manager" }, "mutation");
  const invitee = await browser.newContext();
  const accepted = await invitee.request.post(`${baseUrl()}/api/auth/invite/accept`, { data: { token, name: manager.name, password: manager.password } });
  expect(accepted.ok(), await accepted.text()).toBe(true);
  await invitee.close();

  const eggs = await createProduct(owner, { name: "Eggs (box of 6)", unitPrice: "5.50", initialStock: "20" });
  const { sale } = await trpc<{ sale: { id: number } }>(
    owner,
    "sale.create",
    { externalId: crypto.randomUUID(), items: [{ productId: eggs.id, quantity: "2" }], tenders: [{ method: "card", amount: "11.00" }] },
    "mutation",
  );
  // Cara refunds one box at the till with no manager signed in: recorded, flagged.
  const { sale: refund } = await refundLine(cashier, sale.id, "5.50", "Cracked box");
  expect(refund.needsReview).toBe(true);
  state.refundId = refund.id;
  // 5.50 owed, 5.00 recorded on the card terminal: recorded, flagged.
  const { sale: mismatch } = await trpc<{ sale: { id: number; tenderMismatch: boolean } }>(
    cashier,
    "sale.create",
    { externalId: crypto.randomUUID(), items: [{ productId: eggs.id, quantity: "1" }], tenders: [{ method: "card", amount: "5.00" }] },
    "mutation",
  );
  expect(mismatch.tenderMismatch).toBe(true);
  state.mismatchId = mismatch.id;

  managerContext = await browser.newContext({ locale: "en-US", timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 800 } });
  page = await managerContext.newPage();
  page.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(page);
  await signInThroughPage(page, manager, "/");
});

afterAll(async () => {
  await browser?.close();
});

const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
const navLink = () => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Needs review/ });
const row = (title: string) => page.getByRole("listitem", { name: title, exact: true });

describe("Needs review", () => {
  test("the nav and the dashboard count what waits for a manager", async () => {
    await heading("Today at a glance").waitFor();
    await expect.poll(() => navLink().innerText(), eventually).toBe("Needs review\n2");
    await navLink().getByLabel("2 to review").waitFor();
    const card = page.locator("[data-slot=card]", { has: page.getByText("Needs review", { exact: true }) });
    await expect.poll(() => card.innerText(), eventually).toContain("2 items are waiting for a manager to look at them.");
  });

  test("a manager marks the flagged refund reviewed with a note; it leaves the list", async () => {
    await navLink().click();
    await heading("Needs review").waitFor();
    const refund = row(`Refund #${state.refundId}`);
    await refund.waitFor();
    const text = await refund.innerText();
    for (const part of ["-€5.50", "Refund without a manager", "Cara Cashier", "Reason given: Cracked box"]) expect(text).toContain(part);
    await row(`Sale #${state.mismatchId}`).getByText("Payments don’t add up").waitFor();
    await screenshot(page, "needs-review-1280");

    await refund.getByRole("button", { name: "Mark reviewed" }).click();
    const dialog = page.getByRole("dialog", { name: `Mark Refund #${state.refundId} reviewed` });
    await dialog.getByLabel("Note (optional)").fill("Box was cracked, checked with Cara");
    await dialog.getByRole("button", { name: "Mark reviewed" }).click();
    await page.getByText(`Refund #${state.refundId} marked reviewed`).waitFor();
    await refund.waitFor({ state: "detached" });
    await row(`Sale #${state.mismatchId}`).waitFor();
    await expect.poll(() => navLink().innerText(), eventually).toBe("Needs review\n1");

    // Recorded on the server: who, and the note.
    const item = await trpc<{ review: { by: { name: string }; note: string } | null }>(managerContext, "review.item", {
      subject: "sale",
      subjectId: state.refundId,
    });
    expect(item.review).toMatchObject({ by: { name: manager.name }, note: "Box was cracked, checked with Cara" });

    await page.getByRole("tab", { name: "Reviewed" }).click();
    const reviewed = row(`Refund #${state.refundId}`);
    await reviewed.getByText(/^Reviewed by Max Manager · \d{1,2} \w{3} \d{4}, \d{2}:\d{2} · “Box was cracked, checked with Cara”$/).waitFor();
    expect(await reviewed.getByRole("button", { name: "Mark reviewed" }).count()).toBe(0);
  });

  test("the refund's page says who reviewed it; the unreviewed sale's page points to the list", async () => {
    await page.goto(`${baseUrl()}/sales/${state.refundId}`);
    await heading(`Refund #${state.refundId} · -€5.50`).waitFor();
    await page.getByText(/^Reviewed by Max Manager · .* · “Box was cracked, checked with Cara”$/).waitFor();
    await page.goto(`${baseUrl()}/sales/${state.mismatchId}`);
    await heading(`Sale #${state.mismatchId} · €5.50`).waitFor();
    await page.getByText("Not reviewed yet").waitFor();
  });

  test("the page fits a tablet", async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${baseUrl()}/review`);
    await heading("Needs review").waitFor();
    await waitForSettled(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await screenshot(page, "needs-review-820");
    expect(pageErrors).toEqual([]);
  });
});
