// Real API servers for the HTTP tests: the operator CLI's `serve` (what `pnpm tillsync
// serve` runs, started with node directly to spare a pnpm start-up) as a child process on
// a fresh PostgreSQL database. Small on purpose; apps/api/test/helpers.ts has a fuller kit that
// could move to a shared testing package.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@tillsync/db/testing";
import { productCreateInput } from "@tillsync/validators";

const apiDir = fileURLToPath(new URL("../../../apps/api", import.meta.url));
export const syncDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * The HTTP tests need PostgreSQL: the server and the test both open the database, which
 * PGlite on disk does not allow. Without DATABASE_URL they are skipped, except in CI,
 * where `testServerUrl` fails the run instead (DESIGN.md §2).
 */
export const postgres = testServerUrl() !== undefined;

/** A fresh database with a shop, a till's key and a tracked product with `stock` in stock. */
export async function shopDatabase(stock: string) {
  const db = await createTestDatabase({ poolSize: 4 });
  if (!db.url) throw new Error("These tests need PostgreSQL: set DATABASE_URL");
  const shop = await createShop(db.prisma, { name: "Corner shop" });
  const { key } = await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
  const product = await createProduct(db.prisma, { shopId: shop.id }, productCreateInput.parse({ name: "Tea", unitPrice: "2.50", initialStock: stock }));
  return { db: db as TestDatabase & { url: string }, shopId: shop.id, apiKey: key, productId: product.id };
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** The environment of a child: this one's, with the given database and port only. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, TEST_DATABASE_URL: _test, DATA_DIR: _dir, PORT: _port, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: "warn", ...extra };
}

/** Spawns in a process group of its own, so `killGroup` reaches everything it starts. */
export function spawnGroup(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = once(child, "close").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, output }));
  return { child, exited, output: () => output };
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL") {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export async function startServer(databaseUrl: string, port: number) {
  const server = spawnGroup("node", ["--import", "tsx", "src/cli.ts", "serve"], { cwd: apiDir, env: childEnv({ DATABASE_URL: databaseUrl, PORT: String(port) }) });
  const url = `http://127.0.0.1:${port}`;
  let exit: unknown;
  void server.exited.then((result) => (exit = result));
  const deadline = Date.now() + 30_000;
  while ((await fetch(`${url}/readyz`).then((res) => res.status, () => 0)) !== 200) {
    if (exit) throw new Error(`the API server exited before it was ready:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`the API server was not ready after 30 s:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { ...server, url };
}

/** Polls until `check` holds. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
