// `pnpm bench till` (issue 21): the till at a real shop's size, in Chromium, on the production
// build of apps/web with the real API (web.ts). A shop of 20,000 products seeded by SQL;
// each figure measured unthrottled and at 4× CPU throttle (DevTools protocol), next to a
// baseline measured in the same run and browser, so the ratio holds on a loaded machine:
//
// - open offline: /pos reloaded with no network (served by its service worker) until the first
//   tile is there and the search box has answered a search; baseline: the same probe on an
//   empty page (a search box and a button) in the same browser.
// - keystroke: one key in the search box until the grid shows the matches (a frame later);
//   baseline: the same keys in the empty page's box.
// - charge: "Confirm payment" to "Sale saved" with the outbox holding 10,000 queued sales;
//   baseline: the same with an empty outbox.
// - drain: 1,000 queued sales sent once the network is back (the till's own sync engine);
//   baseline: the same number of sales sent by sale.sync from Node through the same server.
// - refresh bytes: the catalogue pull (product.changes) after one product changed, as
//   received (headers and body, CDP Network.loadingFinished); baseline: a pull when nothing changed.
// - first-load JS: the scripts /pos loads, each gzipped as the server sends it; baseline: /sign-in's.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { gzipSync } from "node:zlib";

import pg from "pg";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";

import { launchChromium, signUpShop, startWebStack } from "./web";

export interface TillConfig {
  serverUrl: string;
  smoke: boolean;
  products: number;
  /** Keystrokes measured per CPU rate. */
  keystrokes: number;
  /** Charges measured per CPU rate, with an empty outbox and with `queued` in it. */
  charges: number;
  queued: number;
  drained: number;
  /** Offline opens measured per CPU rate (the median is reported). */
  opens: number;
  /** CPU throttle rates (1 = none). */
  rates: number[];
}

/** The smoke's counts or the full ones; `--keystrokes=`, `--charges=`, `--opens=`, `--rates=1,4` override (e.g. a shorter run of slow code). */
export const tillConfig = (smoke: boolean, serverUrl: string, args: string[] = []): TillConfig => {
  const config = tillCounts(smoke, serverUrl);
  for (const name of ["keystrokes", "charges", "opens"] as const) {
    const value = args.find((arg) => arg.startsWith(`--${name}=`));
    if (value) config[name] = Number(value.split("=")[1]);
  }
  const rates = args.find((arg) => arg.startsWith("--rates="));
  if (rates) config.rates = rates.split("=")[1]!.split(",").map(Number);
  return config;
};

const tillCounts = (smoke: boolean, serverUrl: string): TillConfig =>
  smoke
    ? { serverUrl, smoke, products: 500, keystrokes: 6, charges: 2, queued: 200, drained: 50, opens: 1, rates: [1] }
    : { serverUrl, smoke, products: 20_000, keystrokes: 50, charges: 20, queued: 10_000, drained: 1_000, opens: 5, rates: [1, 4] };

/** Targets of issue 21, unthrottled. */
export const TILL_TARGETS = { openMs: 1_000, keystrokeP95Ms: 50, chargeP95Ms: 50, drainSeconds: 10, refreshBytes: 5 * 1024, firstLoadJsGzipBytes: 250 * 1024 };

const WORDS = [
  "Apple",
  "Bread",
  "Cheese",
  "Dates",
  "Eggs",
  "Flour",
  "Grapes",
  "Honey",
  "Ice tea",
  "Juice",
  "Kale",
  "Lemon",
  "Milk",
  "Nuts",
  "Oats",
  "Pasta",
  "Rice",
  "Salt",
  "Tea",
  "Yogurt",
];
/** Product g's name, as the seed's SQL makes it (1-based g). */
const nameOf = (g: number) => `${WORDS[g % WORDS.length]} ${g}`;

