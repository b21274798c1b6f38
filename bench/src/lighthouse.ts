// `pnpm bench lighthouse` (issue 21): Lighthouse 12 (pinned: 13 needs Node 22) on the
// production build of apps/web (web.ts), mobile (its default: a mid-range phone, simulated
// 4× CPU and slow 4G) and desktop, per page: sign-in signed out, the others signed in as the
// owner of a shop with 200 products and 300 sales (the session cookie sent as an extra header
// on every request). Performance and accessibility scores with the metrics behind them;
// targets: mobile performance ≥ 90, accessibility 100. Lighthouse's own `benchmarkIndex`
// (how fast this machine ran its reference loop at the start) is reported with each run, as
// the in-run baseline: its simulated metrics scale with it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import lighthouse, { desktopConfig } from "lighthouse";

import type { Browser, BrowserContextOptions, Cookie } from "playwright-core";

import { freePort } from "./server";
import { nodeSync, seedProducts } from "./till";
import { launchChromium, signUpShop, startWebStack } from "./web";

export const LIGHTHOUSE_PAGES = [
  { name: "sign-in", path: "/sign-in", signedIn: false },
  { name: "dashboard", path: "/", signedIn: true },
  { name: "products", path: "/products", signedIn: true },
  { name: "sales", path: "/sales", signedIn: true },
  { name: "analytics", path: "/analytics", signedIn: true },
  { name: "pos", path: "/pos", signedIn: true },
] as const;

const METRICS = {
  fcpMs: "first-contentful-paint",
  lcpMs: "largest-contentful-paint",
  tbtMs: "total-blocking-time",
  cls: "cumulative-layout-shift",
  speedIndexMs: "speed-index",
} as const;

