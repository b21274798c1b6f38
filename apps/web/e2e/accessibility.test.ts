// WCAG 2.2 AA on the staff screens (issue 21), in Chromium on the production build, for a shop
// with data on every page: axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) finds nothing
// on any page or in any dialog (opened, and again showing its validation errors); every Tab stop
// of every page shows a focus indicator of at least 3:1 against what surrounds it; the first Tab
// stop is "Skip to content"; every page has one main region and one h1; a closed dialog gives
// focus back to what opened it; field errors are linked to their fields. Then a sale at /pos by
// keyboard alone: F2, type, Enter adds the match, Tab to the cart, change the quantity,
// Ctrl+Enter charges, Enter confirms, "Sale saved", and focus is back in the search box — with
// the focus indicator's contrast checked at every step. Focus never falls to <body> (WCAG 2.4.3):
// a save the server refuses (New product with a taken SKU, a wrong sign-in) leaves it on the
// button that was pressed, and a cart line removed by keyboard (Remove, or "One less" at one)
// hands it to the next line's Remove, else the previous one's, else the search box.
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { axeViolations } from "./axe";
import { baseUrl, collectPageErrors, launchBrowser, signUpShop, trpc, waitForSettled } from "./harness";
import { connectDb, createProduct, openPos, refundLine, shopIdOf, signInCashier, waitForCount } from "./pos-helpers";

/** WCAG 1.4.11 (non-text contrast) for the focus indicator, as the issue asks. */
const FOCUS_CONTRAST = 3;

let browser: Browser;
let owner: BrowserContext;
let page: Page;
let pageErrors: string[];
const ids = { product: 0, sale: 0, cardSale: 0, inviteToken: "" };
/** Every rule axe reported anywhere, with where: the test fails on any. */
const violations: string[] = [];

/** axe-core's WCAG A/AA rules on the page (or inside `include`, e.g. an open dialog): what they find goes into `violations`. */
async function axe(where: string, include?: string) {
  violations.push(...(await axeViolations(page, where, include)));
}

interface FocusLook {
  /** What has focus: its tag and accessible name-ish text. */
  element: string;
  outline: string;
  /** Contrast of the outline's colour with the colour around it (WCAG relative luminance). */
  ratio: number;
}

/**
 * How the focused element shows its focus: its outline (style, width, colour) and the contrast
 * of that colour with the surroundings the outline is drawn on — the parent's background for an
 * outline outside the element (offset ≥ 0), the element's own inside it. Colours are read by
 * painting them on a canvas, so any CSS colour syntax (oklch included) ends up as sRGB.
 */
function focusLook(): Promise<FocusLook | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    // SVG too: a chart is a Tab stop (recharts' keyboard layer).
    if (!(element instanceof HTMLElement || element instanceof SVGElement) || element === document.body) return null;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true })!;
    const rgba = (color: string): [number, number, number, number] => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = "#000";
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
      return [r!, g!, b!, a! / 255];
    };
    const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + bottom[i]! * (1 - top[3]!));
    /** The colour behind `from`: its background and its ancestors', composited, over the white canvas. */
    const backdrop = (from: Element | null) => {
      const layers: number[][] = [];
      for (let node = from; node; node = node.parentElement) {
        const layer = rgba(getComputedStyle(node).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255]);
    };
    const luminance = (rgb: number[]) =>
      rgb
        .map((v) => v / 255)
        .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const style = getComputedStyle(element);
    const around = backdrop(parseFloat(style.outlineOffset) >= 0 ? element.parentElement : element);
    const ring = over(rgba(style.outlineColor), around);
    const [light, dark] = [luminance(ring), luminance(around)].sort((a, b) => b - a);
    const name = (element.getAttribute("aria-label") ?? element.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
    return {
      element: `${element.tagName.toLowerCase()} "${name || (element as HTMLInputElement).placeholder || element.id}"`,
      outline: style.outlineStyle === "none" ? "none" : `${style.outlineStyle} ${style.outlineWidth}`,
      ratio: Math.round(((light! + 0.05) / (dark! + 0.05)) * 100) / 100,
    };
  });
}

