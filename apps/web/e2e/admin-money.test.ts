// The manager's money pages in Chromium (issue 17, DESIGN.md §8): create a till on the Tills
// page and bind its device key; seed a drawer session of that till through the API (float, a
// split cash + card sale with change, a pay-out, the close with counted amounts, then a pay-in
// that arrives after the Z report) and read the cash-up page's figures and its CSV; make a
// partial refund from the sale page; change the shop's cash rounding in Settings. Figures are
// worked out by hand below, in cents, so the page cannot agree with itself by accident.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import Papa from "papaparse";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { baseUrl, collectPageErrors, eventually, launchBrowser, screenshot, signUpShop, tableCells, trpc, waitForSettled } from "./harness";
import { artifactsDir } from "./paths";

const money = (amount: string) => `€${amount}`;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

const state = { tillId: 0, keyId: 0, productId: 0, saleId: 0, sessionId: crypto.randomUUID() };

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: "en-US", timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  await signUpShop(context, { timeZone: "Europe/Berlin", currency: "EUR", shopName: "Money Corner" });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(page);
  const product = await trpc<{ id: number }>(context, "product.create", { name: "Eggs (box of 6)", unitPrice: "5.50", initialStock: "20" }, "mutation");
  state.productId = product.id;
  const key = await trpc<{ id: number }>(context, "apiKey.create", { name: "front-tablet", role: "device" }, "mutation");
  state.keyId = key.id;
});

afterAll(async () => {
  await browser?.close();
});

const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
const stat = (scope: ReturnType<Page["getByRole"]>, label: string) => scope.getByRole("group", { name: label }).locator("p").last();

