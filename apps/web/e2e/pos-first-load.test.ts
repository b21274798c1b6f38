// The till's first load (issue 21, "It must show" 1): the code the till leaves out of its first
// load (its dialogs, the camera's and the drawer's among them, Better Auth's client) still loads
// on a till reopened with no network, from the service worker's precache.
import { afterAll, beforeAll, expect, test } from "vitest";

import { baseUrl, launchBrowser, signUpShop, trpc } from "./harness";
import { createProduct, drawerAction, goOffline, openPos, waitForCount } from "./pos-helpers";

// Lets context.route() see the service worker's own requests, so nothing reaches the network offline.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

const browser = await launchBrowser();
afterAll(() => browser.close());
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

beforeAll(async () => {
  await signUpShop(context, { currency: "EUR" });
  await createProduct(context, { name: "Apples", unitPrice: "1.20", initialStock: "100" });
  await trpc(context, "till.create", { name: "Front", series: "A" }, "mutation");
});

test("the scripts /pos starts with carry V8's compile hint; dialog code no page starts with does not", async () => {
  // scripts/compile-hints.mjs, run by `pnpm run build`: Chrome compiles a hinted file off the main thread as it streams.
  const hint = "//# allFunctionsCalledOnLoad\n";
  const html = await (await context.request.get(`${baseUrl()}/pos`)).text();
  // The scripts a browser runs: a noModule one (Next's polyfills) is for browsers without modules, and Chromium skips it.
  const started = [...html.matchAll(/<script\b([^>]*)>/g)]
    .map(([, attributes]) => attributes!)
    .filter((attributes) => !/nomodule/i.test(attributes))
    .flatMap((attributes) => /\ssrc="([^"]+\.js)"/.exec(attributes)?.[1] ?? []);
  expect(started.length).toBeGreaterThan(5);
  for (const src of started)
    expect(`${src}: ${(await (await context.request.get(new URL(src, baseUrl()).href)).text()).slice(0, hint.length)}`).toBe(`${src}: ${hint}`);

  const page = await context.newPage();
  // Every script the page fetches, the dialogs' too (fetched when one opens, or in idle time after the till shows).
  const later: string[] = [];
  page.on("response", (response) => void (response.url().endsWith(".js") ? later.push(response.url()) : undefined));
  await openPos(page, "Apples");
  await page.getByRole("button", { name: "New product" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).waitFor();
  const lazy = later.filter((url) => url.includes("/_next/static/chunks/") && !started.some((src) => url.endsWith(src)));
  // Some of them start another page (Radix's dialog starts the admin pages) and carry the hint for it; code no page starts with does not.
  const hinted = await Promise.all(lazy.map(async (url) => (await (await context.request.get(url)).text()).startsWith(hint)));
  expect(hinted.filter((marked) => !marked).length).toBeGreaterThan(0);
  await page.close();
});

test("a till reopened offline opens the dialogs whose code it loads later", async () => {
  const page = await context.newPage();
  await openPos(page, "Apples");
  // Choose this till (online only): choose-till-dialog.tsx; the drawer needs a claimed till.
  await page.getByRole("button", { name: "Choose this till" }).click();
  await page.getByRole("list", { name: "Tills" }).getByRole("button").filter({ hasText: "Front" }).click();
  await page.getByRole("region", { name: "Till" }).filter({ hasText: "Till Front (A)" }).waitFor();
  await goOffline(context);
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();

  // New product, then price: item-dialogs.tsx.
  await page.getByRole("button", { name: "New product" }).click();
  await page.getByRole("dialog").getByLabel("Name", { exact: true }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });

  // Payment: payment-dialog.tsx.
  await page.getByRole("region", { name: "Products" }).getByRole("button").filter({ hasText: "Apples" }).click();
  await page.getByRole("button", { name: /^Charge/ }).click();
  const payment = page.getByRole("dialog", { name: "Payment" });
  await payment.getByRole("button", { name: "Confirm payment" }).click();
  await payment.waitFor({ state: "detached" });
  await waitForCount(page, "Pending", 1);

  // Refund: refund-dialog.tsx.
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  await page.getByRole("dialog", { name: "Refund" }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });

  // Sign out with a sale waiting: sign-out-dialog.tsx.
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Stay signed in" }).click();
  await page.getByRole("alertdialog").waitFor({ state: "detached" });

  // Scan with camera: camera-dialog.tsx (this browser has no camera, and the dialog says so).
  await page.getByRole("button", { name: "Scan with camera" }).click();
  await page.getByRole("dialog", { name: "Scan with camera" }).getByRole("alert").waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });

  // The drawer: drawer-dialogs.tsx (open with a float, then the X report).
  await drawerAction(page, "Open drawer", "50.00");
  await page.getByRole("region", { name: "Drawer" }).getByRole("button", { name: "X report", exact: true }).click();
  await page.getByRole("dialog", { name: "X report" }).getByRole("region", { name: "X report" }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.close();
});