/** The focus indicator is drawn (an outline at least 2 px wide) and stands out at least 3:1; else why not. */
async function focusProblem(where: string): Promise<string | null> {
  const look = await focusLook();
  if (!look) return `${where}: nothing has focus`;
  if (look.outline === "none" || parseFloat(look.outline.split(" ")[1]!) < 2) return `${where}: ${look.element} shows no outline (${look.outline})`;
  if (look.ratio < FOCUS_CONTRAST) return `${where}: ${look.element} focus indicator ${look.ratio}:1`;
  return null;
}

/**
 * Puts the point sequential navigation starts from at the top of the page, as on a fresh load:
 * a focusable placeholder before everything gets focus and is removed. (Chromium sometimes moves
 * it while a test script runs on the page; a person opening the page starts at the top.)
 */
async function fromTheTop() {
  await page.evaluate(() => {
    const start = document.createElement("span");
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.remove();
  });
}

/**
 * Tabs through the whole page from the top: the first stop is the skip link, which moves focus
 * to the main region; every stop's focus indicator is checked. Returns the problems found.
 */
async function tabThrough(where: string, maxStops = 250): Promise<string[]> {
  const problems: string[] = [];
  await fromTheTop();
  await page.keyboard.press("Tab");
  const first = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  if (first !== "Skip to content") problems.push(`${where}: the first Tab stop is "${first}", not "Skip to content"`);
  const seen = await page.evaluateHandle(() => new Set<Element>());
  for (let stop = 0; stop < maxStops; stop++) {
    const again = await page.evaluate((visited) => {
      const element = document.activeElement;
      if (!element || element === document.body) return true;
      if (visited.has(element)) return true;
      visited.add(element);
      return false;
    }, seen);
    if (again) break;
    const problem = await focusProblem(where);
    if (problem) problems.push(problem);
    await page.keyboard.press("Tab");
  }
  await seen.dispose();
  return problems;
}

/** Landmarks and headings: one main region, one h1, and (outside the sign-in pages) a header with the navigation. */
async function structure() {
  return page.evaluate(() => ({
    mains: document.querySelectorAll("main, [role=main]").length,
    h1: [...document.querySelectorAll("h1")].map((heading) => heading.textContent?.trim()),
    headers: document.querySelectorAll("header, [role=banner]").length,
    navs: document.querySelectorAll("nav, [role=navigation]").length,
  }));
}

/** The skip link works: Enter on it puts focus on the main region. */
async function skipLinkLands(): Promise<boolean> {
  await fromTheTop();
  await page.keyboard.press("Tab");
  // Enter on whatever else is first would follow a link away from the page.
  if (!(await page.evaluate(() => document.activeElement?.textContent?.trim() === "Skip to content"))) return false;
  await page.keyboard.press("Enter");
  return page.evaluate(() => document.activeElement?.closest("main") !== null);
}

/**
 * Every field marked invalid names its error: aria-describedby points at text that is shown, and
 * every shown field error (the `<id>-error` of Field) is referenced by the field it belongs to.
 */
async function unlinkedErrors(scope: Locator, where: string): Promise<string[]> {
  return scope.evaluate((root, where) => {
    const problems: string[] = [];
    const invalid = [...root.querySelectorAll<HTMLElement>('[aria-invalid="true"]')];
    if (invalid.length === 0) problems.push(`${where}: no field is marked invalid`);
    for (const field of invalid) {
      const described = (field.getAttribute("aria-describedby") ?? "")
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent?.trim() ?? "");
      if (!described.some(Boolean)) problems.push(`${where}: ${field.id || field.tagName} is invalid but describes no error`);
    }
    for (const error of root.querySelectorAll<HTMLElement>('[id$="-error"]')) {
      const field = root.querySelector(`[aria-describedby~="${error.id}"]`);
      if (!field) problems.push(`${where}: error "${error.textContent}" is linked to no field`);
      else if (field.getAttribute("aria-invalid") !== "true") problems.push(`${where}: ${field.id} shows an error but is not aria-invalid`);
    }
    return problems;
  }, where);
}

interface DialogCheck {
  /** The dialog's accessible name. */
  name: string | RegExp;
  /** "alertdialog" for a confirmation that needs an answer. */
  role?: "dialog" | "alertdialog";
  /** A submit button to press with the fields as they are, to show (and check) the errors. */
  submitEmpty?: string | RegExp;
  /** Fill these (label → value) before submitting to show the errors (e.g. a bad amount). */
  fill?: Record<string, string>;
}

