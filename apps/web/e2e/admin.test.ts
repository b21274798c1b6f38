// The owner's story through the admin app in Chromium: sign up a shop far from UTC,
// create a tracked and a volatile product in the product form, sell from a till, see the
// stock drop and the low-stock alert, read the sale on its LOCAL day in the analytics
// chart, table and CSV export, reverse it with a reason, and see everything restored.
// Steps run in order and share one browser session; the database is checked with `pg`.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { addWeeks, format, startOfWeek, subDays } from "date-fns";
import Papa from "papaparse";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  baseUrl,
  collectPageErrors,
  databaseUrl,
  dateValue,
  eventually,
  launchBrowser,
  pickDate,
  screenshot,
  tableCells,
  trpc,
  uniqueEmail,
  waitForSettled,
} from "./harness";
import { artifactsDir } from "./paths";

// UTC+13 in November (+12 in winter): for 11 to 13 hours of every day the shop's date is
// a day ahead of UTC's. The browser runs in yet another zone, so nothing can come out
// right by accident of the machine's clock: the app must use the shop's zone.
const SHOP_ZONE = "Pacific/Auckland";
const BROWSER_ZONE = "America/Chicago";
const money = (amount: string) => `NZ$${amount}`;

/** YYYY-MM-DD of `instant` in `timeZone`. */
const dateIn = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);

/**
 * A recent past instant whose calendar date in `timeZone` is not its UTC date: the latest one
 * on today's local date where there is one (so what happens later in the run, e.g. a reversal
 * dated now, usually falls on the same local day), else the latest within a day.
 */
function instantOnAnotherDayThanUtc(timeZone: string) {
  const today = dateIn(new Date(), timeZone);
  let latest: { at: Date; localDate: string; utcDate: string } | undefined;
  for (let minutesAgo = 1; minutesAgo <= 24 * 60; minutesAgo++) {
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const localDate = dateIn(at, timeZone);
    const utcDate = at.toISOString().slice(0, 10);
    if (localDate === utcDate) continue;
    if (localDate === today) return { at, localDate, utcDate };
    latest ??= { at, localDate, utcDate };
  }
  if (latest) return latest;
  throw new Error(`${timeZone} never differs from UTC by a day`);
}

/** The analytics table's label of a local date, e.g. "Tue 24 Nov". */
const dayLabel = (date: string) => format(new Date(`${date}T12:00:00`), "EEE d MMM");

/** The weekly table's labels from `from` to `to`: ISO weeks, e.g. "Week of 23 Nov" for the Monday. */
function weekLabels(from: string, to: string) {
  const labels: string[] = [];
  const last = startOfWeek(new Date(`${to}T12:00:00`), { weekStartsOn: 1 });
  for (let monday = startOfWeek(new Date(`${from}T12:00:00`), { weekStartsOn: 1 }); monday <= last; monday = addWeeks(monday, 1))
    labels.push(`Week of ${format(monday, "d MMM")}`);
  return labels;
}

/** The calendar date `days` before `date` (both YYYY-MM-DD). */
const daysBefore = (date: string, days: number) => format(subDays(new Date(`${date}T12:00:00`), days), "yyyy-MM-dd");

let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let db: pg.Client;

const state = {
  milkId: 0,
  applesId: 0,
  deviceKey: "",
  saleId: 0,
  sale: instantOnAnotherDayThanUtc(SHOP_ZONE),
};

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext({ locale: "en-US", timezoneId: BROWSER_ZONE, viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(page);
  db = new pg.Client({ connectionString: databaseUrl() });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
  await browser?.close();
});

const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });
const stat = (label: string) => page.getByRole("group", { name: label }).locator("p").last();

async function ledger(productId: number) {
  const { rows } = await db.query<{ reason: string; delta: string; stock_after: string; sale_id: string | null }>(
    "SELECT reason, delta::text, stock_after::text, sale_id::text FROM stock_movement WHERE product_id = $1 ORDER BY id",
    [productId],
  );
  return rows;
}

