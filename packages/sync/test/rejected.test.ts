import { randomUUID } from "node:crypto";

import type { SaleInputRaw } from "@tillsync/validators";
import { freePort, killGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTillsyncClient } from "../src/client";
import { SyncEngine } from "../src/engine";
import { MemoryOutbox } from "../src/outbox/memory";
import { trpcTransport } from "../src/transport";
import { shopDatabase, startServer } from "./server";

describe("rejected sales over HTTP", () => {
  let setup: Awaited<ReturnType<typeof shopDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    setup = await shopDatabase("100");
    server = await startServer(setup.db.url, await freePort());
  });
  afterAll(async () => {
    if (server) killGroup(server);
    await setup?.db.destroy();
  });

  it("One rejected sale in the queue does not stop the ones after it, and stays visible", async () => {
    const { db, shopId, apiKey, productId } = setup;
    const client = createTillsyncClient({ url: server.url, apiKey });
    const sale = (items: SaleInputRaw["items"], externalId = randomUUID()): SaleInputRaw => ({ externalId, sourceDevice: "pos-01", items });
    // Recorded earlier with another payload: queueing the same key again is IDEMPOTENCY_KEY_REUSED.
    const reused = randomUUID();
    await client.sale.create.mutate(sale([{ productId, quantity: "5" }], reused));

    const queue = [
      sale([{ productId, quantity: "1" }]),
      sale([{ productId: 999_999, quantity: "1" }]),
      sale([{ productId, quantity: "1" }]),
      sale([{ productId, quantity: "0" }]),
      sale([{ productId, quantity: "1" }], reused),
      sale([{ productId, quantity: "1" }]),
    ];
    const outbox = new MemoryOutbox();
    const engine = new SyncEngine({ outbox, transport: trpcTransport(client) });
    await engine.enqueue(...queue);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(await engine.status()).toMatchObject({ pending: 0, synced: 3, rejected: 3 });
    const rejected = await engine.rejectedSales();
    expect(rejected.map((entry) => [entry.externalId, entry.rejection?.code])).toEqual([
      [queue[1]!.externalId, "PRODUCT_NOT_FOUND"],
      [queue[3]!.externalId, "INVALID_INPUT"],
      [reused, "IDEMPOTENCY_KEY_REUSED"],
    ]);
    expect(rejected[1]!.rejection?.message).toMatch(/quantity/i);

    // The queue keeps moving: a later sale syncs, the rejected ones are not sent again.
    await engine.enqueue(sale([{ productId, quantity: "1" }]));
    await engine.drain();
    expect(await engine.status()).toMatchObject({ pending: 0, synced: 4, rejected: 3 });
    expect(await db.prisma.sale.count({ where: { shopId } })).toBe(5);

    // Offline, the cashier discards two of them: each discard waits in the queue. Back online,
    // the server records the unknown product's sale as discarded, flagged for review (a device
    // key, no manager at the till), and answers the reused key's discard with the sale it holds.
    let online = false;
    const http = trpcTransport(client);
    const till = new SyncEngine({
      outbox,
      transport: (sales, signal) => (online ? http(sales, signal) : Promise.reject(new TypeError("fetch failed"))),
      maxAttempts: 1,
    });
    await till.discardRejected(queue[1]!.externalId, "Product was never in the catalogue", { cashierId: "someone-who-left" });
    await till.discardRejected(reused, "Rung up twice");
    expect((await till.drain()).outcome).toBe("gave-up");
    expect(await db.prisma.discardedSale.count({ where: { shopId } })).toBe(0);
    online = true;
    await expect(till.drain()).resolves.toEqual({ outcome: "drained" });

    const stored = await db.prisma.discardedSale.findMany({ where: { shopId } });
    expect(stored).toEqual([
      expect.objectContaining({
        externalId: queue[1]!.externalId,
        reason: "Product was never in the catalogue",
        rejectionCode: "PRODUCT_NOT_FOUND",
        cashierId: "someone-who-left",
        cashierStatus: "unknown",
        needsReview: true,
      }),
    ]);
    expect(JSON.parse(stored[0]!.payload)).toEqual(queue[1]);
    const reusedId = (await db.prisma.sale.findFirstOrThrow({ where: { shopId, externalId: reused } })).id;
    expect((await engine.rejectedSales()).map((entry) => entry.externalId)).toEqual([queue[3]!.externalId]);
    expect(await engine.status()).toMatchObject({ pending: 0, rejected: 1, discarded: 1 });
    expect((await outbox.all()).find((entry) => entry.externalId === reused)).toMatchObject({ status: "synced", saleId: Number(reusedId), replayed: true });
  });

  it("halts on a wrong API key without rejecting anything", async () => {
    const engine = new SyncEngine({ outbox: new MemoryOutbox(), transport: trpcTransport(createTillsyncClient({ url: server.url, apiKey: "tsk_wrong" })) });
    await engine.enqueue({ externalId: randomUUID(), items: [{ productId: setup.productId, quantity: "1" }] });

    expect((await engine.drain()).outcome).toBe("halted");
    expect(await engine.status()).toMatchObject({ pending: 1, rejected: 0 });
  });
});
