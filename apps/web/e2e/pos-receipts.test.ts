// Receipt numbers and printed receipts (issue 18, DESIGN.md §9), in Chromium. Two browsers are
// two tills of one shop (till A: 58 mm paper, a receipt printed after each Charge; till B:
// 80 mm, printed on request), each claimed online, then offline for 30 sales each; till A rings
// them up from two tabs in turn. Back online, the server has A-1..A-30 and B-1..B-30: gapless per
// till, no duplicates, nothing flagged. A number skipped and one repeated (sent through the API,
// as a till that lost its counter would) are stored and flagged on the Sales page and the sale
// page, which reprints the receipt marked COPY. window.print is replaced by a recorder of the
// receipt's text at the moment of printing; the receipts are screenshot under print emulation.
import { randomUUID } from "node:crypto";
import { join } from "node:path";

import type { Page as SalePage, SaleDTO, TillDTO } from "@tillsync/validators";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, signUpShop, trpc } from "./harness";
import { artifactsDir } from "./paths";
import {
  connectDb,
  createProduct,
  goOffline,
  openPos,
  ringUp,
  shopIdOf,
  signInCashier,
  signInThroughPage,
  waitForCount,
  type Payment,
  type SaleLine,
} from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());
const db = await connectDb();
afterAll(() => db.end());

/** Each window.print() records the printed receipt's text instead of opening the print dialog. */
async function recordPrints(context: BrowserContext) {
  await context.addInitScript(() => {
    const printed: string[] = [];
    Object.assign(window, { __printed: printed });
    // Line by line (textContent would run "Receipt A-1" into the date after it).
    window.print = () => void printed.push(Array.from(document.querySelectorAll("[data-receipt] p"), (line) => line.textContent).join("\n"));
  });
}
const printed = (page: Page) => page.evaluate(() => (window as unknown as { __printed: string[] }).__printed);

async function claim(page: Page, name: string) {
  await page.getByRole("button", { name: "Choose this till" }).click();
  await page.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: name }).click();
  await page
    .getByRole("region", { name: "Till" })
    .filter({ hasText: `Till ${name}` })
    .waitFor();
}

/** The printed receipt under print emulation, in a window as wide as the roll (96 px per inch). */
async function shootReceipt(page: Page, paperWidth: 58 | 80, name: string) {
  await page.emulateMedia({ media: "print" });
  await page.setViewportSize({ width: Math.ceil((paperWidth / 25.4) * 96), height: 900 });
  const receipt = page.locator(`[data-receipt="${paperWidth}"]`);
  await receipt.screenshot({ path: join(artifactsDir, `${name}.png`) });
  const text = await receipt.innerText();
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 1000 });
  return text;
}

const sales: [SaleLine[], Payment][] = [
  [[{ name: "Apples" }], { tendered: "5.00" }],
  [[{ name: "Milk", quantity: "2" }], { method: "Card", reference: "AUTH01" }],
  [[{ name: "Bread" }, { name: "Apples" }], { method: "Cash + card", card: "2.00", tendered: "2.00" }],
];

