// PostgreSQL restarts while 16 tills sell over HTTP (DESIGN.md §5: 5xx is retryable).
// Every answer is a sale or a typed, retryable 503; the server recovers on its own; after
// the tills' retries every sale is recorded exactly once, with all its rows and stock.
// A private cluster (the shared server on :5432 must stay up for the other suites), or without
// DATABASE_URL a served PGlite whose restart drops every connection and opens its directory again.
import { randomUUID } from "node:crypto";

import { createApiKey, createDatabase, createProduct, createShop, type Database } from "@tillsync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { startRestartableDatabase, type PrivatePostgres } from "./private-postgres";
import { json, listen, stop } from "./server";

const CLIENTS = 16;
const SALES_PER_CLIENT = 25;
const INITIAL_STOCK = 100_000;
/** A till gives up on a sale only after this long (the restart takes a few seconds). */
const RETRY_DEADLINE_MS = 60_000;

interface Tally {
  ok: number;
  replayed: number;
  retried: number;
  failed: { status: number; body: string }[];
}

describe("the database server restarted while 16 tills sell", () => {
  let pg: PrivatePostgres;
  let db: Database;
  let server: ApiServer;
  let base: string;
  let key: string;
  let products: number[];
  let shopId: number;

  beforeAll(async () => {
    pg = await startRestartableDatabase();
    db = createDatabase({ url: pg.url, poolSize: pg.servedPglite ? 1 : 8 });
    await db.migrate();
    const shop = await createShop(db.prisma, { name: "Corner shop" });
    shopId = shop.id;
    key = (await createApiKey(db.prisma, { shopId, name: "pos-01", role: "device" })).key;
    products = [];
    for (const name of ["Rice", "Flour", "Tea"]) {
      products.push((await createProduct(db.prisma, { shopId }, { name, isVolatile: false, unitPrice: "2.50", initialStock: String(INITIAL_STOCK) })).id);
    }
    ({ server, base } = await listen(db, { RATE_LIMIT_API_KEY: 0 }));
  });
  afterAll(async () => {
    await stop(server);
    await db?.close();
    await pg?.destroy();
  });

  /** Sale n of a till: one to three lines over the products, quantities 1..3. */
  const saleOf = (client: number, n: number) => ({
    externalId: randomUUID(),
    sourceDevice: `till-${client}`,
    items: products.slice(0, 1 + ((client + n) % 3)).map((productId, line) => ({ productId, quantity: String(1 + ((n + line) % 3)) })),
  });

  /** Sends one sale until it is recorded, as a till's outbox does, and tallies every answer. */
  async function sell(sale: ReturnType<typeof saleOf>, tally: Tally) {
    const deadline = Date.now() + RETRY_DEADLINE_MS;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      const res = await fetch(`${base}/trpc/sale.create`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ json: sale }),
      });
      if (res.status === 200) {
        const { replayed } = (await json(res)).result.data.json;
        tally.ok++;
        if (replayed) tally.replayed++;
        return;
      }
      const body = await json(res);
      const typed = res.status === 503 && body.error?.json?.data?.code === "SERVICE_UNAVAILABLE" && Number(res.headers.get("retry-after")) > 0;
      const tracked = body.error?.json?.data?.requestId === res.headers.get("x-request-id");
      if (!typed || !tracked) {
        tally.failed.push({ status: res.status, body: JSON.stringify(body) });
        return;
      }
      tally.retried++;
      // The till's backoff, capped low so the test ends soon after the database is back.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));
    }
    tally.failed.push({ status: 0, body: `not recorded within ${RETRY_DEADLINE_MS} ms` });
  }

  it("every request succeeds or gets a typed 503; after retries each sale exists once, whole", async ({ annotate }) => {
    const tally: Tally = { ok: 0, replayed: 0, retried: 0, failed: [] };
    const sales = Array.from({ length: CLIENTS }, (_, client) => Array.from({ length: SALES_PER_CLIENT }, (_, n) => saleOf(client, n)));

    let restarted!: Promise<void>;
    const restartAfter = (CLIENTS * SALES_PER_CLIENT) / 4;
    let restartRequested = false;
    const tills = sales.map(async (queue) => {
      for (const sale of queue) {
        await sell(sale, tally);
        if (!restartRequested && tally.ok >= restartAfter) {
          restartRequested = true;
          restarted = pg.restart();
        }
      }
    });
    await Promise.all(tills);
    await restarted;

    await annotate(
      `requests: ${tally.ok} ok (${tally.replayed} replays of a sale whose answer was lost), ${tally.retried} retried after a 503, ${tally.failed.length} failed`,
    );
    expect(tally.failed).toEqual([]);
    expect(tally.ok).toBe(CLIENTS * SALES_PER_CLIENT);
    // The restart really did interrupt the tills.
    expect(tally.retried).toBeGreaterThan(0);

    // The server recovered on its own.
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const all = sales.flat();
    const lines = all.flatMap((sale) => sale.items);
    const [counts] = await db.prisma.$queryRaw<{ sales: bigint; items: bigint; movements: bigint; distinct_ids: bigint }[]>`
      SELECT (SELECT count(*) FROM sale WHERE shop_id = ${shopId}) AS sales,
             (SELECT count(DISTINCT external_id) FROM sale WHERE shop_id = ${shopId}) AS distinct_ids,
             (SELECT count(*) FROM sale_item WHERE shop_id = ${shopId}) AS items,
             (SELECT count(*) FROM stock_movement WHERE shop_id = ${shopId} AND reason = 'sale') AS movements`;
    expect(counts).toEqual({ sales: BigInt(all.length), distinct_ids: BigInt(all.length), items: BigInt(lines.length), movements: BigInt(lines.length) });

    // Every sale the tills sent is there, with all of its lines and a total that adds up.
    const stored = await db.prisma.$queryRaw<{ external_id: string; lines: number; total_ok: boolean }[]>`
      SELECT s.external_id::text, count(i.id)::int AS lines, s.total = coalesce(sum(i.line_total), 0) AS total_ok
      FROM sale s LEFT JOIN sale_item i ON i.sale_id = s.id WHERE s.shop_id = ${shopId} GROUP BY s.id`;
    const byId = new Map(stored.map((row) => [row.external_id, row]));
    for (const sale of all)
      expect(byId.get(sale.externalId), sale.externalId).toEqual({ external_id: sale.externalId, lines: sale.items.length, total_ok: true });

    // Stock moved by exactly what was sold, and the ledger agrees with it.
    for (const productId of products) {
      const sold = lines.filter((line) => line.productId === productId).reduce((sum, line) => sum + Number(line.quantity), 0);
      const [row] = await db.prisma.$queryRaw<{ stock: string; ledger: string }[]>`
        SELECT p.stock::text AS stock, (SELECT sum(delta) FROM stock_movement m WHERE m.product_id = p.id)::text AS ledger FROM product p WHERE p.id = ${productId}`;
      expect(Number(row!.stock)).toBe(INITIAL_STOCK - sold);
      expect(Number(row!.ledger)).toBe(INITIAL_STOCK - sold);
    }
  });
});