async function stockOf(productId: number) {
  const { rows } = await db.query<{ stock: string | null; ledger_sum: string | null }>(
    "SELECT p.stock::text, (SELECT sum(delta)::text FROM stock_movement m WHERE m.product_id = p.id) AS ledger_sum FROM product p WHERE p.id = $1",
    [productId],
  );
  return rows[0];
}

async function createProduct(fields: { name: string; sku?: string; price: string; stock?: string; reorderLevel?: string; volatile?: boolean }) {
  await page.goto(`${baseUrl()}/products`);
  await page.getByRole("button", { name: "New product" }).click();
  const dialog = page.getByRole("dialog", { name: "New product" });
  await dialog.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.sku) await dialog.getByLabel("SKU / barcode").fill(fields.sku);
  if (fields.volatile) await dialog.getByLabel("Volatile product (no stock kept)").check();
  await dialog.getByLabel(fields.volatile ? "Suggested price" : "Price", { exact: true }).fill(fields.price);
  if (fields.stock) await dialog.getByLabel("Stock on hand").fill(fields.stock);
  if (fields.reorderLevel) await dialog.getByLabel("Reorder level").fill(fields.reorderLevel);
  await dialog.getByRole("button", { name: "Create product" }).click();
  await page.waitForURL(/\/products\/\d+$/);
  await heading(fields.name).waitFor();
  return Number(new URL(page.url()).pathname.split("/").pop());
}

const breakdown = () => page.getByRole("table");

/** Every YYYY-MM-DD from `from` to `to`, both included. */
function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; day = new Date(day.getTime() + 86_400_000))
    dates.push(day.toISOString().slice(0, 10));
  return dates;
}

/**
 * Opens the milk's daily analytics for the sale's UTC and local days (and `alsoDate`, when
 * given, e.g. the local day a reversal landed on); resolves to the breakdown rows once shown.
 */
async function openAnalytics(alsoDate?: string) {
  const dates = [state.sale.localDate, state.sale.utcDate, ...(alsoDate ? [alsoDate] : [])].sort();
  const [from, to] = [dates[0]!, dates.at(-1)!];
  await page.goto(`${baseUrl()}/analytics?product=${state.milkId}`);
  await heading("Product analytics").waitFor();
  await pickDate(page, "From", from);
  await pickDate(page, "To", to);
  await expect.poll(async () => (await tableCells(breakdown())).map(([label]) => label), eventually).toEqual(datesBetween(from, to).map(dayLabel));
  await waitForSettled(page);
  return tableCells(breakdown());
}

