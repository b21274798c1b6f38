// A shop in its own language (issue 21): the owner sets "Deutsch (Deutschland)" in the shop
// settings; the browser itself runs in en-US, so German can only come from the shop. Every
// numeric input of the admin app (product price, stock, reorder level, restock, count, pay-out
// limit, refund quantity) and of the till (cart quantity, price and quantity of the price and
// new-product dialogs, cash received, card amount, float, pay-in, pay-out, counted cash and
// card at close, refund quantity) is typed into key by key as "2,5" (and "1.234,5" where the
// field allows it): the box keeps showing exactly what was typed, and 2.5 (1234.5) is saved.
// Values the app puts into a field are shown in German: an edit form's "2,50", a volatile
// product's last price, a quick cash amount, the cart's + and −. Money and dates read German
// on every page, date fields included (a calendar in German, not the browser's date input),
// with screenshots (artifacts/de-*.png). Staff read their own words when a field is left
// empty, a float or count the till refuses is answered with an example in German money
// ("Enter an amount like 50,00 €"), and a cashier lands on the till.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { busyShopPages, seedBusyShop, type BusyShop } from "./busy-shop";
import { baseUrl, collectPageErrors, dateValue, eventually, launchBrowser, openPage, pickDate, screenshot, signUpShop, trpc, waitForSettled } from "./harness";
import { connectDb, openPos, shopIdOf, shownReport, waitForCount } from "./pos-helpers";

const browser = await launchBrowser();
afterAll(() => browser.close());

let owner: BrowserContext;
let page: Page;
let errors: string[];
const state = { applesId: 0, cheeseId: 0 };

/** Text as shown, with the no-break spaces Intl puts in "2,50 €" read as spaces. */
const shown = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

/**
 * Types `text` into a number field key by key, as a cashier does, and checks the box shows
 * exactly what was typed at the end (it showed "2.5" for "2,5" when the field rewrote the
 * separator under the cashier's fingers).
 */
async function typeNumber(field: Locator, text: string) {
  await field.fill("");
  await field.pressSequentially(text);
  expect(await field.inputValue()).toBe(text);
}

/** The error a field shows once it is marked invalid: the text its aria-describedby points at first (Field), as shown. */
async function fieldError(field: Locator) {
  await expect.poll(() => field.getAttribute("aria-invalid"), eventually).toBe("true");
  const errorId = (await field.getAttribute("aria-describedby"))!.split(" ")[0]!;
  return shown(await field.page().locator(`[id="${errorId}"]`).innerText());
}

/** A drawer action (open, pay in, pay out) with its amount typed key by key. */
async function drawerTyped(page: Page, action: "Open drawer" | "Pay in" | "Pay out", amount: string, reason?: string) {
  await page.getByRole("region", { name: "Drawer" }).getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await typeNumber(dialog.getByLabel(action === "Open drawer" ? "Float" : "Amount", { exact: true }), amount);
  if (reason !== undefined) await dialog.getByLabel("Reason").fill(reason);
  await dialog.locator("button[type=submit]").click();
  await dialog.waitFor({ state: "detached" });
}

/**
 * Sells `quantity` (typed into the cart line) of the product `name`, paid in cash (`tendered`
 * typed, else exact) or split with `card` typed as the card part; resolves to the change shown.
 */
async function sellTyped(page: Page, name: string, quantity: string, payment: { tendered?: string; card?: string }) {
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name }).click();
  await typeNumber(page.getByLabel(`Quantity of ${name}`), quantity);
  await page.getByRole("button", { name: /^Charge/ }).click();
  const dialog = page.getByRole("dialog", { name: "Payment" });
  if (payment.card !== undefined) {
    await dialog.getByRole("radio", { name: "Cash + card", exact: true }).click();
    await typeNumber(dialog.getByLabel("Card amount"), payment.card);
  }
  if (payment.tendered !== undefined) await typeNumber(dialog.getByLabel("Cash received"), payment.tendered);
  const change = await dialog.getByLabel("Change due").innerText();
  await dialog.getByRole("button", { name: "Confirm payment" }).click();
  await dialog.waitFor({ state: "detached" });
  await waitForCount(page, "Pending", 0);
  return change;
}

