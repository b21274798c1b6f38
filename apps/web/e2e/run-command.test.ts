// The README's run command, run as a shop would run it (issue 16, must-show 4): `pnpm start`
// in the checkout with no DATABASE_URL builds the API (esbuild bundle, plain node) and the
// web app (`next build`, service worker on) and starts both on PGlite in a fresh DATA_DIR.
// Then, in Chromium: sign up, sell at /pos, go offline, reload /pos (served by the service
// worker), sell again, come back online, and find every sale on the server. The API
// process must not be running tsx.
//
// Its own ports and dist dir (E2E_RUN_API_PORT, E2E_RUN_WEB_PORT, default 4620/3620;
// .next-run-e2e), so it runs beside the suite's servers and never replaces a developer's build.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { assertPortFree, childEnv, processTree, spawnGroup, stopGroup, waitForOk, type Started } from "@tillsync/testing";
import type { SaleDTO } from "@tillsync/validators";
import { afterAll, beforeAll, expect, test } from "vitest";

import { launchBrowser, trpc } from "./harness";
import { goOffline, openPos, outboxOf, ringUp, waitForCount } from "./pos-helpers";
import { artifactsDir, repoDir } from "./paths";

const apiPort = Number(process.env.E2E_RUN_API_PORT ?? 4620);
const webPort = Number(process.env.E2E_RUN_WEB_PORT ?? 3620);
const apiUrl = `http://127.0.0.1:${apiPort}`;
const webUrl = `http://127.0.0.1:${webPort}`;

/** The run command exactly as the README gives it, e.g. ["pnpm", "start"] from `pnpm install && pnpm start`. */
function readmeRunCommand(): string[] {
  const readme = readFileSync(join(repoDir, "README.md"), "utf8");
  const line = readme.split("\n").find((text) => /^pnpm install && pnpm (?!test)\S+/.test(text));
  if (!line) throw new Error("README.md has no `pnpm install && pnpm <run command>` line");
  return line.split("#")[0]!.split("&&")[1]!.trim().split(/\s+/);
}

// Lets context.route() see the service worker's own requests (Playwright's offline mode
// does not reach them), so the offline reload cannot fall back to the network.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = "1";
afterAll(() => void delete process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS);

const dataDir = join(mkdtempSync(join(tmpdir(), "tillsync-run-")), "pglite");
afterAll(() => rmSync(join(dataDir, ".."), { recursive: true, force: true }));

let app: Started;
beforeAll(async () => {
  const hint = "Set E2E_RUN_API_PORT and E2E_RUN_WEB_PORT to run beside whatever holds it.";
  await Promise.all([assertPortFree(apiPort, hint), assertPortFree(webPort, hint)]);
  const [command, ...args] = readmeRunCommand();
  expect([command, ...args]).toEqual(["pnpm", "start"]);
  // childEnv leaves out DATABASE_URL (and DATA_DIR, PORT): the API must choose PGlite itself.
  const env = childEnv({
    DATA_DIR: dataDir,
    PORT: String(apiPort),
    WEB_PORT: String(webPort),
    WEB_ORIGIN: webUrl,
    API_URL: apiUrl,
    NEXT_DIST_DIR: ".next-run-e2e",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  });
  app = spawnGroup(command!, args, { cwd: repoDir, env, logFile: join(artifactsDir, `run-command-${webPort}.log`) });
  // Both builds on a cold cache take a few minutes on two cores.
  await waitForOk(`${apiUrl}/readyz`, app, 600_000);
  await waitForOk(`${webUrl}/sign-in`, app, 600_000);
}, 660_000);
// SIGINT, as Ctrl-C in the shop's terminal: turbo stops both servers.
afterAll(() => app && stopGroup(app, 15_000, "SIGINT"), 30_000);

test("the API runs the built bundle on PGlite in DATA_DIR, with no tsx anywhere", async () => {
  expect(existsSync(join(dataDir, "PG_VERSION"))).toBe(true);
  const tree = processTree(app.child.pid!);
  const api = tree.filter(({ argv }) => argv.includes("serve"));
  expect(api).toHaveLength(1);
  expect(api[0]!.argv[0]).toMatch(/(^|\/)node$/);
  expect(api[0]!.argv.some((arg) => arg.endsWith("dist/bin/cli.js"))).toBe(true);
  const environ = readFileSync(`/proc/${api[0]!.pid}/environ`, "utf8").split("\0");
  expect(environ.filter((entry) => entry.startsWith("NODE_OPTIONS=") && entry.includes("tsx"))).toEqual([]);
  expect(environ.some((entry) => entry.startsWith("DATABASE_URL="))).toBe(false);
  expect(tree.filter(({ argv }) => argv.some((arg) => arg.includes("tsx")))).toEqual([]);
  // The web app is the production server, not `next dev`.
  expect(tree.some(({ argv }) => argv.join(" ").includes("next start"))).toBe(true);
  expect(tree.some(({ argv }) => argv.join(" ").includes("next dev"))).toBe(false);
});

test("a till signs up, sells, reloads /pos offline, sells again, and every sale reaches the server", async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${webUrl}/sign-up`);
    await page.getByLabel("Shop name").fill("Corner Shop");
    await page.getByLabel("Time zone").fill("Europe/Berlin");
    await page.getByLabel("Currency").fill("EUR");
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Email").fill("owner@corner.example");
    await page.getByLabel("Password").fill("correct-horse-battery");
    await page.getByRole("button", { name: "Open shop" }).click();
    await page.getByRole("heading", { name: "Today at a glance" }).waitFor();
    await trpc(context, "product.create", { name: "Tea", unitPrice: "2.50", initialStock: "10" }, "mutation", webUrl);
    const { shop } = await trpc<{ shop: { id: number } }>(context, "shop.current", undefined, "query", webUrl);

    await openPos(page, "Tea", webUrl);
    await ringUp(page, [{ name: "Tea" }], 1);
    await waitForCount(page, "Synced", 1);
    await waitForCount(page, "Pending", 0);

    const swRequests = await goOffline(context);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByRole("status").filter({ hasText: "Offline" }).waitFor();
    await ringUp(
      page,
      [
        { name: "Tea", quantity: "2" },
        { name: "Scones", create: true, price: "3.00" },
      ],
      1,
    );
    expect(swRequests.filter((url) => new URL(url).pathname === "/pos")).toEqual([]);
    const queued = await outboxOf(page, shop.id);
    expect(queued.map((entry) => entry.status)).toEqual(["synced", "pending"]);

    await context.unroute("**/*");
    await context.setOffline(false);
    await waitForCount(page, "Synced", 2);
    await waitForCount(page, "Pending", 0);
    await waitForCount(page, "Rejected", 0);

    const { items } = await trpc<{ items: SaleDTO[] }>(context, "sale.list", { limit: 50 }, "query", webUrl);
    expect(new Set(items.map((sale) => sale.externalId))).toEqual(new Set(queued.map((entry) => entry.externalId)));
    expect(items.map((sale) => sale.total).sort()).toEqual(["2.50", "8.00"]);
  } finally {
    await browser.close();
  }
});
