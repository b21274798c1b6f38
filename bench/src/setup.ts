import { randomUUID } from "node:crypto";

import { createApiKey, createDatabase, createShop } from "@tillsync/db";
import { servePglite } from "@tillsync/db/testing";

/**
 * Where the bench creates its databases: `DATABASE_URL`, else, for the smoke (`pnpm test` on a
 * machine with no PostgreSQL), an in-memory PGlite served over the wire protocol, else the
 * local server. On PGlite the API gets one connection (DB_POOL_SIZE=1: every connection shares
 * PGlite's one session, see servePglite) and there is no pgbench floor (pgbench's prepared
 * statements clash in that one session); its figures only show that every path works.
 */
export async function benchDatabaseServer(smoke: boolean): Promise<{ url: string; pglite: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, pglite: false };
  if (!smoke) return { url: "postgres://postgres@127.0.0.1:5432/postgres", pglite: false };
  process.env.DB_POOL_SIZE = "1";
  // The API's connection, the raw-SQL baseline's pool and the setup's: more than the default 8.
  const served = await servePglite({ maxConnections: 32, unref: true });
  console.log(`no DATABASE_URL: the smoke runs on PGlite served at ${served.url} (no pgbench floor there)`);
  return { url: served.url, pglite: true };
}

export interface BenchShop {
  shopId: number;
  deviceKey: string;
  deviceKeyId: number;
  managerKey: string;
  /** Product id → unit price (tracked products, plenty of stock). */
  products: { id: number; price: string }[];
}

/** Migrates the database and creates a shop with `productCount` tracked products, a device key and a manager key. */
export async function bootstrapShop(url: string, productCount: number, timezone = "Europe/Berlin"): Promise<BenchShop> {
  const db = createDatabase({ url, poolSize: 2 });
  try {
    await db.migrate();
    const shop = await createShop(db.prisma, { name: `Bench shop ${randomUUID().slice(0, 8)}`, timezone });
    const device = await createApiKey(db.prisma, { shopId: shop.id, name: "pos-bench", role: "device" });
    const manager = await createApiKey(db.prisma, { shopId: shop.id, name: "bench-report", role: "manager" });
    const products = await db.prisma.$queryRaw<{ id: number; price: string }[]>`
      INSERT INTO product (shop_id, name, sku, unit_price, stock, reorder_level)
      SELECT ${shop.id}, 'Product ' || g, 'SKU-' || ${shop.id} || '-' || g, 1 + (g % 50) + 0.99, 1000000000, 10
      FROM generate_series(1, ${productCount}) AS g
      RETURNING id, unit_price::text AS price`;
    // As in a shop that has been running for a while, the planner knows the product table.
    // (Not the empty sale tables: statistics saying "empty" would mislead it once they fill.)
    await db.prisma.$executeRaw`ANALYZE product`;
    return { shopId: shop.id, deviceKey: device.key, deviceKeyId: device.id, managerKey: manager.key, products };
  } finally {
    await db.close();
  }
}

/** Three distinct random products, as a till would ring them up (any order). */
export function pickItems(shop: BenchShop, count = 3) {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(Math.random() * shop.products.length));
  return [...chosen].map((index) => shop.products[index]!);
}

/** A new sale.create input: a fresh idempotency key and one of each of three random products. */
export const sale = (shop: BenchShop) => ({
  externalId: randomUUID(),
  sourceDevice: "pos-bench",
  clientTimestamp: new Date(),
  items: pickItems(shop).map((product) => ({ productId: product.id, quantity: "1" })),
});
