// Real API servers for the HTTP tests: the operator CLI's `serve` (what `pnpm tillsync
// serve` runs, started with node directly to spare a pnpm start-up) as a child process on
// a fresh PostgreSQL database. Ports and process groups come from @tillsync/testing.
import { fileURLToPath } from "node:url";

import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, testServerUrl, type TestDatabase } from "@tillsync/db/testing";
import { childEnv, spawnGroup, waitForOk } from "@tillsync/testing";
import { productCreateInput } from "@tillsync/validators";

const apiDir = fileURLToPath(new URL("../../../apps/api", import.meta.url));
export const syncDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * A fresh database with a shop, a till's key and a tracked product with `stock` in stock.
 * The server and the test both open it: on PostgreSQL (DATABASE_URL) a new database, else
 * an in-memory PGlite served over the wire protocol (createTestDatabase's `serve`).
 */
export async function shopDatabase(stock: string) {
  const db = await createTestDatabase({ poolSize: 4, serve: true });
  if (!db.url) throw new Error("createTestDatabase({ serve: true }) gave no URL");
  const shop = await createShop(db.prisma, { name: "Corner shop" });
  const { key } = await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
  const product = await createProduct(db.prisma, { shopId: shop.id }, productCreateInput.parse({ name: "Tea", unitPrice: "2.50", initialStock: stock }));
  return { db: db as TestDatabase & { url: string }, shopId: shop.id, apiKey: key, productId: product.id };
}

// A PGlite served over the wire protocol has one session for all connections (servePglite).
const servedPoolSize: Record<string, string> = testServerUrl() ? {} : { DB_POOL_SIZE: "1" };

/** The API server (`tillsync serve`) on `port` and `databaseUrl`, once it answers /readyz. */
export async function startServer(databaseUrl: string, port: number) {
  const server = spawnGroup("node", ["--import", "tsx", "src/cli.ts", "serve"], {
    cwd: apiDir,
    env: childEnv({ LOG_LEVEL: "warn", DATABASE_URL: databaseUrl, PORT: String(port), ...servedPoolSize }),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(`${url}/readyz`, server, 30_000);
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
