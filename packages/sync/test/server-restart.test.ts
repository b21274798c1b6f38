import { randomUUID } from "node:crypto";

import { getProduct } from "@tillsync/db";
import { freePort, killGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTillsyncClient } from "../src/client";
import { SyncEngine } from "../src/engine";
import { MemoryOutbox } from "../src/outbox/memory";
import { trpcTransport } from "../src/transport";
import { shopDatabase, startServer, waitUntil } from "./server";

// Without DATABASE_URL on a served PGlite, which drops a closed connection's prepared
// statements as PostgreSQL does (servePglite); before it did, the restarted server failed every
// request (42P05). The drain takes ~50 s there on a busy 2-core machine, hence the timeout.
describe("draining 2,000 sales while the API server is killed", () => {
  let setup: Awaited<ReturnType<typeof shopDatabase>>;
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];

  beforeAll(async () => {
    setup = await shopDatabase("10000");
  });
  afterAll(async () => {
    for (const server of servers) killGroup(server);
    await setup?.db.destroy();
  });

  it("The API server is killed (SIGKILL) in the middle of a 2,000-sale sync and restarted → all 2,000 arrive exactly once, none lost", async () => {
    const { db, shopId, apiKey, productId } = setup;
    const port = await freePort();
    servers.push(await startServer(db.url, port));
    const url = `http://127.0.0.1:${port}`;

    const outbox = new MemoryOutbox();
    const engine = new SyncEngine({
      outbox,
      transport: trpcTransport(createTillsyncClient({ url, apiKey }), { timeoutMs: 10_000 }),
      batchSize: 100,
      backoff: { baseMs: 50, maxMs: 500 },
    });
    const retries: unknown[] = [];
    engine.events.on("retry", ({ error }) => retries.push(error));
    await engine.enqueue(
      ...Array.from({ length: 2_000 }, (_, index) => ({
        externalId: randomUUID(),
        sourceDevice: "pos-01",
        clientTimestamp: new Date(Date.UTC(2026, 10, 23, 9, 0, index)).toISOString(),
        items: [{ productId, quantity: "1" }],
      })),
    );
    const countSales = () => db.prisma.sale.count({ where: { shopId } });

    const draining = engine.drain();
    await waitUntil(async () => (await countSales()) >= 600, "600 sales to arrive");
    killGroup(servers[0]!);
    await servers[0]!.exited;
    const atKill = await countSales();
    expect(atKill).toBeLessThan(2_000);
    await waitUntil(async () => retries.length >= 2, "the engine to retry against the dead server");

    servers.push(await startServer(db.url, port));
    await expect(draining).resolves.toEqual({ outcome: "drained" });

    expect(await engine.status()).toMatchObject({ pending: 0, synced: 2_000, rejected: 0 });
    expect(await countSales()).toBe(2_000);
    const externalIds = await db.prisma.sale.findMany({ where: { shopId }, select: { externalId: true }, distinct: ["externalId"] });
    expect(externalIds).toHaveLength(2_000);
    expect((await getProduct(db.prisma, shopId, productId)).stock).toBe("8000.000");
    expect(await db.prisma.stockMovement.count({ where: { productId, reason: "sale" } })).toBe(2_000);
  }, 180_000);
});
