// Page helpers shared by the POS browser tests (pos-*.test.ts): ringing up sales through
// the real UI, reading the sync status it shows, and checking PostgreSQL directly.
import type { ProductDTO } from "@tillsync/validators";
import pg from "pg";
import type { BrowserContext, Page } from "playwright-core";

import { baseUrl, databaseUrl, trpc, uniqueEmail } from "./harness";

export interface ProductSeed {
  name: string;
  unitPrice: string;
  isVolatile?: boolean;
  initialStock?: string;
  sku?: string;
}

export const createProduct = (context: BrowserContext, seed: ProductSeed) => trpc<ProductDTO>(context, "product.create", seed, "mutation");

export interface StaffLogin {
  email: string;
  password: string;
  name: string;
}

/** Invites a cashier as the owner of `owner`'s shop and signs `cashier` in as them; returns their login. */
export async function signInCashier(owner: BrowserContext, cashier: BrowserContext, name = "Cara Cashier"): Promise<StaffLogin> {
  const login = { email: uniqueEmail("cashier"), password: "correct-horse-battery", name };
  const { token } = await trpc<{ token: string }>(owner, "staff.invite", { email: login.email, role: "cashier" }, "mutation");
  const response = await cashier.request.post(`${baseUrl()}/api/auth/invite/accept`, { data: { token, name, password: login.password } });
  if (!response.ok()) throw new Error(`invite/accept: ${response.status()} ${await response.text()}`);
  return login;
}

/** Signs in through the sign-in page (the way staff do at the till) and waits for `next`. */
export async function signInThroughPage(page: Page, login: Pick<StaffLogin, "email" | "password">, next = "/pos") {
  await page.goto(`${baseUrl()}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${baseUrl()}${next}`);
}

/** Refunds `quantity` of line 1 of a sale in cash as `context`'s principal (a cashier's refund, with no manager at a till, is flagged for review). */
export const refundLine = (context: BrowserContext, originalSaleId: number, amount: string, reason: string, quantity = "1") =>
  trpc<{ sale: { id: number; needsReview: boolean } }>(
    context,
    "sale.refund",
    { type: "refund", externalId: crypto.randomUUID(), originalSaleId, lines: [{ lineNo: 1, quantity }], tenders: [{ method: "cash", amount }], reason },
    "mutation",
  );

export const shopIdOf = async (context: BrowserContext) => (await trpc<{ shop: { id: number } }>(context, "shop.current")).shop.id;

/** Opens the POS (of the web app at `origin`) and waits until its service worker controls the page (so the precache is complete). */
export async function openPos(page: Page, firstProduct: string, origin = baseUrl()) {
  await page.goto(`${origin}/pos`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await tile(page, firstProduct).waitFor();
}

/** The till's product tile of `name` (in the rendered rows only: see scrollToTile). */
export const tile = (page: Page, name: string) => page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: name });

/**
 * The till's tile of `name`, scrolled to as a thumb would: the grid renders only the rows on and
 * near the screen (product-grid.tsx), so a tile far down the catalogue is not in the document
 * until the page has been scrolled near it. Scrolls down a screen at a time, up to 60 screens.
 */
export async function scrollToTile(page: Page, name: string) {
  const found = tile(page, name);
  for (let screen = 0; screen < 60 && (await found.count()) === 0; screen++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 0.8));
    await page.waitForTimeout(50);
  }
  await found.scrollIntoViewIfNeeded();
  return found;
}

export interface SaleLine {
  name: string;
  /** Typed into the cart line (or the price dialog for volatile products); default 1. */
  quantity?: string;
  /** Volatile products only: the price typed over the suggested one. */
  price?: string;
  /** A product created at the till with this price. */
  create?: boolean;
}

/**
 * Takes the browser offline and fails every fetch the service worker itself makes, as a lost
 * network would. Resolves to the URLs the worker tried to fetch from then on: a page it serves
 * from its cache is not among them.
 */
export async function goOffline(context: BrowserContext): Promise<string[]> {
  await context.setOffline(true);
  const swRequests: string[] = [];
  await context.route("**/*", (route) => {
    if (!route.request().serviceWorker()) return route.fallback();
    swRequests.push(route.request().url());
    return route.abort("internetdisconnected");
  });
  return swRequests;
}

/** How the customer pays in the payment step (default: exact cash). */
export interface Payment {
  method?: "Cash" | "Card" | "Cash + card";
  /** Cash handed over (a quick amount or typed); default exact. */
  tendered?: string;
  /** Split: the card part. */
  card?: string;
  /** Card: the approval code. */
  reference?: string;
}

/**
 * Rings up one sale through the UI, charges it and pays in the payment step; resolves once
 * the POS counts it as pending. Resolves to the change the payment step showed.
 */
