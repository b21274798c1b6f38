import { createApiKey, createProduct, createShop, type Database } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { pino } from "pino";
import { expect } from "vitest";

import { createServer, type ApiServer, type ServerOptions } from "../src/server";
import { recordRestAnswers } from "./rest-answers";

/**
 * createServer on a free port, logging nothing unless given a logger (with `config` over the
 * environment's). Its /api answers are recorded for the contract check (rest-answers.ts, contract.ts).
 */
export async function listen(db: Database, config?: ServerOptions["config"], options: Pick<ServerOptions, "logger" | "rateLimitPrefix"> = {}) {
  const server = createServer({ db, logger: pino({ level: "silent" }), config, ...options });
  recordRestAnswers(server);
  const base = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, base };
}

/** Stops a server at once, connections and all. */
export async function stop(server: ApiServer | undefined) {
  if (!server) return;
  const closing = server.close();
  server.server.closeAllConnections();
  await closing;
}

/** Reads a response as JSON and checks it reveals nothing of the server's code. */
export async function json(res: Response): Promise<any> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/"stack"|\s+at \S+ \(|node_modules|\.ts:\d+/);
  return JSON.parse(text);
}

/**
 * A fresh database served on a free port with a "Corner shop", its till's device key ("pos-01")
 * and one stocked product ("Apple", 1.00): what the REST delivery tests sell against.
 * `close()` stops the server and drops the database.
 */
export async function serveCornerShop(config?: ServerOptions["config"]) {
  const db: TestDatabase = await createTestDatabase();
  const { server, base } = await listen(db, config);
  const shop = await createShop(db.prisma, { name: "Corner shop" });
  const key = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
  const productId = (await createProduct(db.prisma, { shopId: shop.id }, { name: "Apple", unitPrice: "1.00", isVolatile: false })).id;
  const close = async () => {
    await stop(server);
    await db.destroy();
  };
  return { db, server, base, shopId: shop.id, key, productId, close };
}