test("two tills offline, 30 sales each: receipt numbers gapless per till, none twice; a skipped and a repeated number flagged in admin; receipts printed on 58 and 80 mm", async () => {
  const owner = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const { shopName } = await signUpShop(owner);
  await createProduct(owner, { name: "Apples", unitPrice: "1.20", initialStock: "500" });
  await createProduct(owner, { name: "Milk", unitPrice: "0.99", initialStock: "500" });
  const bread = await createProduct(owner, { name: "Bread", unitPrice: "2.35", initialStock: "500" });
  const tillA = await trpc<TillDTO>(owner, "till.create", { name: "Front", series: "A", paperWidth: 58, printReceipt: true }, "mutation");
  const tillB = await trpc<TillDTO>(owner, "till.create", { name: "Back", series: "B" }, "mutation");
  const shopId = await shopIdOf(owner);

  // Till A: the owner's browser, two tabs. Till B: a cashier's browser.
  await recordPrints(owner);
  const a1 = await owner.newPage();
  await openPos(a1, "Apples");
  await claim(a1, "Front");
  const cashier = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await recordPrints(cashier);
  const login = await signInCashier(owner, cashier);
  const b = await cashier.newPage();
  await signInThroughPage(b, login);
  await openPos(b, "Apples");
  await claim(b, "Back");
  const a2 = await owner.newPage();
  await openPos(a2, "Apples");

  await goOffline(owner);
  await goOffline(cashier);
  for (let n = 1; n <= 30; n++) {
    const [lines, payment] = sales[(n - 1) % sales.length]!;
    // Till A's two tabs take turns: they share one outbox and one counter.
    await ringUp(n % 2 ? a1 : a2, lines, n, payment);
    await ringUp(b, lines, n, payment);
  }
  // Till A printed each receipt after Charge, numbered in order whichever tab rang it up; till B printed none.
  const printsA = [...(await printed(a1)), ...(await printed(a2))];
  expect(printsA).toHaveLength(30);
  expect(printsA.map((text) => /^Receipt (A-\d+)$/m.exec(text)?.[1]).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `A-${i + 1}`).sort());
  expect(await printed(b)).toEqual([]);

  // The 58 mm receipt of A's last sale (sale 30: bread and apples, split cash + card).
  const text58 = await shootReceipt(a2, 58, "receipt-58mm");
  expect(text58).toContain("Receipt A-30");
  for (const part of [shopName, "Bread", "Apples", "TOTAL", "3.55", "Card", "2.00", "Cash"]) expect(text58).toContain(part);
  // Till B prints on request: the 80 mm receipt of its last sale.
  await b.getByRole("button", { name: "Print receipt B-30" }).click();
  expect(await printed(b)).toHaveLength(1);
  const text80 = await shootReceipt(b, 80, "receipt-80mm");
  for (const part of ["Receipt B-30", "Bread", "Apples", "TOTAL", "3.55"]) expect(text80).toContain(part);
  expect((await printed(b))[0]).toContain("B-30");

  for (const [context, page] of [
    [owner, a1],
    [cashier, b],
  ] as const) {
    await context.unroute("**/*");
    await context.setOffline(false);
    await waitForCount(page, "Synced", 30, 60_000);
    await waitForCount(page, "Pending", 0);
  }
  const { rows } = await db.query<{ series: string; counter: number }>(
    "SELECT receipt_series AS series, receipt_counter AS counter FROM sale WHERE shop_id = $1 ORDER BY 1, 2",
    [shopId],
  );
  const oneToThirty = Array.from({ length: 30 }, (_, i) => i + 1);
  expect(rows.filter((row) => row.series === "A").map((row) => row.counter)).toEqual(oneToThirty);
  expect(rows.filter((row) => row.series === "B").map((row) => row.counter)).toEqual(oneToThirty);
  expect(rows).toHaveLength(60);
  const listed = await trpc<SalePage<SaleDTO>>(owner, "sale.list", { limit: 100 });
  expect(listed.items.filter((sale) => sale.receiptFlag !== null)).toEqual([]);

  // A till that skipped A-31 and one that gave B-5 twice: recorded, never refused, flagged for staff.
  const send = (tillId: number, receiptNumber: string) =>
    trpc<{ sale: SaleDTO }>(
      owner,
      "sale.create",
      { externalId: randomUUID(), tillId, receiptNumber, items: [{ productId: bread.id, quantity: "1" }] },
      "mutation",
    );
  const skipped = (await send(tillA.id, "A-32")).sale;
  const repeated = (await send(tillB.id, "B-5")).sale;
  expect([skipped.receiptFlag, repeated.receiptFlag]).toEqual(["gap", "duplicate"]);

  const admin = await owner.newPage();
  await admin.goto(`${baseUrl()}/sales`);
  await admin.getByLabel("Receipt").fill("b-5");
  await admin.waitForURL(/receipt=b-5/);
  const rowsB5 = admin.getByRole("row").filter({ hasText: "B-5" });
  await expect.poll(() => rowsB5.count()).toBe(2);
  await expect.poll(() => rowsB5.filter({ hasText: "Receipt number used twice" }).count()).toBe(2);
  await admin.goto(`${baseUrl()}/sales?receipt=A-32`);
  await admin.getByRole("row").filter({ hasText: "A-32" }).filter({ hasText: "Receipt numbers skipped" }).waitFor();
  await admin.getByRole("row").filter({ hasText: "A-32" }).getByRole("link").click();
  await admin.waitForURL(`${baseUrl()}/sales/${skipped.id}`);
  await admin.getByText("The receipt before A-32 has not reached the server").waitFor();

  // The sale page reprints a receipt marked COPY.
  const [first] = (await db.query<{ id: string }>("SELECT id::text FROM sale WHERE shop_id = $1 AND receipt_series = 'A' AND receipt_counter = 1", [shopId]))
    .rows;
  await admin.goto(`${baseUrl()}/sales/${first!.id}`);
  await admin.getByRole("button", { name: "Reprint receipt" }).click();
  const [copy] = await printed(admin);
  expect(copy).toContain("COPY");
  expect(copy).toContain("Receipt A-1");
}, 600_000);