/**
 * Opens a dialog from `trigger` by keyboard (focus, Enter), runs axe in it (and again showing its
 * validation errors, which must be linked to their fields), checks its focus indicator, closes it
 * with Escape and checks focus is back on the trigger.
 */
async function checkDialog(where: string, trigger: Locator, check: DialogCheck): Promise<string[]> {
  const problems: string[] = [];
  await trigger.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole(check.role ?? "dialog", { name: check.name });
  await dialog.waitFor();
  // Radix's open animation and autofocus settle within a frame or two.
  await page.waitForTimeout(100);
  const label = `${where} › dialog "${String(check.name)}"`;
  const scope = `[role="${check.role ?? "dialog"}"]`;
  await axe(label, scope);
  const problem = await focusProblem(`${label} (first focus)`);
  if (problem) problems.push(problem);
  if (check.submitEmpty) {
    for (const [field, value] of Object.entries(check.fill ?? {})) await dialog.getByLabel(field, { exact: true }).fill(value);
    await dialog.getByRole("button", { name: check.submitEmpty, exact: typeof check.submitEmpty === "string" }).click();
    await dialog.locator('[aria-invalid="true"]').first().waitFor();
    await axe(`${label} with errors`, scope);
    problems.push(...(await unlinkedErrors(dialog, `${label} with errors`)));
  }
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  // FocusScope gives focus back in a task after the dialog unmounts.
  await page.waitForTimeout(100);
  if (!(await trigger.evaluate((element) => element === document.activeElement))) {
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80) ?? "nothing");
    problems.push(`${label}: focus did not return to the trigger after closing (it is on ${at})`);
  }
  return problems;
}

/** Opens `path`, waits for its data, and checks structure, axe, skip link and every Tab stop; returns the problems. */
async function checkPage(path: string, options: { signedOut?: boolean } = {}): Promise<string[]> {
  await page.goto(`${baseUrl()}${path}`);
  await waitForSettled(page);
  await page.locator("h1").first().waitFor();
  const problems: string[] = [];
  const shape = await structure();
  if (shape.mains !== 1) problems.push(`${path}: ${shape.mains} main regions`);
  if (shape.h1.length !== 1) problems.push(`${path}: h1 ${JSON.stringify(shape.h1)}`);
  if (!options.signedOut && (shape.headers < 1 || shape.navs < 1)) problems.push(`${path}: ${shape.headers} headers, ${shape.navs} navigation regions`);
  await axe(path);
  problems.push(...(await tabThrough(path)));
  if (!(await skipLinkLands())) problems.push(`${path}: the skip link does not move focus into the main region`);
  return problems;
}

/** What has focus, as a test reads it: its accessible name (aria-label, else its text), "BODY" when focus fell to <body>. */
const focusedName = () =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "BODY";
    return element.getAttribute("aria-label") ?? element.textContent?.trim() ?? element.tagName;
  });

const ADMIN_PAGES = ["/", "/products", "/sales", "/analytics", "/alerts", "/audit", "/cash-up", "/devices", "/review", "/settings", "/staff", "/tills"];

