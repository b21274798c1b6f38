// Smoke run of the admin app against a real API: opens a shop, seeds products and sales
// through the API, then visits every page at laptop (1280×800) and tablet (820×1180)
// sizes, failing on page errors and saving screenshots to apps/web/artifacts/.
//
//   pnpm --filter @tillsync/web build && pnpm --filter @tillsync/web test:smoke
//
// Needs a built app (`next build`) whose API_URL matches SMOKE_API_PORT (rewrites are
// fixed at build time; both default to 4000) and PostgreSQL at SMOKE_DATABASE_URL.
// With SMOKE_BASE_URL set, the servers already running there are used instead.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { chromium, type APIRequestContext, type Page } from "playwright-core";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const repoDir = fileURLToPath(new URL("../../..", import.meta.url));
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
const apiPort = Number(process.env.SMOKE_API_PORT ?? 4000);
const webPort = Number(process.env.SMOKE_WEB_PORT ?? 3100);
const adminUrl = process.env.SMOKE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const children: ChildProcess[] = [];
let createdDatabase: string | undefined;

async function adminQuery(sql: string) {
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function start(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "inherit"], detached: true });
  children.push(child);
  return child;
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

/** A fresh database per run, so the seeded shop is the only one. */
async function freshDatabase() {
  const name = `tillsync_web_smoke_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  createdDatabase = name;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startServers() {
  if (process.env.SMOKE_BASE_URL) return process.env.SMOKE_BASE_URL;
  const databaseUrl = await freshDatabase();
  start("pnpm", ["-s", "tillsync", "serve"], repoDir, { DATABASE_URL: databaseUrl, PORT: String(apiPort), LOG_LEVEL: "warn", WEB_ORIGIN: `http://localhost:${webPort}` });
  await waitFor(`http://127.0.0.1:${apiPort}/healthz`);
  start("pnpm", ["exec", "next", "start", "--port", String(webPort)], webDir, {});
  const base = `http://localhost:${webPort}`;
  await waitFor(`${base}/sign-in`);
  return base;
}

/** tRPC over plain HTTP (superjson envelope), with the browser context's session cookie. */
function trpc(request: APIRequestContext, base: string) {
  const unwrap = async (response: Awaited<ReturnType<APIRequestContext["get"]>>) => {
    const body = (await response.json()) as { result?: { data: { json: unknown } }; error?: unknown };
    if (!response.ok() || !body.result) throw new Error(`tRPC ${response.url()}: ${response.status()} ${JSON.stringify(body.error)}`);
    return body.result.data.json as never;
  };
  return {
    mutate: async <T>(path: string, input: unknown): Promise<T> => unwrap(await request.post(`${base}/trpc/${path}`, { data: { json: input } })),
    query: async <T>(path: string, input: unknown): Promise<T> =>
      unwrap(await request.get(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)),
  };
}

async function seed(request: APIRequestContext, base: string) {
  const signUp = await request.post(`${base}/api/auth/sign-up/shop`, {
    data: { shopName: "Corner Shop", timezone: "Europe/Berlin", currency: "EUR", name: "Olivia Owner", email: `owner-${Date.now()}@example.com`, password: "correct-horse-battery" },
  });
  if (!signUp.ok()) throw new Error(`sign-up: ${signUp.status()} ${await signUp.text()}`);
  const api = trpc(request, base);
  const product = (input: Record<string, unknown>) => api.mutate<{ id: number }>("product.create", input);
  const milk = await product({ name: "Milk 1 l", sku: "4000001", unitPrice: "1.19", initialStock: "12", reorderLevel: "10" });
  const bread = await product({ name: "Sourdough bread", unitPrice: "3.50", initialStock: "20", reorderLevel: "5" });
  const apples = await product({ name: "Apples (per kg)", isVolatile: true, unitPrice: "2.49" });
  await product({ name: "Coffee beans 500 g", sku: "4000002", unitPrice: "8.90", initialStock: "6", reorderLevel: "2" });
  const sales: { id: number }[] = [];
  for (const [i, items] of [
    [{ productId: milk.id, quantity: "3" }, { productId: bread.id, quantity: "1" }],
    [{ productId: apples.id, quantity: "1.250", unitPrice: "2.39" }],
    [{ productId: bread.id, quantity: "2" }, { productId: milk.id, quantity: "1" }],
  ].entries()) {
    const { sale } = await api.mutate<{ sale: { id: number } }>("sale.create", {
      externalId: crypto.randomUUID(),
      sourceDevice: `pos-0${(i % 2) + 1}`,
      clientTimestamp: new Date(Date.now() - (3 - i) * 3_600_000).toISOString(),
      items,
    });
    sales.push(sale);
  }
  await api.mutate("product.restock", { productId: bread.id, quantity: "10", note: "Morning delivery" });
  await api.mutate("sale.reverse", { saleId: sales[2]!.id, externalId: crypto.randomUUID(), reason: "Customer changed their mind" });
  await api.mutate("apiKey.create", { name: "pos-01", role: "device" });
  const cashier = { email: `cashier-${Date.now()}@example.com`, password: "till-password-1" };
  const { token } = await api.mutate<{ token: string }>("staff.invite", { email: cashier.email, role: "cashier" });
  return { productId: milk.id, saleId: sales[0]!.id, cashier: { ...cashier, token } };
}

