// Scan-to-add on the till (issue 18, DESIGN.md §9), offline the whole time: a keyboard-wedge
// scanner (keys 5–10 ms apart, then Enter) adds products whether or not the search box has
// focus, and leaves nothing in it; a person typing as slowly as people do is not taken for a
// scanner; a GS1 weight label (prefixes set with the one-click preset in Settings) adds its
// weight of a volatile product at its price per kg, a price label its amount with the weight
// derived; a misread says so; an unknown code opens
// the new-product dialog with the code as its SKU.
import type { ProductDTO, ScanPrefixRule } from "@tillsync/validators";
import { afterAll, beforeAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, screenshot, signUpShop, trpc } from "./harness";
import { goOffline, openPos, outboxOf, shopIdOf, waitForCount } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

const products = [
  { name: "Oat milk", sku: "4006381333931", unitPrice: "1.49", initialStock: "50" },
  // Stored as the 12-digit UPC-A; scanned below as the 13-digit EAN-13 spelling.
  { name: "Green tea", sku: "036000291452", unitPrice: "3.20", initialStock: "20" },
  { name: "Whole milk", sku: "MILK-1L", unitPrice: "0.99", initialStock: "30" },
  // Sold by weight: its price is per kg; its scale prints item code 12345.
  { name: "Smoked ham", sku: "12345", unitPrice: "18.90", isVolatile: true },
  // Sold by weight too, its scale printing price labels for item 54321.
  { name: "Olives", sku: "54321", unitPrice: "12.00", isVolatile: true },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Keys are sent through the DevTools protocol with the time each was pressed
// (Input.dispatchKeyEvent `timestamp`, which Chromium gives the page as event.timeStamp, as it
// gives a real keyboard's), so a loaded machine delaying a call does not turn a scan into
// slow typing or slow typing into a scan: the till tells them apart by those times.
const cdp = await context.newCDPSession(page);
/** The time of the last key sent, in seconds since the epoch (CDP's unit). */
let clock = 0;

/** Presses `key` at `at` (seconds since the epoch) as the page will see it. */
async function press(key: string, at: number) {
  clock = at;
  const enter = key === "Enter" ? { code: "Enter", windowsVirtualKeyCode: 13 } : {};
  await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", key, ...enter, text: key === "Enter" ? "\r" : key, timestamp: at });
  await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key, ...enter, timestamp: at + 0.002 });
}

/** A keyboard-wedge scanner: the code's characters 5–10 ms apart, then Enter. */
async function scan(code: string) {
  let at = Math.max(clock + 0.5, Date.now() / 1000);
  for (const [i, char] of [...code].entries()) await press(char, (at += i === 0 ? 0 : 0.005 + (i % 6) / 1000));
  await press("Enter", at + 0.008);
}

/** A person typing: 120 ms (or more) between keys. */
async function typeSlowly(text: string) {
  for (const char of text) {
    await press(char, Math.max(clock + 0.12, Date.now() / 1000));
    await sleep(120);
  }
}

const search = () => page.getByRole("searchbox", { name: "Search products" });
const line = (name: string) => page.getByRole("region", { name: "Current sale" }).getByRole("listitem", { name });
const quantityOf = (name: string) => page.getByLabel(`Quantity of ${name}`).inputValue();
const lineCount = () => page.getByRole("region", { name: "Current sale" }).getByRole("listitem").count();

