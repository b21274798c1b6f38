// The production web app for the browser parts of the bench (till.ts, lighthouse.ts): apps/web
// built by its own `build` script into a dist dir of the bench's, with the API's address baked
// into its rewrites (next.config.ts reads API_URL at build time), the real API in front of a
// scratch database, `next start`, and Chromium driven by playwright-core as the web app's
// browser tests drive it (apps/web/e2e/harness.ts).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { createDatabase } from "@tillsync/db";
import { createScratchDatabase } from "@tillsync/db/testing";
import { assertPortFree, requireChromium, run, spawnGroup, stopGroup, waitForOk, type Started } from "@tillsync/testing";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

import { startServer, type RunningServer } from "./server";

const webDir = fileURLToPath(new URL("../../apps/web/", import.meta.url));

/** As apps/web/e2e/harness.ts: headless, no first-run networking of the browser's own. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Dist dirs built by this process: the second browser part of a run reuses the first one's build. */
const builtHere = new Set<string>();

export interface WebStack {
  web: string;
  api: RunningServer;
  database: { url: string; name: string; drop(): Promise<void> };
  distDir: string;
  /** Seconds the build took (0 when an existing one was reused). */
  buildSeconds: number;
  stop(): Promise<void>;
}

/**
 * Ports: BENCH_API_PORT / BENCH_WEB_PORT (default 4710 / 3710; the smoke 4711 / 3711), so a
 * bench never meets the browser tests' (4610 / 3610) or a developer's. The build goes to
 * `.next-bench-<api port>`; BENCH_REUSE_BUILD=1 reuses one that is there (after changing only
 * the bench).
 */
export async function startWebStack(options: { serverUrl: string; smoke: boolean }): Promise<WebStack> {
  const apiPort = Number(process.env.BENCH_API_PORT ?? (options.smoke ? 4711 : 4710));
  const webPort = Number(process.env.BENCH_WEB_PORT ?? (options.smoke ? 3711 : 3710));
  const hint = "Another bench running? Set BENCH_API_PORT and BENCH_WEB_PORT.";
  await Promise.all([assertPortFree(apiPort, hint), assertPortFree(webPort, hint)]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const web = `http://127.0.0.1:${webPort}`;
  const distDir = `.next-bench-${apiPort}`;
  const webEnv = { API_URL: apiUrl, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
  let buildSeconds = 0;
  const reuse = builtHere.has(distDir) || (process.env.BENCH_REUSE_BUILD === "1" && existsSync(join(webDir, distDir, "BUILD_ID")));
  if (!reuse) {
    console.log(`web: next build into apps/web/${distDir} (API ${apiUrl})…`);
    const t0 = performance.now();
    const { code, output } = await run("pnpm", ["run", "build"], { cwd: webDir, env: { ...process.env, ...webEnv } });
    if (code !== 0) throw new Error(`next build failed (${code}):\n${output.split("\n").slice(-40).join("\n")}`);
    buildSeconds = Math.round((performance.now() - t0) / 100) / 10;
    console.log(`  built in ${buildSeconds} s`);
    builtHere.add(distDir);
  }
  const database = await createScratchDatabase(options.serverUrl, "tillsync_bench");
  const db = createDatabase({ url: database.url, poolSize: 1 });
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
  let api: RunningServer | undefined;
  let next: Started | undefined;
  try {
    api = await startServer({ databaseUrl: database.url, port: apiPort, env: { WEB_ORIGIN: web } });
    next = spawnGroup("pnpm", ["exec", "next", "start", "--hostname", "127.0.0.1", "--port", String(webPort)], {
      cwd: webDir,
      env: { ...process.env, ...webEnv },
    });
    await waitForOk(`${web}/sign-in`, next);
  } catch (error) {
    if (next) await stopGroup(next, 0);
    await api?.stop();
    await database.drop();
    throw error;
  }
  const started = next;
  const server = api;
  return {
    web,
    api: server,
    database,
    distDir,
    buildSeconds,
    stop: async () => {
      await stopGroup(started, 0);
      await server.stop();
      await database.drop();
    },
  };
}

export const launchChromium = (extraArgs: string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: requireChromium(), args: [...CHROMIUM_ARGS, ...extraArgs] });

/** Signs up a new shop and its owner through the web app; `context` holds the owner's session cookie afterwards. */
export async function signUpShop(context: BrowserContext, web: string): Promise<{ shopId: number; email: string; password: string }> {
  const owner = { email: `bench-${Date.now()}@example.com`, password: "correct-horse-battery" };
  const response = await context.request.post(`${web}/api/auth/sign-up/shop`, {
    data: { ...owner, shopName: "Bench corner shop", timezone: "Europe/Berlin", currency: "EUR", name: "Bench Owner" },
  });
  if (!response.ok()) throw new Error(`sign-up/shop: ${response.status()} ${await response.text()}`);
  const current = await context.request.get(`${web}/trpc/shop.current`);
  const body = (await current.json()) as { result: { data: { json: { shop: { id: number } } } } };
  return { ...owner, shopId: body.result.data.json.shop.id };
}
