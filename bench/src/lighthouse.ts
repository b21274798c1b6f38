// `pnpm bench lighthouse` (issue 21): Lighthouse 12 (pinned: 13 needs Node 22) on the
// production build of apps/web (web.ts), mobile (its default: a mid-range phone, simulated
// 4× CPU and slow 4G) and desktop, per page: sign-in signed out, the others signed in as the
// owner of a shop with 200 products and 300 sales (the session cookie sent as an extra header
// on every request). Performance and accessibility scores with the metrics behind them;
// targets: mobile performance ≥ 90, accessibility 100. Lighthouse's own `benchmarkIndex`
// (how fast this machine ran its reference loop at the start) is reported with each run, as
// the in-run baseline: its simulated metrics scale with it.
import lighthouse, { desktopConfig } from "lighthouse";

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
        const entry = {
          performance: score("performance"),
          accessibility: score("accessibility"),
          ...(Object.fromEntries(Object.entries(METRICS).map(([key, id]) => [key, metric(id)])) as Record<keyof typeof METRICS, number | null>),
          scriptTransferBytes: scripts?.transferSize ?? null,
          failedAccessibilityAudits: lhr.categories.accessibility?.auditRefs
            .filter((ref) => ref.weight > 0 && lhr.audits[ref.id]?.score === 0)
            .map((ref) => ref.id),
          layoutShifts: shifts.map((item) => ({ score: Math.round(item.score * 1000) / 1000, node: item.node?.snippet?.slice(0, 160) })),
          benchmarkIndex: lhr.environment.benchmarkIndex,
          finalUrl: lhr.finalDisplayedUrl,
        };
        (results[page.name] ??= {})[formFactor] = entry;
        console.log(
          `  lighthouse ${page.name} ${formFactor}: performance ${entry.performance}, accessibility ${entry.accessibility}, LCP ${entry.lcpMs} ms, TBT ${entry.tbtMs} ms, CLS ${entry.cls}, JS ${Math.round((entry.scriptTransferBytes ?? 0) / 1024)} KiB (benchmarkIndex ${entry.benchmarkIndex})`,
        );
      }
    }
    return { pages: results, targets: { mobilePerformance: 90, accessibility: 100 } };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