/** The searches typed, in order; each is typed key by key and then deleted key by key. */
const SEARCHES = ["milk 12", "cheese 3", "tea 77", "oats 19", "bread 101", "honey 5"];
interface Key {
  key: string;
  value: string;
}
function keystrokes(count: number): Key[] {
  const keys: Key[] = [];
  for (let n = 0; keys.length < count; n++) {
    const term = SEARCHES[n % SEARCHES.length]!;
    for (let i = 1; i <= term.length; i++) keys.push({ key: term[i - 1]!, value: term.slice(0, i) });
    for (let i = term.length - 1; i >= 0; i--) keys.push({ key: "Backspace", value: term.slice(0, i) });
  }
  return keys.slice(0, count);
}

/** Inserts `count` products into the shop in one statement (names: nameOf); their ids in order. */
export async function seedProducts(databaseUrl: string, shopId: number, count: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO product (shop_id, name, sku, unit_price, stock, reorder_level)
       SELECT $1, ($3::text[])[1 + g % $4] || ' ' || g, '4' || lpad(g::text, 11, '0'), 1 + (g % 50) + 0.99, 1000000, 10
       FROM generate_series(1, $2::int) AS g`,
      [shopId, count, WORDS, WORDS.length],
    );
    await client.query("ANALYZE product");
    return (await client.query<{ id: number }>("SELECT id FROM product WHERE shop_id = $1 ORDER BY id", [shopId])).rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}
/** Self time (ms) per function of a V8 CPU profile, largest first. */
function selfTimes(cpu: CpuProfile): [string, number][] {
  const byId = new Map(cpu.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  (cpu.samples ?? []).forEach((id, n) => {
    const frame = byId.get(id);
    const name = frame ? `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop() ?? ""}:${frame.lineNumber}` : "?";
    totals.set(name, (totals.get(name) ?? 0) + (cpu.timeDeltas?.[n] ?? 0) / 1000);
  });
  return [...totals].map(([name, ms]): [string, number] => [name, round1(ms)]).sort((a, b) => b[1] - a[1]);
}
function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round1(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
const load = () => os.loadavg().map((l) => Math.round(l * 10) / 10);

// ---- in-page probes (run in the browser: no imports, plain DOM) ----

/** tsx (esbuild, keepNames) wraps named inner functions in `__name(…)`: the page needs it too. */
const KEEP_NAMES = "globalThis.__name = (fn) => fn;";

interface Probe {
  tile: string;
  search: string;
  grid: string;
  term: string;
  expected: string;
}

/** Until the first tile is there and the search box has answered `term` (the grid's data-results = expected): ms since navigation start. */
function openProbe(probe: Probe): Promise<{ tileMs: number; answeredMs: number }> {
  return new Promise((resolve) => {
    let tileMs = 0;
    let typed = false;
    const frame = () => {
      const tile = document.querySelector<HTMLButtonElement>(probe.tile);
      const input = document.querySelector<HTMLInputElement>(probe.search);
      if (!typed && tile && !tile.disabled && input && !input.disabled) {
        tileMs = performance.now();
        // As a key would: React sees the value through the input event.
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!.call(input, probe.term);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        typed = true;
      }
      if (typed && document.querySelector<HTMLElement>(probe.grid)?.dataset.results === probe.expected) {
        resolve({ tileMs, answeredMs: performance.now() });
        return;
      }
      requestAnimationFrame(frame);
    };
    frame();
  });
}

/** Arms the measurement of the next keystroke: from the key's event time to the frame after the grid shows `expected` results. */
function armKeystroke(probe: Pick<Probe, "search" | "grid"> & { expected: string }) {
  const w = window as unknown as { __keystroke?: Promise<number> };
  const input = document.querySelector<HTMLInputElement>(probe.search)!;
  w.__keystroke = new Promise((resolve) => {
    input.addEventListener(
      "keydown",
      (event) => {
        const start = event.timeStamp;
        const frame = () => {
          if (document.querySelector<HTMLElement>(probe.grid)?.dataset.results !== probe.expected) return requestAnimationFrame(frame);
          // After this frame is painted.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - start);
          channel.port2.postMessage(null);
        };
        requestAnimationFrame(frame);
      },
      { once: true, capture: true },
    );
  });
}

/** Clicks the cart's Charge button once it is enabled (true), else false. */
function clickCharge(): boolean {
  const charge = Array.from(document.querySelectorAll<HTMLButtonElement>("aside button")).find((b) => b.textContent?.trim().startsWith("Charge"));
  if (!charge || charge.disabled) return false;
  charge.click();
  return true;
}

/** Clicks "Confirm payment" and resolves, a frame after "Sale saved" shows, with the ms in between. */
function confirmPayment(): Promise<number> {
  const saved = () => document.querySelector('[aria-label="Current sale"] [role="status"]')?.textContent?.includes("Sale saved") ?? false;
  const confirm = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="dialog"] button')).find((b) => b.textContent?.includes("Confirm payment"));
  if (!confirm) throw new Error("no Confirm payment button");
  return new Promise((resolve) => {
    const start = performance.now();
    const frame = () => {
      if (!saved()) return requestAnimationFrame(frame);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now() - start);
      channel.port2.postMessage(null);
    };
    confirm.click();
    requestAnimationFrame(frame);
  });
}

/** Replaces the shop's outbox (IndexedDB, packages/sync IndexedDbOutbox's stores) with `count` pending sales of `productIds`. */
function fillOutbox(args: { shopId: number; count: number; productIds: number[] }): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(`tillsync-outbox-${args.shopId}`);
    open.onerror = () => reject(open.error ?? new Error("indexedDB.open failed"));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("sales", "readwrite");
      const store = tx.objectStore("sales");
      store.clear();
      const queuedAt = new Date().toISOString();
      for (let n = 0; n < args.count; n++) {
        const externalId = crypto.randomUUID();
        const items = [0, 1, 2].map((k) => ({ productId: args.productIds[(n * 3 + k) % args.productIds.length]!, quantity: "1" }));
        store.add({ externalId, status: "pending", queuedAt, sale: { externalId, sourceDevice: "bench-till", clientTimestamp: queuedAt, items } });
      }
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error ?? new Error("the outbox transaction failed"));
    };
  });
}

function outboxCounts(shopId: number): Promise<{ pending: number; rejected: number }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(`tillsync-outbox-${shopId}`);
    open.onerror = () => reject(open.error ?? new Error("indexedDB.open failed"));
    open.onsuccess = () => {
      const db = open.result;
      const index = db.transaction("sales").objectStore("sales").index("statusSeq");
      const count = (status: string) =>
        new Promise<number>((done) => {
          const request = index.count(IDBKeyRange.bound([status, 0], [status, Infinity]));
          request.onsuccess = () => done(request.result);
        });
      void Promise.all([count("pending"), count("rejected")]).then(([pending, rejected]) => {
        db.close();
        resolve({ pending, rejected });
      });
    };
  });
}

/** The till's catalogue cursor is stored: the first load is complete. */
const catalogueLoaded = () =>
  new Promise<boolean>((resolve) => {
    const open = indexedDB.open("tillsync-pos");
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains("meta")) return resolve(false);
      const request = db.transaction("meta").objectStore("meta").get("catalogueCursor");
      request.onsuccess = () => {
        db.close();
        resolve(request.result !== undefined);
      };
    };
    open.onerror = () => resolve(false);
  });

/** The empty page of the baselines: a search box whose "grid" counts the characters typed, and a button. */
const EMPTY_PAGE = `data:text/html,${encodeURIComponent(
  `<!doctype html><meta charset="utf-8"><input aria-label="Search products"><section data-grid data-results="0"><button>Tile</button></section>
<script>const i=document.querySelector("input"),g=document.querySelector("[data-grid]");i.addEventListener("input",()=>g.dataset.results=String(i.value.length));</script>`,
)}`;
const EMPTY_PROBE = { tile: "section button", search: "input", grid: "[data-grid]" };
const TILL_PROBE = { tile: '[aria-label="Products"] [data-results] button', search: 'input[aria-label="Search products"]', grid: "[data-results]" };

export async function tillPart(config: TillConfig) {
  const stack = await startWebStack({ serverUrl: config.serverUrl, smoke: config.smoke });
  const browser = await launchChromium();
  const report: Record<string, unknown> = { buildSeconds: stack.buildSeconds, products: config.products, loadAverage: { start: load() } };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-GB" });
    await context.addInitScript({ content: KEEP_NAMES });
    const shop = await signUpShop(context, stack.web);
    const t0 = performance.now();
    const productIds = await seedProducts(stack.database.url, shop.shopId, config.products);
    report.seedSeconds = round1((performance.now() - t0) / 1000);
    const names = productIds.map((_, n) => nameOf(n + 1).toLowerCase());
    const matches = (value: string) => {
      const term = value.trim().toLowerCase();
      return String(term ? names.filter((name) => name.includes(term)).length : names.length);
    };

    report.firstLoadJs = await firstLoadJs(browser, context, stack.web);
    const page = await context.newPage();
    // Slow code (a grid of 20,000 tiles re-rendered per tap) blocks the page for tens of seconds on a loaded machine.
    page.setDefaultTimeout(300_000);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const firstOpen = performance.now();
    await page.goto(`${stack.web}/pos`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    while (!(await page.evaluate(catalogueLoaded))) {
      if (performance.now() - firstOpen > 300_000) throw new Error("the till's first catalogue load did not finish in 5 minutes");
      await page.waitForTimeout(250);
    }
    await page.waitForFunction((n) => document.querySelector<HTMLElement>("[data-results]")?.dataset.results === n, String(config.products), {
      timeout: 120_000,
    });
    const firstOnlineLoadSeconds = round1((performance.now() - firstOpen) / 1000);
    report.firstOnlineLoadSeconds = firstOnlineLoadSeconds;
    console.log(`till: ${config.products} products, first online load ${firstOnlineLoadSeconds} s`);
    report.refresh = await refreshBytes(page, stack.database.url, productIds[0]!);

    const rates: Record<string, unknown> = {};
    for (const rate of config.rates) {
      rates[`${rate}x`] = await atRate(rate, { browser, context, page, shop, productIds, matches, config });
    }
    report.rates = rates;
    report.pageErrors = errors;
    report.loadAverage = { ...(report.loadAverage as object), end: load() };
    return report;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/** Offline as a lost network is: the page's requests and the service worker's own fetches fail. */
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route("**/*", (route) => (route.request().serviceWorker() ? route.abort("internetdisconnected") : route.fallback()));
}
async function goOnline(context: BrowserContext) {
  await context.unrouteAll();
  await context.setOffline(false);
}

interface RateInput {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  shop: { shopId: number };
  productIds: number[];
  matches: (value: string) => string;
  config: TillConfig;
}

async function atRate(rate: number, { browser, context, page, shop, productIds, matches, config }: RateInput) {
  const started = load();
  const throttle = async (cdp: CDPSession) => cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const cdp = await context.newCDPSession(page);
  const label = `${rate}× CPU`;

  // Baselines in an empty page of the same browser, same throttle.
  const empty = await browser.newPage();
  await empty.addInitScript({ content: KEEP_NAMES });
  const emptyCdp = await empty.context().newCDPSession(empty);
  const emptyOpens: number[] = [];
  for (let n = 0; n < config.opens; n++) {
    await empty.goto(EMPTY_PAGE, { waitUntil: "commit" });
    await throttle(emptyCdp);
    emptyOpens.push((await empty.evaluate(openProbe, { ...EMPTY_PROBE, term: "milk", expected: "4" })).answeredMs);
  }
  await empty.evaluate(() => {
    const input = document.querySelector("input")!;
    input.value = "";
    input.dispatchEvent(new Event("input"));
    input.focus();
  });
  const emptyKeys: number[] = [];
  for (const key of keystrokes(config.keystrokes)) {
    await empty.evaluate(armKeystroke, { ...EMPTY_PROBE, expected: String(key.value.length) });
    await empty.keyboard.press(key.key);
    emptyKeys.push(await empty.evaluate(() => (window as unknown as { __keystroke: Promise<number> }).__keystroke));
  }
  await empty.close();

  // Open offline: served by the service worker, catalogue from IndexedDB.
  await goOffline(context);
  const opens: { tileMs: number; answeredMs: number }[] = [];
  // BENCH_TILL_PROFILE=<file>: a V8 CPU profile of the first offline open (open it in Chrome DevTools), its top functions printed.
  const profile = process.env.BENCH_TILL_PROFILE;
  for (let n = 0; n < config.opens; n++) {
    if (profile && n === 0) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    await page.goto(`${page.url().replace(/\/pos.*$/, "")}/pos`, { waitUntil: "commit" });
    await throttle(cdp);
    opens.push(await page.evaluate(openProbe, { ...TILL_PROBE, term: "milk", expected: matches("milk") }));
    if (profile && n === 0) {
      const { profile: cpu } = await cdp.send("Profiler.stop");
      writeFileSync(`${profile}-${rate}x.cpuprofile`, JSON.stringify(cpu));
      console.log(`  CPU profile of an offline open (${rate}×): ${profile}-${rate}x.cpuprofile; self time by function:`);
      for (const [name, ms] of selfTimes(cpu).slice(0, 15)) console.log(`    ${ms} ms  ${name}`);
    }
  }
  const open = summary(opens.map((o) => o.answeredMs));
  console.log(
    `  ${label} open offline: median ${open.p50} ms (first tile ${summary(opens.map((o) => o.tileMs)).p50} ms); empty page ${summary(emptyOpens).p50} ms`,
  );

  // Keystrokes.
  const search = page.locator(TILL_PROBE.search);
  await search.fill("");
  await page.waitForFunction((n) => document.querySelector<HTMLElement>("[data-results]")?.dataset.results === n, matches(""));
  await search.focus();
  const keyTimes: number[] = [];
  for (const key of keystrokes(config.keystrokes)) {
    await page.evaluate(armKeystroke, { ...TILL_PROBE, expected: matches(key.value) });
    await page.keyboard.press(key.key);
    keyTimes.push(await page.evaluate(() => (window as unknown as { __keystroke: Promise<number> }).__keystroke));
  }
  const keys = summary(keyTimes);
  console.log(`  ${label} keystroke: p50 ${keys.p50} ms, p95 ${keys.p95} ms; empty page p95 ${summary(emptyKeys).p95} ms`);

  // Charges, with an empty outbox and with config.queued sales queued.
  // Plain DOM queries, not role locators: those compute an accessible name for each of 20,000 tiles.
  const charges = async () => {
    const times: number[] = [];
    for (let n = 0; n < config.charges; n++) {
      await page.locator(TILL_PROBE.tile).first().click();
      await page.waitForFunction(clickCharge, null, { polling: 100, timeout: 120_000 });
      await page.waitForFunction(
        () => Array.from(document.querySelectorAll('[role="dialog"] button')).some((b) => b.textContent?.includes("Confirm payment")),
        null,
        {
          polling: 100,
          timeout: 120_000,
        },
      );
      times.push(await page.evaluate(confirmPayment));
      await page.waitForFunction(() => !document.querySelector('[role="dialog"]'), null, { polling: 100, timeout: 120_000 });
    }
    return times;
  };
  const reopen = async () => {
    await page.goto(`${page.url().replace(/\/pos.*$/, "")}/pos`);
    await throttle(cdp);
    await page.locator(TILL_PROBE.tile).first().waitFor({ timeout: 120_000 });
    // The outbox is open (Refund is enabled once it is: pos-screen's sync.ready).
    await page
      .waitForFunction(
        () => Array.from(document.querySelectorAll("aside button")).some((b) => b.textContent?.trim() === "Refund" && !(b as HTMLButtonElement).disabled),
        null,
        {
          timeout: 120_000,
          polling: 250,
        },
      )
      .catch(async (error: unknown) => {
        await page.screenshot({ path: "/tmp/bench-till-reopen.png" });
        throw error;
      });
  };
  await page.evaluate(fillOutbox, { shopId: shop.shopId, count: 0, productIds });
  await reopen();
  const chargeEmpty = summary(await charges());
  await page.evaluate(fillOutbox, { shopId: shop.shopId, count: config.queued, productIds });
  await reopen();
  const chargeQueued = summary(await charges());
  console.log(`  ${label} charge with ${config.queued} queued: p95 ${chargeQueued.p95} ms; with none: p95 ${chargeEmpty.p95} ms`);

  // Drain: the till's engine against sale.sync from Node, the same number of sales, batches of 100 (the engine's).
  await page.evaluate(fillOutbox, { shopId: shop.shopId, count: config.drained, productIds });
  await reopen();
  const drainStart = performance.now();
  await goOnline(context);
  for (;;) {
    const counts = await page.evaluate(outboxCounts, shop.shopId);
    if (counts.rejected) throw new Error(`${counts.rejected} sales rejected while draining`);
    if (counts.pending === 0) break;
    if (performance.now() - drainStart > 600_000) throw new Error(`drain: ${counts.pending} still pending after 10 min`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainSeconds = round1((performance.now() - drainStart) / 1000) || 0.1;
  const nodeSeconds = await nodeSync(context, page.url().replace(/\/pos.*$/, ""), config.drained, productIds);
  console.log(`  ${label} drain of ${config.drained}: ${drainSeconds} s; sale.sync from Node ${nodeSeconds} s`);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await cdp.detach();

  return {
    loadAverage: { start: started, end: load() },
    openOfflineMs: {
      ...open,
      firstTileP50: summary(opens.map((o) => o.tileMs)).p50,
      emptyPageP50: summary(emptyOpens).p50,
      ratio: ratio(open.p50, summary(emptyOpens).p50),
    },
    keystrokeMs: { ...keys, emptyPageP95: summary(emptyKeys).p95, ratio: ratio(keys.p95, summary(emptyKeys).p95) },
    chargeMs: { queued: config.queued, ...chargeQueued, emptyOutboxP95: chargeEmpty.p95, ratio: ratio(chargeQueued.p95, chargeEmpty.p95) },
    drain: { sales: config.drained, seconds: drainSeconds, nodeSaleSyncSeconds: nodeSeconds, ratio: ratio(drainSeconds, nodeSeconds) },
  };
}

/** Seconds for `count` new sales sent by sale.sync from Node, 100 a call, through the web app's proxy with the owner's cookie. */
export async function nodeSync(context: BrowserContext, web: string, count: number, productIds: number[]) {
  const start = performance.now();
  for (let from = 0; from < count; from += 100) {
    const sales = Array.from({ length: Math.min(100, count - from) }, (_, n) => ({
      externalId: crypto.randomUUID(),
      sourceDevice: "bench-node",
      clientTimestamp: new Date().toISOString(),
      items: [0, 1, 2].map((k) => ({ productId: productIds[((from + n) * 3 + k) % productIds.length]!, quantity: "1" })),
    }));
    const response = await context.request.post(`${web}/trpc/sale.sync`, { data: { json: { sales } } });
    if (!response.ok()) throw new Error(`sale.sync: ${response.status()} ${await response.text()}`);
  }
  return round1((performance.now() - start) / 1000);
}

/** Response bytes (headers and body, as received) of the till's product.changes calls while `action` runs. */
async function changesBytes(page: Page, action: () => Promise<void>) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const ids = new Set<string>();
  let bytes = 0;
  let calls = 0;
  cdp.on("Network.requestWillBeSent", (event) => void (event.request.url.includes("/trpc/product.changes") && ids.add(event.requestId)));
  cdp.on("Network.loadingFinished", (event) => {
    if (!ids.has(event.requestId)) return;
    bytes += event.encodedDataLength;
    calls++;
  });
  await action();
  await cdp.detach();
  return { bytes, calls };
}

/** The catalogue refresh the till makes (its `online` handler) with nothing changed, then after one product's price changed. */
async function refreshBytes(page: Page, databaseUrl: string, productId: number) {
  const refresh = async () => {
    const done = page.waitForResponse((response) => response.url().includes("/trpc/product.changes"));
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await done;
    await page.waitForTimeout(300);
  };
  const unchanged = await changesBytes(page, refresh);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query("UPDATE product SET unit_price = unit_price + 1 WHERE id = $1", [productId]);
  await client.end();
  const oneChanged = await changesBytes(page, refresh);
  console.log(`  refresh after one product changed: ${oneChanged.bytes} bytes in ${oneChanged.calls} call(s); nothing changed: ${unchanged.bytes} bytes`);
  return { oneChanged, unchanged, ratio: ratio(oneChanged.bytes, unchanged.bytes) };
}

/**
 * The scripts a fresh browser (no service worker, nothing cached; signed in when `context` is
 * given) fetches for `url` until the network is idle, each gzipped. `gzipBytes` counts the
 * first load, the scripts the page's HTML names (what the first screen runs on); `fetchedGzipBytes`
 * everything fetched, which also takes in whatever the page loads later on its own — the till's
 * dialogs, preloaded in idle time 3 s after it shows (pos/lazy-dialog.tsx), fall inside the
 * network-idle window or not depending on how fast the machine is.
 */
async function scriptsOf(browser: Browser, context: BrowserContext | null, url: string) {
  const fresh = await browser.newContext(context ? { storageState: await context.storageState() } : {});
  const page = await fresh.newPage();
  const scripts = new Map<string, Promise<Buffer>>();
  page.on("response", (response) => {
    if (response.request().resourceType() === "script" && response.ok()) scripts.set(response.url(), response.body());
  });
  const html = (await (await page.goto(url, { waitUntil: "networkidle" }))?.text()) ?? "";
  const named = new Set(Array.from(html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g), (match) => new URL(match[1]!, url).pathname));
  const files: { path: string; bytes: number; gzipBytes: number; inHtml: boolean; recharts: boolean }[] = [];
  for (const [scriptUrl, body] of scripts) {
    const buffer = await body;
    const path = new URL(scriptUrl).pathname;
    files.push({ path, bytes: buffer.length, gzipBytes: gzipSync(buffer).length, inHtml: named.has(path), recharts: buffer.includes("recharts") });
  }
  await fresh.close();
  const sum = (list: typeof files) => list.reduce((total, f) => total + f.gzipBytes, 0);
  const first = files.filter((f) => f.inHtml);
  return { gzipBytes: sum(first), scripts: first.length, fetchedGzipBytes: sum(files), files };
}

/** /pos's first-load JS, and /sign-in's (signed out) as the baseline. */
async function firstLoadJs(browser: Browser, context: BrowserContext, web: string) {
  const pos = await scriptsOf(browser, context, `${web}/pos`);
  const signIn = await scriptsOf(browser, null, `${web}/sign-in`);
  const kib = (bytes: number) => round1(bytes / 1024);
  console.log(
    `  /pos first-load JS (its HTML's scripts): ${kib(pos.gzipBytes)} KiB gzipped in ${pos.scripts} scripts; fetched until network idle ${kib(pos.fetchedGzipBytes)} KiB in ${pos.files.length} (recharts in ${pos.files.filter((f) => f.recharts).length}); /sign-in ${kib(signIn.gzipBytes)} KiB`,
  );
  return { pos, signInGzipBytes: signIn.gzipBytes, ratio: ratio(pos.gzipBytes, signIn.gzipBytes) };
}