export async function lighthousePart(options: { serverUrl: string; smoke: boolean; pages?: string[] }) {
  const stack = await startWebStack({ serverUrl: options.serverUrl, smoke: options.smoke });
  const port = await freePort();
  const browser = await launchChromium([`--remote-debugging-port=${port}`]);
  try {
    const context = await browser.newContext();
    const shop = await signUpShop(context, stack.web);
    const productIds = await seedProducts(stack.database.url, shop.shopId, 200);
    await nodeSync(context, stack.web, 300, productIds);
    const cookie = (await context.cookies(stack.web)).map((c) => `${c.name}=${c.value}`).join("; ");
    const sessionCookies = await context.cookies(stack.web);
    const cookiesFor = (signedIn: boolean) => (signedIn ? sessionCookies : []);
    const pages = LIGHTHOUSE_PAGES.filter((page) => !options.pages?.length || options.pages.includes(page.name));
    const results: Record<string, Record<string, unknown>> = {};
    for (const page of options.smoke ? pages.slice(0, 1) : pages) {
      for (const formFactor of options.smoke ? (["desktop"] as const) : (["mobile", "desktop"] as const)) {
        const runner = await lighthouse(
          `${stack.web}${page.path}`,
          {
            port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility"],
            ...(page.signedIn ? { extraHeaders: { Cookie: cookie } } : {}),
          },
          formFactor === "desktop" ? desktopConfig : undefined,
        );
        if (!runner) throw new Error(`lighthouse gave no result for ${page.path}`);
        const lhr = runner.lhr;
        // BENCH_LIGHTHOUSE_DUMP=<dir>: Lighthouse's whole report per page and form factor, to dig into.
        if (process.env.BENCH_LIGHTHOUSE_DUMP) writeFileSync(join(process.env.BENCH_LIGHTHOUSE_DUMP, `${page.name}-${formFactor}.json`), JSON.stringify(lhr));
        if (lhr.runtimeError) throw new Error(`lighthouse ${page.path}: ${lhr.runtimeError.message}`);
        const score = (category: string) => Math.round((lhr.categories[category]?.score ?? 0) * 100);
        const metric = (id: string) => {
          const value = lhr.audits[id]?.numericValue;
          return value === undefined ? null : id === "cumulative-layout-shift" ? Math.round(value * 1000) / 1000 : Math.round(value);
        };
        const scripts = (lhr.audits["resource-summary"]?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items?.find(
          (item) => item.resourceType === "script",
        );
        // What moved (the CLS culprits), as Lighthouse names them.
        const shifts = (lhr.audits["layout-shifts"]?.details as { items?: { score: number; node?: { snippet?: string } }[] } | undefined)?.items ?? [];
        // The main thread's work by kind (ms, simulated), the TBT's source.
        const mainThread =
          (lhr.audits["mainthread-work-breakdown"]?.details as { items?: { groupLabel: string; duration: number }[] } | undefined)?.items ?? [];
        const entry = {
          performance: score("performance"),
          accessibility: score("accessibility"),
          ...(Object.fromEntries(Object.entries(METRICS).map(([key, id]) => [key, metric(id)])) as Record<keyof typeof METRICS, number | null>),
          scriptTransferBytes: scripts?.transferSize ?? null,
          failedAccessibilityAudits: lhr.categories.accessibility?.auditRefs
            .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
            .map((ref) => ref.id),
          layoutShifts: shifts.map((item) => ({ score: Math.round(item.score * 1000) / 1000, node: item.node?.snippet?.slice(0, 160) })),
          lcpObserved: await observeLcp(browser, cookiesFor(page.signedIn), `${stack.web}${page.path}`, formFactor),
          mainThreadMs: Object.fromEntries(mainThread.map((item) => [item.groupLabel, Math.round(item.duration)])),
          benchmarkIndex: lhr.environment.benchmarkIndex,
          finalUrl: lhr.finalDisplayedUrl,
        };
        (results[page.name] ??= {})[formFactor] = entry;
        console.log(
          `  lighthouse ${page.name} ${formFactor}: performance ${entry.performance}, accessibility ${entry.accessibility}, LCP ${entry.lcpMs} ms, TBT ${entry.tbtMs} ms, CLS ${entry.cls}, JS ${Math.round((entry.scriptTransferBytes ?? 0) / 1024)} KiB (benchmarkIndex ${entry.benchmarkIndex})`,
        );
        console.log(
          `    LCP element (observed, ${formFactor === "mobile" ? "4× CPU" : "unthrottled"}) ${JSON.stringify(entry.lcpObserved)}; main thread ${JSON.stringify(entry.mainThreadMs)}`,
        );
      }
    }
    return { pages: results, targets: { mobilePerformance: 90, accessibility: 100 } };
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/**
 * The LCP element as the page itself reports it (a PerformanceObserver of
 * `largest-contentful-paint`, buffered): Lighthouse 12's own largest-contentful-paint-element
 * audit fails with this Chromium (its TraceElements gatherer throws in RootCauses). Loaded once
 * in a fresh context with the session's cookies: mobile as Lighthouse's phone (412×823, 4× CPU
 * through the DevTools protocol, no network throttling), desktop unthrottled. Times are the
 * browser's own, not simulated: `ttfbMs` (responseStart), `lcpMs`, and what the LCP waited for
 * after the first byte (`afterFirstByteMs`: for text, the render delay; for an image, its load
 * too). `element`: tag, id or class, and the start of its text.
 */
async function observeLcp(browser: Browser, cookies: Cookie[], url: string, formFactor: "mobile" | "desktop") {
  const options: BrowserContextOptions =
    formFactor === "mobile"
      ? { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true }
      : { viewport: { width: 1350, height: 940 } };
  const context = await browser.newContext(options);
  try {
    await context.addCookies(cookies);
    const page = await context.newPage();
    if (formFactor === "mobile") await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(url, { waitUntil: "networkidle" });
    return await page.evaluate(
      () =>
        new Promise<{ element: string; lcpMs: number; ttfbMs: number; afterFirstByteMs: number; url: string } | null>((resolve) => {
          const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
          const ttfb = navigation?.responseStart ?? 0;
          new PerformanceObserver((list) => {
            const last = list.getEntries().at(-1) as (PerformanceEntry & { element: Element | null; url: string }) | undefined;
            if (!last) return resolve(null);
            const element = last.element;
            const name = element
              ? `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : element.classList.length ? `.${[...element.classList].slice(0, 3).join(".")}` : ""} “${(element.textContent ?? "").trim().slice(0, 60)}”`
              : "(removed from the page)";
            resolve({
              element: name,
              lcpMs: Math.round(last.startTime),
              ttfbMs: Math.round(ttfb),
              afterFirstByteMs: Math.round(last.startTime - ttfb),
              url: last.url,
            });
          }).observe({ type: "largest-contentful-paint", buffered: true });
        }),
    );
  } finally {
    await context.close();
  }
}