describe("the manager's money pages", () => {
  test("creates a till and binds its device key on the Tills page", async () => {
    await page.goto(`${baseUrl()}/tills`);
    await heading("Tills").waitFor();
    await page.getByText("No tills yet").waitFor();
    await page.getByRole("button", { name: "New till" }).click();
    const dialog = page.getByRole("dialog", { name: "New till" });
    await dialog.getByLabel("Name").fill("Front counter");
    await dialog.getByLabel("Series code").fill("f1");
    await dialog.getByLabel("Device key").selectOption({ label: "front-tablet" });
    await dialog.getByRole("button", { name: "Create till" }).click();
    await expect
      .poll(() => tableCells(page.getByRole("table")), eventually)
      .toEqual([["Front counter", "F1", "front-tablet", "80 mm · printed on request", "Not picked yet", "Cash-up Edit Archive"]]);
    const tills = await trpc<{ id: number; series: string; apiKeyId: number | null }[]>(context, "till.list");
    expect(tills).toEqual([expect.objectContaining({ series: "F1", apiKeyId: state.keyId })]);
    state.tillId = tills[0]!.id;

    // A second till may not take the same series: the message stands next to the field.
    await page.getByRole("button", { name: "New till" }).click();
    const second = page.getByRole("dialog", { name: "New till" });
    await second.getByLabel("Name").fill("Back counter");
    await second.getByLabel("Series code").fill("F1");
    await second.getByRole("button", { name: "Create till" }).click();
    await second.getByText("Another till of this shop already uses this series code.").waitFor();
    await second.getByRole("button", { name: "Cancel" }).click();
    expect(await trpc<unknown[]>(context, "till.list")).toHaveLength(1);
  });

  test("the cash-up page shows the session's figures, the late pay-in apart, and exports them as CSV", async () => {
    const drawer = (event: Record<string, unknown>) =>
      trpc(
        context,
        "drawer.record",
        { type: "drawer", externalId: crypto.randomUUID(), tillId: state.tillId, sessionId: state.sessionId, ...event },
        "mutation",
      );
    await drawer({ kind: "open", amount: "100.00" });
    // 4 × 5.50 = 22.00: 12.00 on the card terminal, 10.00 in cash from a 20 note (10.00 change).
    const { sale } = await trpc<{ sale: { id: number; total: string } }>(
      context,
      "sale.create",
      {
        externalId: crypto.randomUUID(),
        tillId: state.tillId,
        drawerSessionId: state.sessionId,
        items: [{ productId: state.productId, quantity: "4" }],
        tenders: [
          { method: "card", amount: "12.00", reference: "AUTH-7781" },
          { method: "cash", amount: "10.00", tendered: "20.00" },
        ],
      },
      "mutation",
    );
    expect(sale.total).toBe("22.00");
    state.saleId = sale.id;
    await drawer({ kind: "payOut", amount: "5.00", reason: "Window cleaner" });
    // Expected cash 100.00 + 10.00 − 5.00 = 105.00; counted 104.50 → 0.50 short. Card 12.00 as expected.
    await drawer({
      kind: "close",
      zNumber: 1,
      counted: [
        { method: "cash", amount: "104.50" },
        { method: "card", amount: "12.00" },
      ],
    });
    // Arrives after the Z report: an amendment, never folded into it.
    await drawer({ kind: "payIn", amount: "2.00", reason: "Found under the drawer" });

    await page.goto(`${baseUrl()}/cash-up?till=${state.tillId}`);
    await heading("Cash-up").waitFor();
    const report = page.getByRole("region", { name: "Front counter Z report 1" });
    await report.waitFor();
    expect(await stat(report, "Float").innerText()).toBe(money("100.00"));
    expect(await stat(report, "Expected cash").innerText()).toBe(money("105.00"));
    expect(await stat(report, "Counted cash").innerText()).toBe(money("104.50"));
    expect(await stat(report, "Over / short").innerText()).toBe(`${money("0.50")} short`);
    expect(await tableCells(report.getByRole("table", { name: "Expected and counted" }))).toEqual([
      ["Cash", money("105.00"), money("104.50"), `-${money("0.50")}`],
      ["Card", money("12.00"), money("12.00"), money("0.00")],
    ]);
    expect(await tableCells(report.getByRole("table", { name: "Drawer events" }).first())).toEqual([
      [expect.any(String), "Pay-out", money("5.00"), "Window cleaner", "Olivia Owner"],
    ]);
    const amendment = report.getByRole("region", { name: "Amendment" });
    expect(await tableCells(amendment.getByRole("table", { name: "Drawer events" }))).toEqual([
      [expect.any(String), "Pay-in", money("2.00"), "Found under the drawer", "Olivia Owner"],
    ]);
    expect(await tableCells(amendment.getByRole("table", { name: "With the amendment" }))).toEqual([
      ["Cash", money("107.00"), money("104.50"), `-${money("2.50")}`],
      ["Card", money("12.00"), money("12.00"), money("0.00")],
    ]);
    await waitForSettled(page);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = join(artifactsDir, "cash-up.csv");
    await (await download).saveAs(file);
    const csv = Papa.parse<Record<string, string>>(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(csv.map((row) => [row.till, row.report, row.z_number, row.method, row.expected, row.counted, row.over_short, row.amended_expected])).toEqual([
      ["Front counter", "Z", "1", "cash", "105.00", "104.50", "-0.50", "107.00"],
      ["Front counter", "Z", "1", "card", "12.00", "12.00", "0.00", "12.00"],
    ]);
    expect(csv[0]).toMatchObject({ float: "100.00", cash_taken: "10.00", pay_outs: "5.00", expected_cash: "105.00", cash_over_short: "-0.50", amended: "yes" });
    expect(pageErrors).toEqual([]);
  });

  test("a partial refund from the sale page gives one box back in cash and restocks it", async () => {
    await page.goto(`${baseUrl()}/sales/${state.saleId}`);
    await heading(`Sale #${state.saleId} · ${money("22.00")}`).waitFor();
    expect(await tableCells(page.getByRole("table", { name: "Tenders" }))).toEqual([
      ["Card", money("12.00"), "—", "—", "AUTH-7781"],
      ["Cash", money("10.00"), money("20.00"), money("10.00"), "—"],
    ]);
    await page.getByRole("button", { name: "Refund items" }).click();
    const dialog = page.getByRole("dialog", { name: `Refund items of sale #${state.saleId}` });
    const quantity = dialog.getByLabel("Quantity of Eggs (box of 6) to refund");
    await quantity.fill("5");
    await dialog.getByText("Only 4 left to refund").waitFor();
    await quantity.fill("1");
    expect(await dialog.getByLabel("Money back by").inputValue()).toBe("cash");
    await dialog.getByLabel("Reason").fill("Cracked eggs");
    await dialog.getByRole("button", { name: `Refund ${money("5.50")}` }).click();
    await dialog.waitFor({ state: "hidden" });

    const refunds = page.getByRole("table", { name: "Refunds" });
    // Cash given back in the back office is in no till's drawer session: recorded and flagged for a manager (DESIGN.md §8).
    await expect
      .poll(() => tableCells(refunds), eventually)
      .toEqual([[expect.stringMatching(/^#\d+ No drawer open$/), expect.any(String), "1 × Eggs (box of 6) Cracked eggs", "Cash", `-${money("5.50")}`]]);
    const refundable = await trpc<{
      lines: { remaining: string; refunded: string }[];
      refunds: { id: number; total: string; overRefund: boolean; tenders: { method: string; amount: string }[] }[];
    }>(context, "sale.refundable", { saleId: state.saleId });
    expect(refundable.lines).toEqual([expect.objectContaining({ refunded: "1.000", remaining: "3.000" })]);
    expect(refundable.refunds).toEqual([
      expect.objectContaining({ total: "-5.50", overRefund: false, tenders: [expect.objectContaining({ method: "cash", amount: "5.50" })] }),
    ]);
    // 20 counted − 4 sold + 1 back in stock.
    expect(await trpc<{ stock: string }>(context, "product.byId", { id: state.productId })).toMatchObject({ stock: "17.000" });

    // The sales list finds it among the partial refunds.
    await page.goto(`${baseUrl()}/sales?kind=refund`);
    await heading("Sales").waitFor();
    await expect.poll(async () => (await tableCells(page.getByRole("table"))).map((row) => row[1]), eventually).toEqual([`#${refundable.refunds[0]!.id}`]);
  });

  test("the owner turns on cash rounding in Settings and the next cash sale is rounded", async () => {
    await page.goto(`${baseUrl()}/settings`);
    await heading("Shop settings").waitFor();
    await page.getByLabel("Cash rounding").selectOption("0.05");
    await page.getByLabel("Other ways to pay").fill("Voucher\nvoucher");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Each tender name may appear only once").waitFor();
    await page.getByLabel("Other ways to pay").fill("Voucher");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Shop settings saved").waitFor();
    const { shop } = await trpc<{ shop: { cashRounding: string | null; tenderLabels: string[] } }>(context, "shop.current");
    expect(shop).toMatchObject({ cashRounding: "0.05", tenderLabels: ["Voucher"] });

    // 1.23 in cash rounds to 1.25 (half-up to 0.05): the customer hands over 2.00 and gets 0.75.
    const tea = await trpc<{ id: number }>(context, "product.create", { name: "Loose tea", unitPrice: "1.23" }, "mutation");
    const { sale } = await trpc<{ sale: { id: number; rounding: string; tenderMismatch: boolean } }>(
      context,
      "sale.create",
      { externalId: crypto.randomUUID(), items: [{ productId: tea.id, quantity: "1" }], tenders: [{ method: "cash", amount: "1.25", tendered: "2.00" }] },
      "mutation",
    );
    expect(sale).toMatchObject({ rounding: "0.02", tenderMismatch: false });
    await page.goto(`${baseUrl()}/sales/${sale.id}`);
    await heading(`Sale #${sale.id} · ${money("1.23")}`).waitFor();
    expect(await tableCells(page.getByRole("table", { name: "Tenders" }))).toEqual([["Cash", money("1.25"), money("2.00"), money("0.75"), "—"]]);
    expect(await tableCells(page.getByRole("table", { name: "Tenders" }), "tfoot")).toEqual([["Cash rounding", money("0.02"), expect.any(String)]]);
  });

  test("sales by tender: the dashboard's today and the analytics report with its CSV", async () => {
    // Card 12.00; cash 10.00 + 1.25 taken, 5.50 refunded.
    const expected = [
      ["Cash", money("5.75"), "2"],
      ["Card", money("12.00"), "1"],
    ];
    await page.goto(`${baseUrl()}/`);
    await heading("Today at a glance").waitFor();
    await expect.poll(() => tableCells(page.getByRole("table", { name: "Sales by tender" })), eventually).toEqual(expected);

    await page.getByRole("link", { name: "Sales by tender" }).click();
    await heading("Sales by tender").waitFor();
    await expect
      .poll(() => tableCells(page.getByRole("table", { name: "Sales by tender" })), eventually)
      .toEqual([
        ["Cash", money("11.25"), money("5.50"), money("5.75"), "2"],
        ["Card", money("12.00"), money("0.00"), money("12.00"), "1"],
      ]);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = join(artifactsDir, "sales-by-tender.csv");
    await (await download).saveAs(file);
    const csv = Papa.parse<Record<string, string>>(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true }).data;
    expect(csv.filter((row) => row.date === "total")).toEqual([
      { date: "total", method: "cash", taken: "11.25", refunded: "5.50", net: "5.75", sale_count: "2" },
      { date: "total", method: "card", taken: "12.00", refunded: "0.00", net: "12.00", sale_count: "1" },
    ]);
    expect(csv).toHaveLength(2 * 31);
    expect(pageErrors).toEqual([]);
  });

  test("the money pages fit a laptop and a tablet (screenshots in artifacts/)", async () => {
    const pages: [path: string, title: string | RegExp, name: string][] = [
      ["/tills", "Tills", "tills"],
      [`/cash-up?till=${state.tillId}`, "Cash-up", "cash-up"],
      [`/sales/${state.saleId}`, /^Sale #/, "sale-tenders"],
      ["/analytics?view=tenders", "Sales by tender", "sales-by-tender"],
      ["/settings", "Shop settings", "settings-money"],
    ];
    for (const [width, height] of [
      [1280, 800],
      [820, 1180],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [path, title, name] of pages) {
        await page.goto(`${baseUrl()}${path}`);
        await heading(title).waitFor();
        await waitForSettled(page);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px`).toBeLessThanOrEqual(width);
        await screenshot(page, `${name}-${width}`);
      }
    }
    expect(pageErrors).toEqual([]);
  });
});