/** A German date of today in the shop's zone, as Intl writes it ("1. Dez. 2026"). */
const germanToday = () => new Intl.DateTimeFormat("de-DE", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/Berlin" }).format(new Date());
/** Today as the dashboard heads it ("Dienstag, 1. Dezember 2026"). */
const germanLongToday = () =>
  new Intl.DateTimeFormat("de-DE", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Berlin" }).format(new Date());
/** Today as a date field shows it ("01.12.2026"). */
const germanFieldToday = () => new Intl.DateTimeFormat("de-DE", { dateStyle: "medium", timeZone: "Europe/Berlin" }).format(new Date());

beforeAll(async () => {
  owner = await browser.newContext({ locale: "en-US", timezoneId: "America/Chicago", viewport: { width: 1280, height: 900 } });
  await signUpShop(owner, { currency: "EUR", timeZone: "Europe/Berlin", shopName: "Bäckerei Sommer" });
  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
});

describe("a de-DE shop", () => {
  test("the owner picks the shop's language in the settings", async () => {
    await page.goto(`${baseUrl()}/settings`);
    await page.getByRole("heading", { name: "Shop settings" }).waitFor();
    // A field left empty is answered in staff words (it was "Too small: expected string to have >=1 characters").
    await page.getByLabel("Shop name").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("This is required").waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/Too small|expected string/);
    await page.getByLabel("Shop name").fill("Bäckerei Sommer");
    await page.getByLabel("Language and formats").selectOption("de-DE");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(async () => (await trpc<{ shop: { locale: string | null } }>(owner, "shop.current")).shop.locale, eventually).toBe("de-DE");
  });

  test("the admin product form and stock dialog take 2,5 as 2.5, and money reads German", async () => {
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    // An empty form speaks to staff, not in validator jargon.
    await dialog.getByRole("button", { name: "Create product" }).click();
    await dialog.getByText("Name is required").waitFor();
    expect(await dialog.innerText()).not.toMatch(/Too small|expected|Invalid input/);
    await dialog.getByLabel("Name", { exact: true }).fill("Äpfel lose");
    await typeNumber(dialog.getByLabel("Price", { exact: true }), "2,5");
    // The placeholder reads German too.
    expect(await dialog.getByLabel("Price", { exact: true }).getAttribute("placeholder")).toBe("0,00");
    await typeNumber(dialog.getByLabel("Stock on hand"), "10,25");
    await typeNumber(dialog.getByLabel("Reorder level"), "1.234,5");
    await dialog.getByRole("button", { name: "Create product" }).click();
    await dialog.waitFor({ state: "detached" });
    const apples = (
      await trpc<{ items: { id: number; name: string; unitPrice: string; stock: string; reorderLevel: string }[] }>(owner, "product.list", {})
    ).items.find((p) => p.name === "Äpfel lose")!;
    expect(apples).toMatchObject({ unitPrice: "2.50", stock: "10.250", reorderLevel: "1234.500" });
    state.applesId = apples.id;
    await page.goto(`${baseUrl()}/products`);
    await page.getByRole("link", { name: "Äpfel lose" }).waitFor();
    expect(shown(await page.getByRole("table").innerText())).toContain("2,50 €");

    await page.goto(`${baseUrl()}/products/${apples.id}`);
    await page.getByRole("button", { name: "Restock" }).click();
    const restock = page.getByRole("dialog");
    await typeNumber(restock.getByLabel("Quantity received"), "1,5");
    await restock.getByLabel("Reason").fill("Lieferung");
    await restock.getByRole("button", { name: "Restock" }).click();
    await restock.waitFor({ state: "detached" });
    await expect.poll(async () => (await trpc<{ stock: string }>(owner, "product.byId", { id: apples.id })).stock, eventually).toBe("11.750");
    await waitForSettled(page);
    const text = shown(await page.locator("main").innerText());
    expect(text).toContain("11,75");
    expect(text).toContain(germanToday());
    await screenshot(page, "de-product-detail");
  });

  test("the till takes 2,5 in its quantity and price fields; the sale and its receipt read German", async () => {
    const cheese = await trpc<{ id: number }>(owner, "product.create", { name: "Käse am Stück", unitPrice: "9.80", isVolatile: true }, "mutation");
    state.cheeseId = cheese.id;
    const till = await owner.newPage();
    const tillErrors = collectPageErrors(till);
    await openPos(till, "Äpfel lose");
    const tile = (name: string) => till.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name });
    expect(shown(await tile("Äpfel lose").innerText())).toContain("2,50 €");

    await tile("Äpfel lose").click();
    const applesQuantity = till.getByLabel("Quantity of Äpfel lose");
    await typeNumber(applesQuantity, "2,5");
    // + and − put numbers into the box: in German.
    await till.getByRole("button", { name: "One more Äpfel lose" }).click();
    expect(await applesQuantity.inputValue()).toBe("3,5");
    await till.getByRole("button", { name: "One less Äpfel lose" }).click();
    expect(await applesQuantity.inputValue()).toBe("2,5");
    await tile("Käse am Stück").click();
    const priceDialog = till.getByRole("dialog");
    // The last price, pre-filled in German.
    expect(await priceDialog.getByLabel("Price", { exact: true }).inputValue()).toBe("9,80");
    await typeNumber(priceDialog.getByLabel("Price", { exact: true }), "12,4");
    await typeNumber(priceDialog.getByLabel("Quantity", { exact: true }), "0,5");
    await priceDialog.getByRole("button", { name: "Add to sale" }).click();
    await priceDialog.waitFor({ state: "detached" });
    // 2.5 × 2.50 + 0.5 × 12.40 = 6.25 + 6.20
    await expect.poll(async () => shown(await till.getByLabel("Sale total").innerText()), eventually).toBe("12,45 €");
    await screenshot(till, "de-pos-cart");
    await till.getByRole("button", { name: /^Charge/ }).click();
    const payment = till.getByRole("dialog", { name: "Payment" });
    const cashReceived = payment.getByLabel("Cash received");
    expect(await cashReceived.getAttribute("placeholder")).toBe("12,45");
    // A quick amount is put into the box in German; then the cashier types over it.
    await payment.getByRole("button", { name: /^20,00\s€$/ }).click();
    expect(await cashReceived.inputValue()).toBe("20,00");
    await typeNumber(cashReceived, "1.234,5");
    expect(shown(await payment.getByLabel("Change due").innerText())).toBe("1.222,05 €");
    await payment.getByRole("button", { name: "Confirm payment" }).click();
    await till
      .getByRole("status")
      .filter({ hasText: /Sale saved · 12,45\s€/ })
      .waitFor();

    interface SaleRow {
      items: { productId: number; quantity: string; unitPrice: string }[];
    }
    const sales = async () => (await trpc<{ items: SaleRow[] }>(owner, "sale.list", {})).items;
    await expect.poll(async () => (await sales()).length, { timeout: 30_000, interval: 250 }).toBe(1);
    const [sale] = await sales();
    expect(sale!.items.map(({ productId, quantity, unitPrice }) => ({ productId, quantity, unitPrice })).sort((a, b) => a.productId - b.productId)).toEqual([
      { productId: state.applesId, quantity: "2.500", unitPrice: "2.50" },
      { productId: state.cheeseId, quantity: "0.500", unitPrice: "12.40" },
    ]);
    const db = await connectDb();
    try {
      const { rows } = await db.query<{ tendered: string }>("SELECT tendered::text FROM sale_tender WHERE shop_id = $1 AND method = 'cash'", [
        await shopIdOf(owner),
      ]);
      expect(rows).toEqual([{ tendered: "1234.50" }]);
    } finally {
      await db.end();
    }
    await till.close();
    expect(tillErrors).toEqual([]);

    await page.goto(`${baseUrl()}/sales`);
    await page.getByRole("heading", { name: "Sales", exact: true }).waitFor();
    await waitForSettled(page);
    const row = shown(await page.getByRole("table").locator("tbody tr").first().innerText());
    expect(row).toContain("12,45 €");
    expect(row).toContain(germanToday());
    await screenshot(page, "de-sales");
    await page.goto(`${baseUrl()}/`);
    await page.getByRole("heading", { name: "Today at a glance" }).waitFor();
    await waitForSettled(page);
    expect(shown(await page.locator("main").innerText())).toContain("12,45 €");
    await screenshot(page, "de-dashboard");
    expect(errors).toEqual([]);
  });

  test("the till takes 2,5 as cash received, card amount, float, pay-in, pay-out, a new product's price and quantity, counted cash and card, and refund quantity", async () => {
    await trpc(owner, "till.create", { name: "Kasse 1", series: "K" }, "mutation");
    const till = await owner.newPage();
    const tillErrors = collectPageErrors(till);
    await openPos(till, "Äpfel lose");
    await till.getByRole("button", { name: "Choose this till" }).click();
    await till.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: "Kasse 1" }).click();
    await till.getByRole("region", { name: "Till" }).filter({ hasText: "Kasse 1" }).waitFor();
    // A float the till cannot take (a third decimal) is refused with an example written the shop's way.
    await till.getByRole("region", { name: "Drawer" }).getByRole("button", { name: "Open drawer", exact: true }).click();
    const opening = till.getByRole("dialog", { name: "Open the drawer" });
    const float = opening.getByLabel("Float", { exact: true });
    await typeNumber(float, "150,555");
    await opening.locator("button[type=submit]").click();
    expect(await fieldError(float)).toBe("Enter an amount like 50,00 €");
    await opening.getByRole("button", { name: "Cancel" }).click();
    await opening.waitFor({ state: "detached" });
    await drawerTyped(till, "Open drawer", "150,5");
    await till.getByRole("region", { name: "Drawer" }).getByRole("status").filter({ hasText: "Open" }).waitFor();
    await drawerTyped(till, "Pay in", "2,5", "Wechselgeld");
    await drawerTyped(till, "Pay out", "1,25", "Briefmarken");
    // 2 × 2,50 € = 5,00 €: 20,5 handed over is 15,50 € change; then 2,5 by card and the rest in cash.
    expect(shown(await sellTyped(till, "Äpfel lose", "2", { tendered: "20,5" }))).toBe("15,50 €");
    await sellTyped(till, "Äpfel lose", "2", { card: "2,5" });
    // A product the catalogue lacks: 1.234,5 at 0,8 = 987,60 €, paid exactly in cash.
    await till.getByRole("button", { name: "New product" }).click();
    const created = till.getByRole("dialog");
    await created.getByLabel("Name", { exact: true }).fill("Brezel");
    await typeNumber(created.getByLabel("Price", { exact: true }), "0,8");
    await typeNumber(created.getByLabel("Quantity", { exact: true }), "1.234,5");
    await created.getByRole("button", { name: "Create and add" }).click();
    await created.waitFor({ state: "detached" });
    await expect.poll(async () => shown(await till.getByLabel("Sale total").innerText()), eventually).toBe("987,60 €");
    expect(await till.getByLabel("Quantity of Brezel").inputValue()).toBe("1234,5");
    await till.getByRole("button", { name: /^Charge/ }).click();
    await till.getByRole("dialog", { name: "Payment" }).getByRole("button", { name: "Confirm payment" }).click();
    await till
      .getByRole("status")
      .filter({ hasText: /Sale saved · 987,60\s€/ })
      .waitFor();
    await till.getByRole("button", { name: "Refund", exact: true }).click();
    const refund = till.getByRole("dialog", { name: "Refund" });
    // Each sale's time in the shop's zone (Berlin), in German, like every other page: not the
    // device's (this browser is in Chicago, 7 hours behind) nor a bare time of day.
    const rungUp = await refund.getByRole("list", { name: "Recent sales" }).getByRole("button").first().innerText();
    const berlin = (at: Date) =>
      new Intl.DateTimeFormat("de-DE", {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: "Europe/Berlin",
      }).format(at);
    const lastMinutes = Array.from({ length: 10 }, (_, minutes) => berlin(new Date(Date.now() - minutes * 60_000)));
    expect(
      lastMinutes.some((prefix) => rungUp.startsWith(prefix)),
      `${rungUp} should start with one of ${lastMinutes.join(" | ")}`,
    ).toBe(true);
    await refund.getByRole("list", { name: "Recent sales" }).getByRole("button").filter({ hasText: "5,00 €" }).first().click();
    await typeNumber(refund.getByLabel("Refund quantity of Äpfel lose"), "0,5");
    await refund.getByLabel("Reason").fill("Druckstelle");
    await screenshot(till, "de-pos-refund");
    await refund.getByRole("button", { name: "Save refund" }).click();
    await refund.waitFor({ state: "detached" });
    await screenshot(till, "de-pos-drawer");
    // Close: counted cash and card typed in German, as the Z report and the server get them.
    await till.getByRole("region", { name: "Drawer" }).getByRole("button", { name: "Close drawer" }).click();
    const closing = till.getByRole("dialog", { name: "Close the drawer" });
    expect(await closing.getByLabel("Counted Cash").getAttribute("placeholder")).toBe("0,00");
    expect(await closing.getByLabel("Counted Card").getAttribute("placeholder")).toBe("0,00");
    await typeNumber(closing.getByLabel("Counted Cash"), "1.234,555");
    await typeNumber(closing.getByLabel("Counted Card"), "2,5");
    await closing.getByRole("button", { name: "Close and print Z report" }).click();
    expect(await fieldError(closing.getByLabel("Counted Cash"))).toBe("Enter an amount like 120,50 €");
    await typeNumber(closing.getByLabel("Counted Cash"), "1.234,5");
    await typeNumber(closing.getByLabel("Counted Card"), "2,5");
    await closing.getByRole("button", { name: "Close and print Z report" }).click();
    await till.getByRole("dialog", { name: "Z report 1" }).waitFor();
    expect((await shownReport(till, "Z")).methods.map((line) => [line.key, line.counted])).toEqual([
      ["cash", "1234.50"],
      ["card", "2.50"],
    ]);
    await till.getByRole("button", { name: "Done" }).click();
    expect(tillErrors).toEqual([]);
    await till.close();

    const db = await connectDb();
    try {
      const shopId = await shopIdOf(owner);
      const rows = async (sql: string) => (await db.query<{ v: string }>(sql, [shopId])).rows.map((row) => row.v);
      await expect
        .poll(() => rows("SELECT kind || ' ' || coalesce(amount::text, '-') AS v FROM drawer_event WHERE shop_id = $1 ORDER BY id"), eventually)
        .toEqual(["open 150.50", "pay_in 2.50", "pay_out 1.25", "close -"]);
      await expect
        .poll(
          async () => (await db.query<{ counted: unknown }>("SELECT counted FROM drawer_event WHERE shop_id = $1 AND kind = 'close'", [shopId])).rows,
          eventually,
        )
        .toEqual([{ counted: [expect.objectContaining({ method: "cash", amount: "1234.50" }), expect.objectContaining({ method: "card", amount: "2.50" })] }]);
      await expect
        .poll(
          () =>
            rows("SELECT method || ' ' || amount || ' ' || coalesce(tendered::text, '-') AS v FROM sale_tender WHERE shop_id = $1 AND amount > 0 ORDER BY id"),
          eventually,
        )
        .toEqual(expect.arrayContaining(["cash 5.00 20.50", "card 2.50 -", "cash 2.50 2.50", "cash 987.60 987.60"]));
      await expect
        .poll(
          () =>
            rows(
              "SELECT p.name || ' ' || i.quantity || ' ' || i.unit_price AS v FROM sale_item i JOIN product p ON p.id = i.product_id WHERE p.shop_id = $1 AND p.name = 'Brezel'",
            ),
          eventually,
        )
        .toEqual(["Brezel 1234.500 0.80"]);
      await expect
        .poll(() => rows("SELECT i.quantity::text AS v FROM sale_item i JOIN sale s ON s.id = i.sale_id WHERE s.shop_id = $1 AND i.quantity < 0"), eventually)
        .toEqual(["-0.500"]);
    } finally {
      await db.end();
    }
  });

  test("the admin app shows 2,50 in its edit form and takes 2,5 as price, reorder level, counted stock, pay-out limit and refund quantity", async () => {
    await page.goto(`${baseUrl()}/products/${state.applesId}`);
    await page.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog");
    // The product's values as the shop writes them (was "2.50" and "1234.500").
    expect(await edit.getByLabel("Price", { exact: true }).inputValue()).toBe("2,50");
    expect(await edit.getByLabel("Reorder level").inputValue()).toBe("1234,500");
    await typeNumber(edit.getByLabel("Price", { exact: true }), "2,75");
    await typeNumber(edit.getByLabel("Reorder level"), "2,5");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Count" }).click();
    const count = page.getByRole("dialog");
    await typeNumber(count.getByLabel("Counted stock"), "1.234,5");
    await count.getByLabel("Reason").fill("Inventur");
    await count.getByRole("button", { name: "Record count" }).click();
    await count.waitFor({ state: "detached" });
    await expect
      .poll(async () => {
        const { unitPrice, reorderLevel, stock } = await trpc<{ unitPrice: string; reorderLevel: string; stock: string }>(owner, "product.byId", {
          id: state.applesId,
        });
        return { unitPrice, reorderLevel, stock };
      }, eventually)
      .toEqual({ unitPrice: "2.75", reorderLevel: "2.500", stock: "1234.500" });
    await page.getByRole("button", { name: "Edit" }).click();
    expect(await page.getByRole("dialog").getByLabel("Price", { exact: true }).inputValue()).toBe("2,75");
    await page.keyboard.press("Escape");

    await page.goto(`${baseUrl()}/settings`);
    await page.getByLabel("Pay-out review limit").waitFor();
    // The cash rounding choices read German.
    expect(await page.getByLabel("Cash rounding").locator("option").allInnerTexts()).toContain("To the nearest 0,05");
    await typeNumber(page.getByLabel("Pay-out review limit"), "1.234,5");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(async () => (await trpc<{ shop: { payoutReviewAbove: string | null } }>(owner, "shop.current")).shop.payoutReviewAbove, eventually)
      .toBe("1234.50");
    expect(await page.getByLabel("Pay-out review limit").inputValue()).toBe("1.234,5");
    await typeNumber(page.getByLabel("Pay-out review limit"), "50,5");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(async () => (await trpc<{ shop: { payoutReviewAbove: string | null } }>(owner, "shop.current")).shop.payoutReviewAbove, eventually)
      .toBe("50.50");
    // Opened again, the saved limit is written the shop's way.
    await page.reload();
    await expect.poll(() => page.getByLabel("Pay-out review limit").inputValue(), eventually).toBe("50,50");

    interface SaleRow {
      id: number;
      kind: string;
      items: { productId: number; quantity: string }[];
    }
    const sale = (await trpc<{ items: SaleRow[] }>(owner, "sale.list", {})).items.find(
      (row) => row.kind === "sale" && row.items.some((item) => item.productId === state.cheeseId),
    )!;
    await page.goto(`${baseUrl()}/sales/${sale.id}`);
    await page.getByRole("button", { name: "Refund items" }).click();
    const refund = page.getByRole("dialog");
    await typeNumber(refund.getByLabel("Quantity of Käse am Stück to refund"), "0,25");
    await refund.getByLabel("Reason").fill("Zu viel abgeschnitten");
    await screenshot(page, "de-admin-refund");
    await refund
      .getByRole("button", { name: /Refund/ })
      .last()
      .click();
    await refund.waitFor({ state: "detached" });
    await expect
      .poll(
        async () =>
          (await trpc<{ items: SaleRow[] }>(owner, "sale.list", {})).items.flatMap((row) =>
            row.items.filter((item) => item.quantity.startsWith("-")).map((item) => item.quantity),
          ),
        eventually,
      )
      .toContain("-0.250");
    expect(errors).toEqual([]);
  });
});