beforeAll(async () => {
  await signUpShop(context, { currency: "EUR" });
  for (const product of products) await trpc<ProductDTO>(context, "product.create", product, "mutation");
  // The owner sets up the scale labels with the one-click preset.
  await page.goto(`${baseUrl()}/settings`);
  await page.getByRole("button", { name: "GS1 20–29 weight" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("Shop settings saved").waitFor();
  const shop = await trpc<{ shop: { scanPrefixes: ScanPrefixRule[] } }>(context, "shop.current");
  expect(shop.shop.scanPrefixes.map((rule) => `${rule.prefix}:${rule.measure}`)).toEqual(Array.from({ length: 10 }, (_, i) => `2${i}:weight`));
  // Prefix 22 carries a price instead.
  const scanPrefixes = shop.shop.scanPrefixes.map((rule) => (rule.prefix === "22" ? { ...rule, measure: "price" } : rule));
  await trpc(context, "shop.update", { scanPrefixes }, "mutation");
});

test("offline: scanner bursts add products with the search box focused or not; slow typing stays a search; a weight label adds 0.472 kg at the price per kg, a price label its amount; unknown codes open create", async () => {
  const shopId = await shopIdOf(context);
  await openPos(page, "Oat milk");
  await goOffline(context);
  await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();

  // Nothing focused: an EAN-13 adds one; a second scan makes it two.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await scan("4006381333931");
  await line("Oat milk").waitFor();
  await scan("4006381333931");
  await expect.poll(() => quantityOf("Oat milk")).toBe("2");

  // The search box focused, half a search typed: the scan adds the UPC-A product by its
  // EAN-13 spelling and the search box keeps what the person had typed, not the code.
  await search().click();
  await typeSlowly("wh");
  await scan("0036000291452");
  await line("Green tea").waitFor();
  expect(await search().inputValue()).toBe("wh");
  // A plain SKU, letters and all, scanned into the search box.
  await scan("MILK-1L");
  await line("Whole milk").waitFor();
  expect(await search().inputValue()).toBe("wh");
  await search().fill("");

  // A person typing a code into the search box at 120 ms a key: a search, not a scan — the
  // text stays in the box and nothing is added while typing. Enter then adds the match, as
  // Enter in the search does (issue 21), and empties the box for the next one.
  await search().click();
  await typeSlowly("4006381333931");
  await sleep(300);
  expect(await search().inputValue()).toBe("4006381333931");
  expect(await quantityOf("Oat milk")).toBe("2");
  expect(await lineCount()).toBe(3);
  await press("Enter", Math.max(clock + 0.12, Date.now() / 1000));
  await expect.poll(() => quantityOf("Oat milk")).toBe("3");
  expect(await search().inputValue()).toBe("");
  expect(await lineCount()).toBe(3);

  // A GS1 weight label (prefix 21, item 12345, 0.472 kg): 0.472 kg at 18.90/kg = 8.92.
  await scan("2112345004723");
  await line("Smoked ham").waitFor();
  expect(await quantityOf("Smoked ham")).toBe("0.472");
  await expect.poll(() => line("Smoked ham").innerText()).toContain("€8.92");
  expect(await line("Smoked ham").innerText()).toContain("€18.90");

  // A GS1 price label (prefix 22, item 54321, 6.00) of a product sold at 12.00/kg: a line of
  // exactly 6.00, its weight derived (0.5 kg).
  await scan("2254321006007");
  await line("Olives").waitFor();
  expect(await quantityOf("Olives")).toBe("0.5");
  expect(await line("Olives").innerText()).toContain("€6.00");
  // A second label of the same: a line of its own (its amount is that label's), not 1 kg on one line.
  await scan("2254321006007");
  await expect.poll(() => line("Olives").count()).toBe(2);

  // A misread check digit: said in staff words, nothing added.
  await scan("4006381333932");
  await page.getByText("That barcode did not read correctly — scan again.").waitFor();
  expect(await lineCount()).toBe(6);
  await screenshot(page, "pos-scan-1280x900");

  // An unknown code: the new-product dialog, its SKU filled in.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await scan("5901234123457");
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: "New product" }).waitFor();
  expect(await dialog.getByLabel("SKU or barcode (optional)").inputValue()).toBe("5901234123457");
  await screenshot(page, "pos-scan-unknown-1280x900");
  await dialog.getByLabel("Name", { exact: true }).fill("Biscuits");
  await dialog.getByLabel("Price", { exact: true }).fill("2.10");
  await dialog.getByRole("button", { name: "Create and add" }).click();
  await dialog.waitFor({ state: "detached" });
  await line("Biscuits").waitFor();

  // Charged offline: the sale waiting in the outbox carries the label's weight at the price per kg.
  await page.getByRole("button", { name: /^Charge/ }).click();
  const payment = page.getByRole("dialog", { name: "Payment" });
  await payment.getByRole("button", { name: "Confirm payment" }).click();
  await payment.waitFor({ state: "detached" });
  await waitForCount(page, "Pending", 1);
  const [queued] = (await outboxOf(page, shopId)) as unknown as {
    sale: { items: { productId?: number; product?: { sku?: string }; quantity: string; unitPrice: string }[] };
  }[];
  const items = queued!.sale.items.map(({ quantity, unitPrice, product }) => ({ quantity, unitPrice, ...(product ? { sku: product.sku } : {}) }));
  expect(items).toEqual([
    { quantity: "3", unitPrice: "1.49" },
    { quantity: "1", unitPrice: "3.20" },
    { quantity: "1", unitPrice: "0.99" },
    { quantity: "0.472", unitPrice: "18.90" },
    { quantity: "0.5", unitPrice: "12.00" },
    { quantity: "0.5", unitPrice: "12.00" },
    { quantity: "1", unitPrice: "2.10", sku: "5901234123457" },
  ]);
});