async function visit(page: Page, base: string, path: string, heading: RegExp, shot: string) {
  await page.goto(`${base}${path}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await page.waitForLoadState("networkidle");
  // Screenshots show data, not loading skeletons.
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], [data-slot="skeleton"]'));
  await page.screenshot({ path: `${artifacts}${shot}.png`, fullPage: true });
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const base = await startServers();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext();
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    // Generous: under `next dev` (SMOKE_BASE_URL) each route compiles on its first visit.
    page.setDefaultTimeout(120_000);
    page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
    await page.setViewportSize({ width: 1280, height: 800 });
    await visit(page, base, "/sign-in", /Sign in/, "sign-in-1280");
    const { productId, saleId, cashier } = await seed(context.request, base);
    const pages: [string, RegExp, string][] = [
      ["/", /Today at a glance/, "dashboard"],
      ["/products", /Products/, "products"],
      [`/products/${productId}`, /Milk/, "product-detail"],
      ["/sales", /Sales/, "sales"],
      [`/sales/${saleId}`, /Sale #/, "sale-detail"],
      ["/alerts", /Low-stock alerts/, "alerts"],
      [`/analytics?product=${productId}`, /Product analytics/, "analytics"],
      ["/devices", /Devices/, "devices"],
      ["/staff", /Staff/, "staff"],
      ["/settings", /Shop settings/, "settings"],
    ];
    for (const [width, height] of [
      [1280, 800],
      [820, 1180],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [path, heading, name] of pages) await visit(page, base, path, heading, `${name}-${width}`);
    }
    await page.goto(`${base}/analytics?product=${productId}`);
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    await (await download).saveAs(`${artifacts}analytics.csv`);

    // A cashier joins by invitation, signs in through the form and sees only what they may use.
    const cashierContext = await browser.newContext({ viewport: { width: 820, height: 1180 } });
    const accepted = await cashierContext.request.post(`${base}/api/auth/invite/accept`, { data: { token: cashier.token, name: "Carl Cashier", password: cashier.password } });
    if (!accepted.ok()) throw new Error(`invite/accept: ${accepted.status()} ${await accepted.text()}`);
    await cashierContext.clearCookies();
    const till = await cashierContext.newPage();
    till.setDefaultTimeout(120_000);
    till.on("pageerror", (error) => errors.push(`${till.url()}: ${error.message}`));
    await till.goto(`${base}/`);
    await till.getByLabel("Email").fill(cashier.email);
    await till.getByLabel("Password").fill(cashier.password);
    await till.getByRole("button", { name: "Sign in" }).click();
    await till.getByRole("heading", { level: 1, name: "Sales" }).waitFor();
    const nav = (await till.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents()).map((text) => text.trim());
    if (nav.join(",") !== "Products,Sales") throw new Error(`cashier navigation: ${nav.join(",")}`);
    await till.screenshot({ path: `${artifacts}cashier-sales-820.png`, fullPage: true });
    await cashierContext.close();
  } finally {
    await browser.close();
  }
  if (errors.length > 0) throw new Error(`Page errors:\n${errors.join("\n")}`);
  console.log(`Smoke passed; screenshots in ${artifacts}`);
}

try {
  await main();
} finally {
  for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
  if (createdDatabase) await adminQuery(`DROP DATABASE IF EXISTS ${createdDatabase} WITH (FORCE)`);
}