/** English ways of writing money and dates that a German shop's pages must not show: "€1,234.50", "1 Dec 2026", "Dec 1, 2026", "Tue 1 Dec". */
const ENGLISH =
  /€\d|\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}\b|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d/;
/** German money: "1.234,50 €". */
const GERMAN_MONEY = /\d{1,3}(\.\d{3})*,\d{2} €/;

describe("every page of a busy de-DE shop", () => {
  let busy: BusyShop;

  beforeAll(async () => {
    const cashier = await browser.newContext();
    busy = await seedBusyShop(owner, cashier);
    await cashier.close();
  }, 120_000);

  test("reads German: money, dates and date fields; screenshots de-*.png", async () => {
    // What each page must show besides no English money or dates.
    const expected: Record<string, (string | RegExp)[]> = {
      dashboard: [GERMAN_MONEY, germanLongToday()],
      products: ["1.234,50 €"],
      "product-detail": ["1.234,50 €", germanToday()],
      sales: ["1.234,50 €", germanToday()],
      "sale-detail": ["1.242,20 €", "1.000,00 €", germanToday()],
      "cash-up": ["150,00 €", germanFieldToday()],
      review: [GERMAN_MONEY],
      analytics: [GERMAN_MONEY, germanFieldToday()],
      "analytics-tenders": [GERMAN_MONEY],
      audit: [GERMAN_MONEY, germanToday()],
      settings: ["50,00 €"],
    };
    const wrong: string[] = [];
    for (const [path, heading, name] of busyShopPages(busy)) {
      await openPage(page, path, heading);
      await screenshot(page, `de-${name}`);
      // What the page says, less the settings' list of languages (each shows its own way of writing money).
      const text = shown(
        await page.locator("main").evaluate((main) => {
          const copy = main.cloneNode(true) as HTMLElement;
          copy.querySelector("select#locale")?.remove();
          document.body.append(copy);
          const said = copy.innerText;
          copy.remove();
          return said;
        }),
      );
      const english = ENGLISH.exec(text);
      if (english) wrong.push(`${name}: English "${text.slice(Math.max(0, english.index - 30), english.index + 30)}"`);
      for (const want of expected[name] ?? [])
        if (!(typeof want === "string" ? text.includes(want) : want.test(text))) wrong.push(`${name}: no ${String(want)}`);
    }
    expect(wrong).toEqual([]);
  });

  test("a date field writes and picks dates in German, whatever the browser's language", async () => {
    await page.goto(`${baseUrl()}/sales`);
    await page.getByRole("heading", { name: "Sales", exact: true }).waitFor();
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" });
    await page.getByLabel("From", { exact: true }).click();
    const calendar = page.getByRole("dialog", { name: "Choose a date" });
    // The calendar's code arrives when the field is first pointed at (date-picker.tsx).
    await calendar.getByRole("grid").waitFor();
    // German month names and Monday first.
    expect(await calendar.innerText()).toMatch(/Mo\s+Di\s+Mi\s+Do\s+Fr\s+Sa\s+So/);
    await screenshot(page, "de-date-picker");
    await page.keyboard.press("Escape");
    await pickDate(page, "From", yesterday);
    await page.waitForURL((url) => url.searchParams.get("from") === yesterday);
    expect(await dateValue(page, "From")).toBe(yesterday);
    const [y, m, d] = yesterday.split("-");
    expect(await page.getByLabel("From", { exact: true }).innerText()).toBe(`${d}.${m}.${y}`);
    expect(errors).toEqual([]);
  });
});
