// Vitest globalSetup for the browser tests (see harness.ts for the whole picture): builds
// the app into its own dist dir with the test API's URL baked into the rewrites, creates
// and migrates a fresh database (on the PostgreSQL server of DATABASE_URL; without one, an
// in-memory PGlite served over the wire protocol, so the API process and the tests' own
// checks reach it as they would PostgreSQL), starts the API and `next start`, waits for
// both, and hands their addresses to the test files through `provide`. Teardown stops
// both process groups and drops the database.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

import { createDatabase } from "@tillsync/db";
import { createScratchDatabase, servePglite, testServerUrl } from "@tillsync/db/testing";
import { assertPortFree, run, spawnGroup, stopGroup, waitForOk, type Started } from "@tillsync/testing";
import type { TestProject } from "vitest/node";

import { artifactsDir, repoDir, webDir } from "./paths";

const apiPort = Number(process.env.E2E_API_PORT ?? 4610);
const webPort = Number(process.env.E2E_WEB_PORT ?? 3610);
/** A dist dir of its own, so the test build never replaces a developer's `.next`. */
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const serverUrl = testServerUrl();

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiUrl: string;
    databaseUrl: string;
  }
}

const logFile = (name: string) => join(artifactsDir, `${name}-${webPort}.log`);
const portHint = "Another e2e run? Set E2E_API_PORT, E2E_WEB_PORT and E2E_DIST_DIR to run beside it.";

async function build(env: Record<string, string>) {
  if (process.env.E2E_REUSE_BUILD === "1" && existsSync(join(webDir, distDir, "BUILD_ID"))) return;
  const { code, output } = await run("pnpm", ["run", "build"], { cwd: webDir, env: { ...process.env, ...env }, logFile: logFile("build") });
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output.split("\n").slice(-40).join("\n")}`);
}

/** A served in-memory PGlite in the shape of a scratch database (see servePglite for how it differs from a server). */
async function servedPglite() {
  const served = await servePglite();
  return { url: served.url, drop: () => served.close() };
}

export default async function setup(project: TestProject) {
  mkdirSync(artifactsDir, { recursive: true });
  await Promise.all([assertPortFree(apiPort, portHint), assertPortFree(webPort, portHint)]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baseUrl = `http://127.0.0.1:${webPort}`;
  const webEnv = { API_URL: apiUrl, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
  await build(webEnv);

  const database = serverUrl ? await createScratchDatabase(serverUrl, "tillsync_test_web") : await servedPglite();
  const servers: Started[] = [];
  const teardown = async () => {
    await Promise.all(servers.map((server) => stopGroup(server, 0)));
    await database.drop();
  };
  try {
    const db = createDatabase({ url: database.url, poolSize: 1 });
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
    const apiEnv = {
      DATABASE_URL: database.url,
      PORT: String(apiPort),
      HOST: "127.0.0.1",
      // The app as the tests open it, and under the LAN name pos-insecure.test.ts opens it
      // by: cookie-authenticated changes from any other origin are refused (CSRF, docs/security.md).
      WEB_ORIGIN: `${baseUrl},http://till.lan:${webPort}`,
      DB_POOL_SIZE: serverUrl ? "5" : "1",
      LOG_LEVEL: "warn",
    };
    const api = spawnGroup("pnpm", ["-s", "tillsync", "serve"], { cwd: repoDir, env: { ...process.env, ...apiEnv }, logFile: logFile("api") });
    servers.push(api);
    const web = spawnGroup("pnpm", ["exec", "next", "start", "--hostname", "127.0.0.1", "--port", String(webPort)], {
      cwd: webDir,
      env: { ...process.env, ...webEnv },
      logFile: logFile("web"),
    });
    servers.push(web);
    await Promise.all([waitForOk(`${apiUrl}/healthz`, api), waitForOk(`${baseUrl}/sign-in`, web)]);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("apiUrl", apiUrl);
  project.provide("databaseUrl", database.url);
  return teardown;
}