describe("the owner runs the shop from the admin app", () => {
  test("signs up a new shop in the shop's own time zone", async () => {
    await page.goto(`${baseUrl()}/sign-up`);
    await heading("Open your shop").waitFor();
    await screenshot(page, "sign-up-1280");
    await page.getByLabel("Shop name").fill("Harbour Deli");
    // The field suggests the browser's zones as staff type, and the name is taken in any letter case.
    await expect.poll(() => page.locator(`datalist#timezone-zones option[value="${SHOP_ZONE}"]`).count(), eventually).toBe(1);
    await page.getByLabel("Time zone").fill(SHOP_ZONE.toLowerCase());
    await page.getByLabel("Currency").fill("nzd");
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Email").fill(uniqueEmail("owner"));
    await page.getByLabel("Password").fill("correct-horse-battery");
    await page.getByRole("button", { name: "Open shop" }).click();
    await heading("Today at a glance").waitFor();

    const { shop } = await trpc<{ shop: { name: string; timezone: string; currency: string } }>(context, "shop.current");
    expect(shop).toMatchObject({ name: "Harbour Deli", timezone: SHOP_ZONE, currency: "NZD" });
    expect(await page.getByText("Harbour Deli").first().isVisible()).toBe(true);
  });

  test("creates a tracked and a volatile product in the product form", async () => {
    state.milkId = await createProduct({ name: "Milk 1 l", sku: "9400001", price: "2.50", stock: "12", reorderLevel: "10" });
    expect(await stat("Stock on hand").innerText()).toBe("12");
    expect(await stat("Reorder level").innerText()).toBe("10");
    expect(await stat("Price").innerText()).toBe(money("2.50"));
    // The stock history is its own query: the stats above can be on screen before it answers.
    await expect.poll(() => tableCells(page.getByRole("table")), eventually).toEqual([[expect.any(String), "Stock count", "+12", "12", "Initial stock"]]);

    state.applesId = await createProduct({ name: "Apples (per kg)", price: "3.20", volatile: true });
    expect(await stat("Stock on hand").innerText()).toBe("Not kept");
    expect(await stat("Suggested price").innerText()).toBe(money("3.20"));

    expect(await stockOf(state.milkId)).toEqual({ stock: "12.000", ledger_sum: "12.000" });
    expect(await stockOf(state.applesId)).toEqual({ stock: null, ledger_sum: null });
    expect(await ledger(state.milkId)).toEqual([{ reason: "count", delta: "12.000", stock_after: "12.000", sale_id: null }]);
  });

  test("creates a till's API key on the Devices page", async () => {
    await page.goto(`${baseUrl()}/devices`);
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("pos-01");
    await dialog.getByRole("button", { name: "Create key" }).click();
    state.deviceKey = (await dialog.getByLabel("API key", { exact: true }).innerText()).trim();
    expect(state.deviceKey.length).toBeGreaterThan(20);
    await dialog.getByRole("button", { name: "Done" }).click();
    // The list refetches after the dialog closes.
    await expect
      .poll(() => tableCells(page.getByRole("table")), eventually)
      .toEqual([[expect.stringContaining("pos-01"), "Till", expect.any(String), "Never", "Revoke"]]);
  });

  test("a sale from the till lowers the stock and raises a low-stock alert", async () => {
    // There is no sell screen in the admin app (the POS page is separate): the sale is
    // made the way a till makes it, tRPC sale.create with the device key from above.
    const till = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${state.deviceKey}` } });
    try {
      const { sale } = await trpc<{ sale: { id: number; total: string; occurredAt: string } }>(
        till,
        "sale.create",
        {
          externalId: crypto.randomUUID(),
          sourceDevice: "pos-01",
          clientTimestamp: state.sale.at.toISOString(),
          items: [
            { productId: state.milkId, quantity: "3" },
            { productId: state.applesId, quantity: "1.5", unitPrice: "3.40" },
          ],
        },
        "mutation",
      );
      expect(sale.total).toBe("12.60");
      expect(new Date(sale.occurredAt).toISOString()).toBe(state.sale.at.toISOString());
      state.saleId = sale.id;
    } finally {
      await till.close();
    }

    await page.goto(`${baseUrl()}/products/${state.milkId}`);
    await heading("Milk 1 l").waitFor();
    expect(await stat("Stock on hand").innerText()).toBe("9");
    await expect.poll(async () => (await tableCells(page.getByRole("table")))[0]?.slice(1, 4), eventually).toEqual([`Sale #${state.saleId}`, "−3", "9"]);
    expect(await stockOf(state.milkId)).toEqual({ stock: "9.000", ledger_sum: "9.000" });
    expect((await ledger(state.milkId)).at(-1)).toEqual({ reason: "sale", delta: "-3.000", stock_after: "9.000", sale_id: String(state.saleId) });
    expect(await ledger(state.applesId)).toEqual([]);

    await page.goto(`${baseUrl()}/`);
    const alerts = page.locator("li", { has: page.getByRole("link", { name: "Milk 1 l" }), hasText: "in stock now" });
    await alerts.waitFor();
    expect(await alerts.innerText()).toContain("9 in stock now · fell to 9 (reorder at 10)");
    const { rows } = await db.query("SELECT stock_at_trigger::text, sale_id::text, resolved_at FROM low_stock_alert WHERE product_id = $1", [state.milkId]);
    expect(rows).toEqual([{ stock_at_trigger: "9.000", sale_id: String(state.saleId), resolved_at: null }]);
  });

  test("analytics shows the sale on the shop's local day in the chart, the table and the CSV", async () => {
    const { localDate, utcDate } = state.sale;
    expect(localDate).not.toBe(utcDate);
    // Both the UTC and the local date are shown: bucketing by UTC would put the sale in the other row.
    const rows = await openAnalytics();
    const expected = (date: string) => (date === localDate ? [dayLabel(date), "3", money("7.50"), "1"] : [dayLabel(date), "0", money("0.00"), "0"]);
    expect(rows).toEqual([utcDate, localDate].sort().map(expected));
    expect(await tableCells(breakdown(), "tfoot")).toEqual([["Total", "3", money("7.50"), "1"]]);
    expect(await stat("Revenue").innerText()).toBe(money("7.50"));
    expect(await stat("Average price").innerText()).toBe(money("2.50"));

    // The chart: exactly one bar has a height, and its tooltip names the local day.
    const bars = page.locator(".recharts-bar-rectangle path");
    await expect.poll(() => bars.count(), eventually).toBe(1);
    await bars.first().hover();
    const tooltip = page.locator(".recharts-tooltip-wrapper");
    await expect.poll(async () => (await tooltip.innerText()).replace(/\s+/g, " "), eventually).toBe(`${dayLabel(localDate)} Revenue : ${money("7.50")}`);

    // The CSV export downloads the same figures as the table.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = join(artifactsDir, "analytics.csv");
    await (await download).saveAs(file);
    const csv = Papa.parse<string[]>(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(csv[0]).toEqual(["period_start", "quantity", "revenue", "sale_count"]);
    const tableRows = [...rows, ...(await tableCells(breakdown(), "tfoot"))];
    expect(csv.length - 1).toBe(tableRows.length);
    csv.slice(1).forEach(([period, quantity, revenue, count], index) => {
      const [label, tableQuantity, tableRevenue, tableCount] = tableRows[index]!;
      expect(period === "total" ? "Total" : dayLabel(period!)).toBe(label);
      expect(Number(quantity)).toBe(Number(tableQuantity));
      expect(money(revenue!)).toBe(tableRevenue);
      expect(count).toBe(tableCount);
    });
    expect(csv.find(([period]) => period === localDate)).toEqual([localDate, "3.000", "7.50", "1"]);
  });

  test("reversing the sale from its page, with a reason, restores stock, alert and analytics", async () => {
    await page.goto(`${baseUrl()}/sales`);
    await heading("Sales").waitFor();
    await page
      .getByRole("row", { name: /pos-01/ })
      .getByRole("link")
      .first()
      .click();
    await heading(`Sale #${state.saleId} · ${money("12.60")}`).waitFor();
    await page.getByRole("button", { name: "Reverse sale" }).click();
    const dialog = page.getByRole("dialog", { name: `Reverse sale #${state.saleId}` });
    await dialog.getByLabel("Reason").fill("Customer returned the milk");
    await dialog.getByRole("button", { name: "Reverse sale" }).click();
    await page.getByText(/Reversed by refund #\d+/).waitFor();
    expect(await page.getByRole("button", { name: "Reverse sale" }).count()).toBe(0);
    await page.getByRole("link", { name: /^refund #\d+$/ }).click();
    await heading(/^Refund #\d+/).waitFor();
    expect(await heading(/^Refund #\d+/).innerText()).toMatch(/^Refund #\d+ · -NZ\$12\.60$/);
    await page.getByText("Reason: Customer returned the milk").waitFor();
    await page.getByRole("link", { name: `sale #${state.saleId}` }).waitFor();

    await page.goto(`${baseUrl()}/products/${state.milkId}`);
    await heading("Milk 1 l").waitFor();
    expect(await stat("Stock on hand").innerText()).toBe("12");
    await expect
      .poll(async () => (await tableCells(page.getByRole("table")))[0]?.slice(1, 4), eventually)
      .toEqual([expect.stringMatching(/^Reversal #\d+$/), "+3", "12"]);
    expect(await stockOf(state.milkId)).toEqual({ stock: "12.000", ledger_sum: "12.000" });
    expect((await ledger(state.milkId)).map(({ reason, delta }) => [reason, delta])).toEqual([
      ["count", "12.000"],
      ["sale", "-3.000"],
      ["reversal", "3.000"],
    ]);
    const { rows: alerts } = await db.query("SELECT resolved_at FROM low_stock_alert WHERE product_id = $1", [state.milkId]);
    expect(alerts).toEqual([{ resolved_at: expect.any(Date) }]);

    await page.goto(`${baseUrl()}/`);
    await page.getByText("Nothing is running low.").waitFor();

    // The reversal is dated when it was made, on the shop's local day then: the sale's own day,
    // except when the run crossed the shop's midnight since the sale (an hour a day for this
    // test's choice of instant). Either way the range holds both and the net is nothing.
    const { rows: reversals } = await db.query<{ occurred_at: Date }>(
      "SELECT s.occurred_at FROM sale s JOIN sale_item i ON i.sale_id = s.id WHERE i.product_id = $1 AND s.kind = 'reversal'",
      [state.milkId],
    );
    expect(reversals).toHaveLength(1);
    const reversalDate = dateIn(reversals[0]!.occurred_at, SHOP_ZONE);
    const rows = await openAnalytics(reversalDate);
    expect(await tableCells(breakdown(), "tfoot")).toEqual([["Total", "0", money("0.00"), "0"]]);
    if (reversalDate === state.sale.localDate) {
      expect(rows.map((row) => row.slice(1))).toEqual(rows.map(() => ["0", money("0.00"), "0"]));
      expect(await page.locator(".recharts-bar-rectangle path").count()).toBe(0);
    } else {
      const untouched = rows.filter(([label]) => label !== dayLabel(reversalDate) && label !== dayLabel(state.sale.localDate));
      expect(untouched.map((row) => row.slice(1))).toEqual(untouched.map(() => ["0", money("0.00"), "0"]));
    }
  });

  test("every main page renders at laptop and tablet sizes (screenshots in artifacts/)", async () => {
    // One more sale that stays, so the screenshots show figures and an open alert.
    const till = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${state.deviceKey}` } });
    const { sale } = await trpc<{ sale: { id: number } }>(
      till,
      "sale.create",
      {
        externalId: crypto.randomUUID(),
        sourceDevice: "pos-01",
        clientTimestamp: new Date().toISOString(),
        items: [
          { productId: state.milkId, quantity: "4" },
          { productId: state.applesId, quantity: "0.850" },
        ],
      },
      "mutation",
    );
    await till.close();
    const pages: [path: string, heading: string | RegExp, name: string][] = [
      ["/", "Today at a glance", "dashboard"],
      ["/products", "Products", "products"],
      [`/products/${state.milkId}`, "Milk 1 l", "product-detail"],
      ["/sales", "Sales", "sales"],
      [`/sales/${sale.id}`, /^Sale #/, "sale-detail"],
      ["/alerts", "Low-stock alerts", "alerts"],
      [`/analytics?product=${state.milkId}`, "Product analytics", "analytics"],
      ["/devices", "Devices", "devices"],
      ["/staff", "Staff", "staff"],
      ["/settings", "Shop settings", "settings"],
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
        // Nothing may stick out sideways: a wide table scrolls inside its own box.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}px`).toBeLessThanOrEqual(width);
        // Every item of the main navigation is in view, none scrolled off (a tablet at the till).
        const outOfView = await page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link")
          .evaluateAll((links, right) => links.filter((link) => link.getBoundingClientRect().right > right).map((link) => link.textContent), width);
        expect(outOfView, `navigation at ${width}px`).toEqual([]);
        await screenshot(page, `${name}-${width}`);
      }
    }
    expect(pageErrors).toEqual([]);
  });

  test("the sales list keeps its filters in the address, so a filtered view survives a reload", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${baseUrl()}/sales`);
    await heading("Sales").waitFor();
    const sales = () => page.getByRole("table");
    const saleIds = async () => (await tableCells(sales())).map((row) => row[1]);
    // Two sales from pos-01 and the owner's refund of the first.
    await expect.poll(saleIds, eventually).toHaveLength(3);

    await page.getByLabel("Till").fill("pos-01");
    await expect.poll(() => new URL(page.url()).searchParams.get("till"), eventually).toBe("pos-01");
    await page.getByLabel("Kind").selectOption("sale");
    await expect.poll(() => new URL(page.url()).searchParams.get("kind"), eventually).toBe("sale");
    await expect.poll(saleIds, eventually).toEqual([expect.stringMatching(/^#\d+$/), `#${state.saleId}`]);

    await page.reload();
    await heading("Sales").waitFor();
    await expect.poll(saleIds, eventually).toEqual([expect.stringMatching(/^#\d+$/), `#${state.saleId}`]);
    expect(await page.getByLabel("Till").inputValue()).toBe("pos-01");
    expect(await page.getByLabel("Kind").inputValue()).toBe("sale");

    await page.getByLabel("Kind").selectOption("reversal");
    await page.getByText("No sales match these filters.").waitFor();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => page.url(), eventually).toBe(`${baseUrl()}/sales`);
    await expect.poll(saleIds, eventually).toHaveLength(3);
    expect(await page.getByLabel("Till").inputValue()).toBe("");
  });

  test("analytics keeps the product, range and grouping in the address, so a report survives a reload", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const grouping = (name: string) => page.getByRole("radio", { name });
    const checkedGrouping = () => page.getByRole("radiogroup", { name: "Group by" }).locator('[aria-checked="true"]').innerText();
    const address = () => Object.fromEntries(new URL(page.url()).searchParams);
    const labels = async () => (await tableCells(breakdown())).map(([label]) => label);
    const today = dateIn(new Date(), SHOP_ZONE);

    // The defaults, the last 30 days by day, are not written into the address.
    await page.goto(`${baseUrl()}/analytics?product=${state.milkId}`);
    await heading("Product analytics").waitFor();
    await expect.poll(async () => (await labels()).length, eventually).toBe(30);
    expect(await checkedGrouping()).toBe("Daily");
    expect(await dateValue(page, "From")).toBe(daysBefore(today, 29));
    expect(await dateValue(page, "To")).toBe(today);

    // Weekly over the last three weeks: the pos-01 sale of 4 milk (the refunded one nets out).
    const from = daysBefore(today, 20);
    await grouping("Weekly").click();
    await pickDate(page, "From", from);
    await expect.poll(address, eventually).toEqual({ product: String(state.milkId), from, to: today, period: "weekly" });
    await expect.poll(labels, eventually).toEqual(weekLabels(from, today));
    await expect.poll(() => tableCells(breakdown(), "tfoot"), eventually).toEqual([["Total", "4", money("10.00"), "1"]]);
    await waitForSettled(page);
    const rows = await tableCells(breakdown());

    await page.reload();
    await heading("Product analytics").waitFor();
    await expect.poll(() => tableCells(breakdown()), eventually).toEqual(rows);
    expect(await tableCells(breakdown(), "tfoot")).toEqual([["Total", "4", money("10.00"), "1"]]);
    expect(await checkedGrouping()).toBe("Weekly");
    expect(await grouping("Weekly").getAttribute("aria-checked")).toBe("true");
    expect(await dateValue(page, "From")).toBe(from);
    expect(await dateValue(page, "To")).toBe(today);
    await expect.poll(() => page.getByRole("combobox", { name: "Product", exact: true }).innerText(), eventually).toBe("Milk 1 l");
    expect(address()).toEqual({ product: String(state.milkId), from, to: today, period: "weekly" });

    // Going back to the defaults takes them out of the address again.
    await grouping("Daily").click();
    await page.getByLabel("Range").selectOption("30d");
    await expect.poll(address, eventually).toEqual({ product: String(state.milkId) });
    await expect.poll(async () => (await labels()).length, eventually).toBe(30);

    // Nonsense in the address means the defaults, not a crash.
    await page.goto(`${baseUrl()}/analytics?product=${state.milkId}&from=2025-02-30&to=soon&period=yearly`);
    await heading("Product analytics").waitFor();
    await expect.poll(async () => (await labels()).length, eventually).toBe(30);
    expect(await checkedGrouping()).toBe("Daily");
    expect(await dateValue(page, "From")).toBe(daysBefore(today, 29));
    expect(await dateValue(page, "To")).toBe(today);

    // A backwards range from the address is refused with the validation message, as one typed in is.
    await page.goto(`${baseUrl()}/analytics?product=${state.milkId}&from=${today}&to=${daysBefore(today, 7)}`);
    await heading("Product analytics").waitFor();
    await page.getByText("The end date is before the start date: pick an end date on or after it").waitFor();
    expect(await breakdown().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