export async function ringUp(page: Page, lines: SaleLine[], pendingAfter: number, payment: Payment = {}): Promise<string> {
  for (const line of lines) {
    if (line.create) {
      await page.getByRole("button", { name: "New product" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Name", { exact: true }).fill(line.name);
      await dialog.getByLabel("Price", { exact: true }).fill(line.price ?? "1.00");
      await dialog.getByLabel("Quantity", { exact: true }).fill(line.quantity ?? "1");
      await dialog.getByRole("button", { name: "Create and add" }).click();
      await dialog.waitFor({ state: "detached" });
    } else if (line.price !== undefined) {
      await tile(page, line.name).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Price", { exact: true }).fill(line.price);
      await dialog.getByLabel("Quantity", { exact: true }).fill(line.quantity ?? "1");
      await dialog.getByRole("button", { name: "Add to sale" }).click();
      await dialog.waitFor({ state: "detached" });
    } else {
      await tile(page, line.name).click();
      if (line.quantity !== undefined) await page.getByLabel(`Quantity of ${line.name}`).fill(line.quantity);
    }
  }
  await page.getByRole("button", { name: /^Charge/ }).click();
  const dialog = page.getByRole("dialog", { name: "Payment" });
  if (payment.method) await dialog.getByRole("radio", { name: payment.method, exact: true }).click();
  if (payment.card !== undefined) await dialog.getByLabel("Card amount").fill(payment.card);
  if (payment.reference !== undefined) await dialog.getByLabel("Approval code (optional)").fill(payment.reference);
  if (payment.tendered !== undefined) await dialog.getByLabel("Cash received").fill(payment.tendered);
  const change = await dialog.getByLabel("Change due").innerText();
  await dialog.getByRole("button", { name: "Confirm payment" }).click();
  await dialog.waitFor({ state: "detached" });
  await waitForCount(page, "Pending", pendingAfter);
  await page.getByRole("status").filter({ hasText: "Sale saved" }).waitFor();
  return change;
}

export type CountLabel = "Pending" | "Synced" | "Rejected";

/** The sync panel's number for `label`. */
export const countOf = async (page: Page, label: CountLabel) => Number(await page.locator(`[data-count="${label}"]`).innerText());

/** Waits until the sync panel shows `value` for `label`. */
export const waitForCount = (page: Page, label: CountLabel, value: number, timeout = 30_000) =>
  page
    .locator(`[data-count="${label}"]`)
    .filter({ hasText: new RegExp(`^${value}$`) })
    .waitFor({ timeout });

/** The till's outbox as stored in IndexedDB (read with the raw API: this is the test's own view of it). */
export function outboxOf(page: Page, shopId: number) {
  return page.evaluate(
    (name) =>
      new Promise<{ externalId: string; status: string; rejection?: { code: string } }[]>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error ?? new Error("indexedDB.open failed"));
        request.onsuccess = () => {
          const read = request.result.transaction("sales").objectStore("sales").getAll();
          read.onsuccess = () => {
            request.result.close();
            resolve(read.result);
          };
          read.onerror = () => reject(read.error ?? new Error("reading the outbox failed"));
        };
      }),
    `tillsync-outbox-${shopId}`,
  );
}

/** A connection to the test database, for checks the API does not expose. */
export async function connectDb() {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  return client;
}

/** External ids of the shop's sales, as stored. */
export async function storedSaleIds(db: pg.Client, shopId: number): Promise<string[]> {
  const { rows } = await db.query<{ external_id: string }>("SELECT external_id FROM sale WHERE shop_id = $1 ORDER BY id", [shopId]);
  return rows.map((row) => row.external_id);
}

/** An X or Z report as the till shows it: the raw "0.00" figures of validators DrawerReport (data-value of each cell). */
export interface ShownReport {
  figures: Record<string, string>;
  methods: { key: string; expected: string; counted: string | null; difference: string | null }[];
}

/** Reads the report open on `page` (region "X report" or "Z report"). */
export function shownReport(page: Page, kind: "X" | "Z"): Promise<ShownReport> {
  return page.getByRole("region", { name: `${kind} report` }).evaluate((region) => {
    const figures: Record<string, string> = {};
    // The first table holds the totals, the second the lines per method.
    for (const cell of region.querySelector("table")!.querySelectorAll<HTMLElement>("[data-figure]")) figures[cell.dataset.figure!] = cell.dataset.value ?? "";
    const methods = [...region.querySelectorAll<HTMLElement>("[data-method]")].map((row) => {
      const value = (figure: string) => {
        const raw = row.querySelector<HTMLElement>(`[data-figure="${figure}"]`)?.dataset.value;
        return raw === undefined || raw === "" ? null : raw;
      };
      return { key: row.dataset.method!, expected: value("expected") ?? "", counted: value("counted"), difference: value("difference") };
    });
    return { figures, methods };
  });
}

/** Queues a drawer action through the Drawer panel: open (float), pay in/out (amount, reason), close (counted per method label). */
export async function drawerAction(page: Page, action: "Open drawer" | "Pay in" | "Pay out", amount: string, reason?: string) {
  await page.getByRole("region", { name: "Drawer" }).getByRole("button", { name: action, exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(action === "Open drawer" ? "Float" : "Amount", { exact: true }).fill(amount);
  if (reason !== undefined) await dialog.getByLabel("Reason").fill(reason);
  await dialog.locator("button[type=submit]").click();
  await dialog.waitFor({ state: "detached" });
}
