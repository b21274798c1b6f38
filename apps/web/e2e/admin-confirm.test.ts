// Destructive or easily unnoticed actions of the admin app ask first (a newcomer archived a
// product with one click): archiving a product, archiving a till, changing a member's role (a
// select changes with one arrow key). Cancel changes nothing, confirming does the change, and
// either way focus is back on what opened the dialog; axe-core finds nothing in the dialogs.
// Restoring is not destructive and happens at once. (Revoking a key and removing a member
// asked already: accessibility.test.ts checks those dialogs.)
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { axeViolations } from "./axe";
import { collectPageErrors, eventually, launchBrowser, openPage, signUpShop, trpc } from "./harness";
import { signInCashier } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
let page: Page;
let errors: string[];
let productId: number;
let tillId: number;

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  await signUpShop(owner, { currency: "EUR" });
  ({ id: productId } = await trpc<{ id: number }>(owner, "product.create", { name: "Oat milk", unitPrice: "1.49", initialStock: "12" }, "mutation"));
  ({ id: tillId } = await trpc<{ id: number }>(owner, "till.create", { name: "Front counter", series: "F" }, "mutation"));
  const cashier = await browser.newContext();
  await signInCashier(owner, cashier, "Cara Cashier");
  await cashier.close();
  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
}, 60_000);

afterAll(() => {
  expect(errors).toEqual([]);
});

const isFocused = (target: Locator) => target.evaluate((element) => element === document.activeElement);
const archivedAt = async () => (await trpc<{ archivedAt: string | null }>(owner, "product.byId", { id: productId })).archivedAt;
const tillArchivedAt = async () => (await trpc<{ id: number; archivedAt: string | null }[]>(owner, "till.list")).find((till) => till.id === tillId)!.archivedAt;
const roleOfCara = async () =>
  (await trpc<{ members: { name: string; role: string }[] }>(owner, "staff.list")).members.find((m) => m.name === "Cara Cashier")!.role;

/** Opens a confirm dialog from `trigger` by keyboard, as staff who tab through the page do; answers the dialog once axe has checked it. */
async function openConfirm(trigger: Locator, title: string) {
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("alertdialog", { name: title });
  await dialog.waitFor();
  // Cancel, not the destructive button, has the focus first.
  await expect.poll(() => isFocused(dialog.getByRole("button", { name: "Cancel" })), eventually).toBe(true);
  expect(await axeViolations(page, `dialog "${title}"`, '[role="alertdialog"]')).toEqual([]);
  return dialog;
}

describe("asked before it happens", () => {
  test("archiving a product: Cancel keeps it; confirming archives it; focus is back on the button each time; Restore needs no asking", async () => {
    await openPage(page, `/products/${productId}`, "Oat milk");
    const archive = page.getByRole("button", { name: "Archive", exact: true });
    let dialog = await openConfirm(archive, "Archive Oat milk?");
    await dialog.getByText(/^Tills stop offering it from their next sync/).waitFor();
    expect(await archivedAt()).toBeNull();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => isFocused(archive), eventually).toBe(true);
    expect(await archivedAt()).toBeNull();

    dialog = await openConfirm(archive, "Archive Oat milk?");
    await dialog.getByRole("button", { name: "Archive product" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(archivedAt, eventually).not.toBeNull();
    const restore = page.getByRole("button", { name: "Restore", exact: true });
    await expect.poll(() => isFocused(restore), eventually).toBe(true);

    await restore.click();
    await expect.poll(archivedAt, eventually).toBeNull();
    expect(await page.getByRole("alertdialog").count()).toBe(0);
  });

  test("archiving a till: Cancel keeps it; confirming archives it; focus is back on the row's button", async () => {
    await openPage(page, "/tills", "Tills");
    const row = page.getByRole("row").filter({ hasText: "Front counter" });
    const archive = row.getByRole("button", { name: "Archive", exact: true });
    let dialog = await openConfirm(archive, "Archive Front counter?");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => isFocused(archive), eventually).toBe(true);
    expect(await tillArchivedAt()).toBeNull();

    dialog = await openConfirm(archive, "Archive Front counter?");
    await dialog.getByRole("button", { name: "Archive till" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(tillArchivedAt, eventually).not.toBeNull();
    await expect.poll(() => isFocused(row.getByRole("button", { name: "Restore", exact: true })), eventually).toBe(true);
    await row.getByRole("button", { name: "Restore", exact: true }).click();
    await expect.poll(tillArchivedAt, eventually).toBeNull();
  });

  test("changing a role: the select stays until confirmed; Cancel changes nothing; focus is back on the select", async () => {
    await openPage(page, "/staff", "Staff");
    const select = page.getByLabel("Role of Cara Cashier");
    await select.focus();
    await select.selectOption("manager");
    let dialog = page.getByRole("alertdialog", { name: "Make Cara Cashier a manager?" });
    await dialog.waitFor();
    expect(await axeViolations(page, "role dialog", '[role="alertdialog"]')).toEqual([]);
    expect(await select.inputValue()).toBe("cashier");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => isFocused(select), eventually).toBe(true);
    expect(await roleOfCara()).toBe("cashier");
    expect(await select.inputValue()).toBe("cashier");

    await select.selectOption("manager");
    await dialog.getByRole("button", { name: "Make manager" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(roleOfCara, eventually).toBe("manager");
    await expect.poll(() => select.inputValue(), eventually).toBe("manager");
    await expect.poll(() => isFocused(select), eventually).toBe(true);

    // Taking rights away says which.
    await select.selectOption("cashier");
    dialog = page.getByRole("alertdialog", { name: "Make Cara Cashier a cashier?" });
    await dialog.getByText("They lose products, stock, refunds, alerts and reports at once.").waitFor();
    await dialog.getByRole("button", { name: "Make cashier" }).click();
    await expect.poll(roleOfCara, eventually).toBe("cashier");
  });
});
