// Shared harness of the admin app's browser tests (`pnpm --filter @tillsync/web test`).
//
// One vitest run = one `next build` (into .next-e2e, API_URL baked in), one fresh
// PostgreSQL database (tillsync_test_web_*), one API (`pnpm tillsync serve`, port 4610)
// and one `next start` (port 3610), all made by global-setup.ts and torn down after the
// run. Test files run one after another and isolate themselves by each signing up a
// shop of its own (the API is multi-tenant). Logs of the build and both servers, and
// screenshots, go to apps/web/artifacts/ (git-ignored).
//
// Exports (stable; add, never rename):
//   baseUrl(), apiUrl(), databaseUrl()   the web origin, the API origin, the database URL
//   launchBrowser(extraArgs?)            Chromium (CHROMIUM_PATH, else found on PATH: @tillsync/testing), headless
//   signUpShop(context, options?)        a new shop + owner; the session cookie lands in `context`
//   trpc(context, path, input?, type?, origin?)  a tRPC call with the context's cookies; throws TrpcError
//   screenshot(page, name)               full-page PNG to apps/web/artifacts/<name>.png
//   pickDate(page, label, date), dateValue(page, label)  the app's date fields (a calendar, not a text box)
//   openPage(page, path, heading)        goes to a page and waits for its h1 and its data
//   TrpcError, collectPageErrors(page), waitForSettled(page), tableCells(table), eventually,
//   uniqueEmail(who), CHROMIUM_ARGS
//
// Environment: E2E_REUSE_BUILD=1 skips `next build` when .next-e2e holds one (quicker
// reruns; it must have been built for the same ports). E2E_API_PORT, E2E_WEB_PORT and
// E2E_DIST_DIR let a second run go beside another one.
import { join } from "node:path";
import { randomUUID } from "node:crypto";

import { requireChromium } from "@tillsync/testing";
import { chromium, type APIResponse, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { inject } from "vitest";

import { artifactsDir } from "./paths";

export const baseUrl = (): string => inject("baseUrl");
export const apiUrl = (): string => inject("apiUrl");
export const databaseUrl = (): string => inject("databaseUrl");

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Chromium with a fresh temporary profile; every `newContext()` is a clean browser session. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export interface ShopOptions {
  timeZone?: string;
  currency?: string;
  shopName?: string;
}

export interface ShopOwner {
  email: string;
  password: string;
  shopName: string;
}

/** A unique address for a new account, so test files never collide in the shared database. */
export const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.com`;

/** Signs up a new shop and its owner through Better Auth; `context` is signed in as the owner afterwards. */
export async function signUpShop(context: BrowserContext, options: ShopOptions = {}): Promise<ShopOwner> {
  const owner = { email: uniqueEmail("owner"), password: "correct-horse-battery", shopName: options.shopName ?? "Corner Shop" };
  const data = { ...owner, timezone: options.timeZone ?? "Europe/Berlin", currency: options.currency ?? "EUR", name: "Olivia Owner" };
  // The suite signs up more shops from one address than the sign-up rate limit allows in
  // a minute (10, packages/auth): when refused, wait as long as the server says, as a person would.
  for (let attempt = 1; ; attempt++) {
    const response = await context.request.post(`${baseUrl()}/api/auth/sign-up/shop`, { data });
    if (response.ok()) return owner;
    const waitSeconds = Number(response.headers()["x-retry-after"] ?? response.headers()["retry-after"] ?? 10);
    if (response.status() !== 429 || attempt >= 3) throw new Error(`sign-up/shop: ${response.status()} ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, (Math.min(waitSeconds, 60) + 1) * 1000));
  }
}

/** A failed tRPC call; `code` is tRPC's (e.g. "FORBIDDEN"), `appCode` the domain's (e.g. "SKU_TAKEN"). */
export class TrpcError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    readonly status: number,
    readonly appCode: string | null,
    message: string,
  ) {
    super(`tRPC ${path}: ${status} ${code}${appCode ? ` (${appCode})` : ""}: ${message}`);
    this.name = "TrpcError";
  }
}

interface TrpcBody {
  result?: { data: { json: unknown } };
  error?: { json: { message: string; data?: { code?: string; appCode?: string | null } } };
}

/**
 * A tRPC call over HTTP (superjson envelope) carrying `context`'s cookies, as the signed-in
 * page would make it; `origin` is the web app's (default: the suite's, baseUrl()).
 */
export async function trpc<T = unknown>(
  context: BrowserContext,
  path: string,
  input?: unknown,
  type: "query" | "mutation" = "query",
  origin = baseUrl(),
): Promise<T> {
  const url = `${origin}/trpc/${path}`;
  const envelope = { json: input };
  const response: APIResponse =
    type === "mutation"
      ? await context.request.post(url, { data: envelope })
      : await context.request.get(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(envelope))}`);
  const body = (await response.json()) as TrpcBody;
  if (response.ok() && body.result) return body.result.data.json as T;
  const error = body.error?.json;
  throw new TrpcError(path, error?.data?.code ?? "UNKNOWN", response.status(), error?.data?.appCode ?? null, error?.message ?? JSON.stringify(body));
}

/** Saves a full-page screenshot to apps/web/artifacts/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
}

/** Uncaught errors of `page`, collected as they happen; assert the list is empty at the end. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

/** Waits until the page's requests are done and no loading skeleton is left, e.g. before a screenshot. */
export async function waitForSettled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], [data-slot="skeleton"]'));
}

/** Opens `path` of the web app and waits for its h1 (`heading`: the text, or a pattern) and for its data (waitForSettled). */
export async function openPage(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  await page
    .getByRole("heading", { level: 1, name: heading, exact: typeof heading === "string" })
    .first()
    .waitFor();
  await waitForSettled(page);
}

/** The text of every cell of a table's body (or "tfoot"/"thead"), row by row, whitespace collapsed to single spaces. */
export async function tableCells(table: Locator, section: "tbody" | "tfoot" | "thead" = "tbody"): Promise<string[][]> {
  return table
    .locator(`${section} tr`)
    .evaluateAll((rows) => rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.innerText.replace(/\s+/g, " ").trim())));
}

/**
 * Picks `date` (YYYY-MM-DD) in the date field labelled `label` (components/app/date-picker.tsx,
 * a calendar in the shop's language): opens its calendar, goes to the month by its month and
 * year lists, clicks the day. The field then holds it as `data-value` (dateValue).
 */
export async function pickDate(page: Page, label: string, date: string): Promise<void> {
  const [year, month] = date.split("-").map(Number) as [number, number];
  await page.getByLabel(label, { exact: true }).click();
  const calendar = page.getByRole("dialog", { name: "Choose a date" });
  await calendar.locator('select:has(option[value="0"])').selectOption(String(month - 1));
  await calendar.locator(`select:has(option[value="${year}"])`).selectOption(String(year));
  await calendar.locator(`[data-day="${date}"] button`).click();
  await calendar.waitFor({ state: "detached" });
}

/** The date (YYYY-MM-DD, "" for none) a date field labelled `label` holds. */
export const dateValue = async (page: Page, label: string) => (await page.getByLabel(label, { exact: true }).getAttribute("data-value")) ?? "";

/** Options for vitest's `expect.poll`: the UI catches up after a network round trip or two. */
export const eventually = { timeout: 15_000, interval: 100 } as const;