beforeAll(async () => {
  browser = await launchBrowser();
  owner = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/Berlin" });
  await signUpShop(owner, { shopName: "Access Corner", currency: "EUR" });
  // A shop with something on every page: products (one low on stock, one sold by weight), a till
  // with a closed drawer session, sales with a refund and a payment that does not add up (Needs
  // review), an alert, a device key, a cashier and an open invitation.
  const oat = await createProduct(owner, { name: "Oat milk", sku: "OAT-1L", unitPrice: "1.49", initialStock: "40" });
  const tea = await createProduct(owner, { name: "Green tea", sku: "TEA-20", unitPrice: "3.20", initialStock: "6" });
  await trpc(owner, "product.update", { id: tea.id, reorderLevel: "5" }, "mutation");
  await createProduct(owner, { name: "Loose apples", unitPrice: "2.40", isVolatile: true });
  for (const [i, name] of ["Sourdough loaf", "Free-range eggs", "Butter", "Cheddar", "Coffee beans", "Dark chocolate", "Tomatoes", "Rice 1kg"].entries())
    await createProduct(owner, { name, unitPrice: `${i + 1}.25`, initialStock: "30" });
  ids.product = tea.id;
  const till = await trpc<{ id: number }>(owner, "till.create", { name: "Front counter", series: "FC" }, "mutation");
  const sessionId = crypto.randomUUID();
  const drawer = (fields: Record<string, unknown>) =>
    trpc(owner, "drawer.record", { type: "drawer", externalId: crypto.randomUUID(), tillId: till.id, sessionId, ...fields }, "mutation");
  await drawer({ kind: "open", amount: "100.00" });
  const { sale } = await trpc<{ sale: { id: number } }>(
    owner,
    "sale.create",
    {
      externalId: crypto.randomUUID(),
      tillId: till.id,
      drawerSessionId: sessionId,
      items: [
        { productId: oat.id, quantity: "2" },
        { productId: tea.id, quantity: "2" },
      ],
      tenders: [{ method: "cash", amount: "9.38", tendered: "10.00" }],
    },
    "mutation",
  );
  ids.sale = sale.id;
  const card = await trpc<{ sale: { id: number } }>(
    owner,
    "sale.create",
    { externalId: crypto.randomUUID(), items: [{ productId: oat.id, quantity: "1" }], tenders: [{ method: "card", amount: "1.00" }] },
    "mutation",
  );
  ids.cardSale = card.sale.id;
  await drawer({ kind: "payOut", amount: "5.00", reason: "Window cleaner" });
  await drawer({ kind: "close", zNumber: 1, counted: [{ method: "cash", amount: "104.00" }] });
  const cashier = await browser.newContext();
  await signInCashier(owner, cashier, "Cara Cashier");
  await refundLine(cashier, sale.id, "1.49", "Leaking carton");
  await cashier.close();
  await trpc(owner, "apiKey.create", { name: "stock-report-job", role: "manager" }, "mutation");
  ids.inviteToken = (await trpc<{ token: string }>(owner, "staff.invite", { email: "new.cashier@example.com", role: "cashier" }, "mutation")).token;

  page = await owner.newPage();
  page.setDefaultTimeout(15_000);
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
});

describe("admin pages", () => {
  test.each(ADMIN_PAGES)("%s: axe finds nothing; landmarks, one h1, skip link, a focus indicator of 3:1 at every Tab stop", async (path) => {
    violations.length = 0;
    const problems = await checkPage(path);
    expect([...violations, ...problems]).toEqual([]);
  });

  test("products/[id] and sales/[id]: axe finds nothing; every dialog is clean, links its errors and gives focus back", async () => {
    violations.length = 0;
    const problems = await checkPage(`/products/${ids.product}`);
    for (const [button, check] of [
      ["Restock", { name: /Restock/, submitEmpty: "Restock" }],
      ["Count", { name: /Count/, submitEmpty: "Record count" }],
      ["Edit", { name: /Edit/, submitEmpty: "Save", fill: { Name: "" } }],
      // Archiving asks first (Escape cancels it here).
      ["Archive", { name: /^Archive/, role: "alertdialog" }],
    ] as const)
      problems.push(...(await checkDialog(`/products/${ids.product}`, page.getByRole("button", { name: button, exact: true }), check)));
    problems.push(...(await checkPage(`/sales/${ids.sale}`)));
    problems.push(...(await checkDialog(`/sales/${ids.sale}`, page.getByRole("button", { name: "Refund items" }), { name: /^Refund items/ })));
    // A sale with no refunds can be reversed as a whole.
    problems.push(...(await checkPage(`/sales/${ids.cardSale}`)));
    problems.push(
      ...(await checkDialog(`/sales/${ids.cardSale}`, page.getByRole("button", { name: "Reverse sale" }), {
        name: /^Reverse sale/,
        submitEmpty: "Reverse sale",
      })),
    );
    expect([...violations, ...problems]).toEqual([]);
  });

  test("the dialogs of Products, Tills, Staff, Devices and Needs review are clean, link their errors and give focus back", async () => {
    violations.length = 0;
    const problems: string[] = [];
    await page.goto(`${baseUrl()}/products`);
    await waitForSettled(page);
    problems.push(
      ...(await checkDialog("/products", page.getByRole("button", { name: "New product" }), { name: "New product", submitEmpty: "Create product" })),
    );
    await page.goto(`${baseUrl()}/tills`);
    await waitForSettled(page);
    problems.push(...(await checkDialog("/tills", page.getByRole("button", { name: "New till" }), { name: "New till", submitEmpty: "Create till" })));
    problems.push(...(await checkDialog("/tills", page.getByRole("button", { name: "Edit Front counter" }), { name: /Front counter|Edit/ })));
    problems.push(
      ...(await checkDialog("/tills", page.getByRole("button", { name: "Archive", exact: true }).first(), { name: /^Archive/, role: "alertdialog" })),
    );
    await page.goto(`${baseUrl()}/staff`);
    await waitForSettled(page);
    problems.push(
      ...(await checkDialog("/staff", page.getByRole("button", { name: "Invite" }), { name: "Invite a member of staff", submitEmpty: "Create invitation" })),
    );
    problems.push(...(await checkDialog("/staff", page.getByRole("button", { name: /Remove/ }).first(), { name: /Remove/, role: "alertdialog" })));
    await page.goto(`${baseUrl()}/devices`);
    await waitForSettled(page);
    problems.push(...(await checkDialog("/devices", page.getByRole("button", { name: "New API key" }), { name: "New API key", submitEmpty: "Create key" })));
    problems.push(...(await checkDialog("/devices", page.getByRole("button", { name: "Revoke" }).first(), { name: /Revoke/, role: "alertdialog" })));
    await page.goto(`${baseUrl()}/review`);
    await waitForSettled(page);
    problems.push(...(await checkDialog("/review", page.getByRole("button", { name: /Mark reviewed/ }).first(), { name: /review/i })));
    expect([...violations, ...problems]).toEqual([]);
  });
  test("a save the server refuses keeps focus on its button (not <body>): New product with a SKU the shop has, submitted by keyboard", async () => {
    await page.goto(`${baseUrl()}/products`);
    await waitForSettled(page);
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    await dialog.getByLabel("Name", { exact: true }).fill("Oat milk 500 ml");
    await dialog.getByLabel("SKU / barcode").fill("OAT-1L");
    await dialog.getByLabel("Price", { exact: true }).fill("0.99");
    await dialog.getByRole("button", { name: "Create product" }).focus();
    await page.keyboard.press("Enter");
    // The API's SKU_TAKEN, on the SKU field.
    await dialog.locator('#sku[aria-invalid="true"]').waitFor();
    expect(await focusedName()).toBe("Create product");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });
});

