// Vitest globalSetup for the browser tests (see harness.ts for the whole picture): builds
// the app into its own dist dir with the test API's URL baked into the rewrites, creates
// and migrates a fresh PostgreSQL database, starts the API and `next start`, waits for
// both, and hands their addresses to the test files through `provide`. Teardown stops
// both process groups and drops the database.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

import { createDatabase } from "@tillsync/db";
import { createScratchDatabase } from "@tillsync/db/testing";
import type { TestProject } from "vitest/node";

import { artifactsDir, repoDir, webDir } from "./paths";


const apiPort = Number(process.env.E2E_API_PORT ?? 4610);
const webPort = Number(process.env.E2E_WEB_PORT ?? 3610);
/** A dist dir of its own, so the test build never replaces a developer's `.next`. */
const distDir = process.env.E2E_DIST_DIR ?? ".next-e2e";
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    apiUrl: string;
    databaseUrl: string;
  }
}

interface Started {
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

/** Starts `command` in a process group of its own, its output going to artifacts/<log>-<web port>.log. */
function start(command: string, args: string[], cwd: string, env: Record<string, string>, log: string): Started {
  const logFile = join(artifactsDir, `${log}-${webPort}.log`);
  const output = createWriteStream(logFile);
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout!.pipe(output);
  child.stderr!.pipe(output);
  const exited = once(child, "close").then(([code]) => code as number | null);
  return { child, exited, logFile };
}

const logTail = (file: string) => readFileSync(file, "utf8").split("\n").slice(-40).join("\n");

function stop({ child }: Started) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Fails early, and clearly, when another test run (or anything else) holds a port. */
async function assertPortFree(port: number) {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  const [event] = await Promise.race([once(server, "listening").then(() => ["listening"]), once(server, "error").then(() => ["error"])]);
  if (event === "error") {
    throw new Error(`Port ${port} is in use (another e2e run?). Set E2E_API_PORT, E2E_WEB_PORT and E2E_DIST_DIR to run beside it.`);
  }
  server.close();
  await once(server, "close");
}

/** Polls `url` until it answers 200; fails at once, with the log, if the process exits. */
async function waitReady(url: string, started: Started, timeoutMs = 60_000) {
  let exitCode: number | null | undefined;
  void started.exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`exited (${exitCode}) before ${url} answered:\n${logTail(started.logFile)}`);
    if ((await fetch(url).then((res) => res.status, () => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s:\n${logTail(started.logFile)}`);
}

async function build(env: Record<string, string>) {
  if (process.env.E2E_REUSE_BUILD === "1" && existsSync(join(webDir, distDir, "BUILD_ID"))) return;
  const started = start("pnpm", ["run", "build"], webDir, env, "build");
  const code = await started.exited;
  if (code !== 0) throw new Error(`next build failed (${code}):\n${logTail(started.logFile)}`);
}

export default async function setup(project: TestProject) {
  mkdirSync(artifactsDir, { recursive: true });
  await Promise.all([assertPortFree(apiPort), assertPortFree(webPort)]);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baseUrl = `http://127.0.0.1:${webPort}`;
  const webEnv = { API_URL: apiUrl, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" };
  await build(webEnv);

  const database = await createScratchDatabase(serverUrl, "tillsync_test_web");
  const servers: Started[] = [];
  const teardown = async () => {
    servers.forEach(stop);
    await Promise.all(servers.map((server) => server.exited));
    await database.drop();
  };
  try {
    const db = createDatabase({ url: database.url, poolSize: 1 });
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
    const apiEnv = { DATABASE_URL: database.url, PORT: String(apiPort), HOST: "127.0.0.1", WEB_ORIGIN: baseUrl, DB_POOL_SIZE: "5", LOG_LEVEL: "warn" };
    const api = start("pnpm", ["-s", "tillsync", "serve"], repoDir, apiEnv, "api");
    servers.push(api);
    const web = start("pnpm", ["exec", "next", "start", "--hostname", "127.0.0.1", "--port", String(webPort)], webDir, webEnv, "web");
    servers.push(web);
    await Promise.all([waitReady(`${apiUrl}/healthz`, api), waitReady(`${baseUrl}/sign-in`, web)]);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("apiUrl", apiUrl);
  project.provide("databaseUrl", database.url);
  return teardown;
}