describe("signed out", () => {
  let signedOut: BrowserContext;
  beforeAll(async () => {
    signedOut = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(() => signedOut.close());

  test.each(["/sign-in", "/sign-up", "/accept-invite?token="])(
    "%s: axe finds nothing (also with errors shown, linked to their fields); one main, one h1, skip link, focus indicator",
    async (path) => {
      violations.length = 0;
      const previous = page;
      page = await signedOut.newPage();
      try {
        const full = path.endsWith("=") ? `${path}${ids.inviteToken}` : path;
        const problems = await checkPage(full, { signedOut: true });
        await page.locator('main button[type="submit"]').click();
        await page.locator('[aria-invalid="true"]').first().waitFor();
        await axe(`${path} with errors`);
        problems.push(...(await unlinkedErrors(page.locator("main"), `${path} with errors`)));
        expect([...violations, ...problems]).toEqual([]);
      } finally {
        await page.close();
        page = previous;
      }
    },
  );

  test("a refused sign-in keeps focus on Sign in (not <body>)", async () => {
    const previous = page;
    page = await signedOut.newPage();
    try {
      await page.goto(`${baseUrl()}/sign-in`);
      await page.getByLabel("Email").fill("nobody@example.com");
      await page.getByLabel("Password").fill("not-the-password");
      await page.getByRole("button", { name: "Sign in" }).focus();
      await page.keyboard.press("Enter");
      // Better Auth's own refusal, shown above the form.
      await page.locator("main").getByRole("alert").waitFor();
      expect(await focusedName()).toBe("Sign in");
    } finally {
      await page.close();
      page = previous;
    }
  });
});

describe("/pos", () => {
  test("axe finds nothing on the till or in any of its dialogs; main region, h1, skip link, focus indicator at every Tab stop; dialogs give focus back", async () => {
    violations.length = 0;
    await openPos(page, "Oat milk");
    const problems = await checkPage("/pos");
    const where = "/pos";
    const button = (name: string | RegExp) => page.getByRole("button", { name, exact: typeof name === "string" });
    problems.push(...(await checkDialog(where, button("Choose this till"), { name: "Choose this till" })));
    await button("Choose this till").click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Front counter/ })
      .click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const drawerButton = (name: string) => page.getByRole("region", { name: "Drawer" }).getByRole("button", { name, exact: true });
    problems.push(...(await checkDialog(where, drawerButton("Open drawer"), { name: /Open/, submitEmpty: "Open drawer", fill: { Float: "x" } })));
    await drawerButton("Open drawer").click();
    await page.getByRole("dialog").getByLabel("Float", { exact: true }).fill("50");
    await page.getByRole("dialog").locator("button[type=submit]").click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    problems.push(...(await checkDialog(where, drawerButton("Pay in"), { name: "Pay in", submitEmpty: "Save pay in" })));
    problems.push(...(await checkDialog(where, drawerButton("Pay out"), { name: "Pay out", submitEmpty: "Save pay out" })));
    problems.push(...(await checkDialog(where, drawerButton("X report"), { name: /X report/ })));
    problems.push(...(await checkDialog(where, drawerButton("Close drawer"), { name: /Close/ })));
    problems.push(...(await checkDialog(where, button("New product"), { name: /New product/, submitEmpty: "Create and add", fill: { Quantity: "0" } })));
    problems.push(
      ...(await checkDialog(where, page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Loose apples" }), {
        name: /Loose apples/,
        submitEmpty: "Add to sale",
        fill: { Price: "abc" },
      })),
    );
    problems.push(...(await checkDialog(where, button("Scan with camera"), { name: /camera/i })));
    problems.push(...(await checkDialog(where, button("Refund"), { name: /Refund/ })));
    await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Oat milk" }).click();
    problems.push(...(await checkDialog(where, button(/^Charge/), { name: "Payment" })));
    // The sign-out warning shows when the till is offline (or has sales waiting).
    await owner.setOffline(true);
    try {
      await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();
      problems.push(...(await checkDialog(where, button("Sign out"), { name: /Sign out/, role: "alertdialog" })));
    } finally {
      await owner.setOffline(false);
    }
    await axe(`${where} with a sale in the cart and the drawer open`);
    expect([...violations, ...problems]).toEqual([]);
  });

  test("a rejected sale's dialog and its discard dialog are clean and give focus back", async () => {
    violations.length = 0;
    const db = await connectDb();
    try {
      const shopId = await shopIdOf(owner);
      const wrap = await createProduct(owner, { name: "Gift wrap", unitPrice: "3.00", isVolatile: true });
      await openPos(page, "Gift wrap");
      await owner.setOffline(true);
      await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Gift wrap" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Add to sale" }).click();
      await page.getByRole("button", { name: /^Charge/ }).click();
      await page.getByRole("dialog", { name: "Payment" }).getByRole("button", { name: "Confirm payment" }).click();
      await page.getByRole("status").filter({ hasText: "Sale saved" }).waitFor();
      await db.query("DELETE FROM product WHERE id = $1 AND shop_id = $2", [wrap.id, shopId]);
      await owner.setOffline(false);
      await waitForCount(page, "Rejected", 1);
      const problems = await checkDialog("/pos", page.getByRole("button", { name: /1 rejected sale/ }), { name: /Rejected/ });
      await page.getByRole("button", { name: /1 rejected sale/ }).click();
      problems.push(
        ...(await checkDialog("/pos › rejected", page.getByRole("dialog").getByRole("button", { name: "Discard", exact: true }), {
          name: "Discard this sale?",
          role: "alertdialog",
          submitEmpty: "Discard sale",
        })),
      );
      await axe("/pos with a rejected sale");
      expect([...violations, ...problems]).toEqual([]);
    } finally {
      await owner.setOffline(false);
      await db.end();
    }
  });

  test("a sale by keyboard alone: F2, type, Enter adds the match, Tab to the cart, change the quantity, Ctrl+Enter, Enter; focus back in the search; the focus indicator ≥ 3:1 at each step", async () => {
    await openPos(page, "Oat milk");
    const problems: string[] = [];
    const step = async (where: string) => {
      const problem = await focusProblem(where);
      if (problem) problems.push(problem);
    };
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim() ?? "");
    const search = page.getByRole("searchbox", { name: "Search products" });
    const cart = page.getByRole("region", { name: "Current sale" });
    // The shortcut is shown to the cashier.
    await expect.poll(() => search.getAttribute("aria-keyshortcuts")).toBe("F2");
    await page.getByText("F2", { exact: true }).first().waitFor();

    await page.keyboard.press("F2");
    expect(await focused()).toBe("Search products");
    await step("search (F2)");
    // People type slower than a barcode scanner: 100 ms a key.
    await page.keyboard.type("oat", { delay: 100 });
    await page.keyboard.press("Enter");
    await cart.getByRole("listitem", { name: "Oat milk" }).waitFor();
    expect(await search.inputValue()).toBe("");
    expect(await focused()).toBe("Search products");
    await page.keyboard.type("tea", { delay: 100 });
    await page.keyboard.press("Enter");
    await cart.getByRole("listitem", { name: "Green tea" }).waitFor();
    await step("search after adding");

    // The cart comes before the product tiles: Tab from the search reaches the quantity and
    // then Charge without passing a single tile.
    const visited: string[] = [];
    for (let i = 0; i < 12 && (await focused()) !== "Quantity of Oat milk"; i++) {
      await page.keyboard.press("Tab");
      visited.push(await focused());
      await step(`Tab to ${visited.at(-1)}`);
    }
    expect(await focused()).toBe("Quantity of Oat milk");
    // A quantity the till cannot sell says why, and the field names its error.
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("0", { delay: 100 });
    await cart.locator('[aria-invalid="true"]').waitFor();
    problems.push(...(await unlinkedErrors(cart, "cart quantity 0")));
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("3", { delay: 100 });
    await step("quantity typed");
    await expect.poll(() => page.getByLabel("Sale total").innerText()).toBe("€7.67");
    for (let i = 0; i < 12 && !(await focused()).startsWith("Charge"); i++) {
      await page.keyboard.press("Tab");
      visited.push(await focused());
      await step(`Tab to ${visited.at(-1)}`);
    }
    expect(await focused()).toMatch(/^Charge/);
    expect(visited.filter((name) => /left$|price varies/.test(name))).toEqual([]);

    // Back in the search box, Ctrl+Enter charges from anywhere; Enter confirms an exact cash payment.
    await page.keyboard.press("F2");
    await page.keyboard.press("ControlOrMeta+Enter");
    const payment = page.getByRole("dialog", { name: "Payment" });
    await payment.waitFor();
    await page.waitForTimeout(100);
    await step("payment dialog");
    await page.keyboard.press("Enter");
    await payment.waitFor({ state: "detached" });
    await cart.getByRole("status").filter({ hasText: "Sale saved · €7.67" }).waitFor();
    await page.waitForTimeout(100);
    expect(await focused()).toBe("Search products");
    await step("search after Sale saved");
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test("removing a cart line by keyboard moves focus to the next line's Remove, else the previous one's, else the search box (not <body>)", async () => {
    await openPos(page, "Oat milk");
    const cart = page.getByRole("region", { name: "Current sale" });
    const add = async (term: string, name: string) => {
      await page.keyboard.press("F2");
      await page.keyboard.type(term);
      await page.keyboard.press("Enter");
      await cart.getByRole("listitem", { name }).waitFor();
    };
    /** Enter on the line's button `label` (focused first unless it has focus already); waits until the line is gone. */
    const enterOn = async (label: string, name: string) => {
      if ((await focusedName()) !== label) await cart.getByRole("button", { name: label, exact: true }).focus();
      await page.keyboard.press("Enter");
      await cart.getByRole("listitem", { name }).waitFor({ state: "detached" });
      return focusedName();
    };
    await add("oat", "Oat milk");
    await add("tea", "Green tea");
    // The last line goes: the one before it.
    expect(await enterOn("Remove Green tea", "Green tea")).toBe("Remove Oat milk");
    await add("tea", "Green tea");
    // The first line goes: the one after it; then the only line goes: the search box.
    expect(await enterOn("Remove Oat milk", "Oat milk")).toBe("Remove Green tea");
    expect(await enterOn("Remove Green tea", "Green tea")).toBe("Search products");
    // "One less" at a quantity of one removes the line too.
    await add("oat", "Oat milk");
    expect(await enterOn("One less Oat milk", "Oat milk")).toBe("Search products");
    expect(pageErrors).toEqual([]);
  });
});
