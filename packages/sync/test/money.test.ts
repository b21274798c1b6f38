import { randomUUID } from "node:crypto";

import type { OutboxPayload } from "@tillsync/validators";
import { freePort, killGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTillsyncClient } from "../src/client";
import { SyncEngine } from "../src/engine";
import { MemoryOutbox } from "../src/outbox/memory";
import { payloadKind } from "../src/outbox/types";
import { trpcTransport } from "../src/transport";
import { shopDatabase, startServer } from "./server";

// A till's outbox holds sales, partial refunds and drawer events (DESIGN.md §8); through the
// real `sale.sync` each is recorded once and settled by the id the server gives it.
describe("refunds and drawer events in the outbox, over HTTP", () => {
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

  it("a drawer session, a sale and a refund of it not synced yet are recorded once, drawer events settled by eventId; sending them again replays", async () => {
    const { db, shopId, apiKey, productId } = setup;
    const till = await db.prisma.till.create({ data: { shopId, name: "Front", series: "A" } });
    const client = createTillsyncClient({ url: server.url, apiKey });
    const sessionId = randomUUID();
    const sale = randomUUID();
    const queue: OutboxPayload[] = [
      { type: "drawer", externalId: randomUUID(), tillId: till.id, sessionId, kind: "open", amount: "50.00" },
      {
        externalId: sale,
        items: [{ productId, quantity: "2", unitPrice: "2.50" }],
        tenders: [{ method: "cash", amount: "5.00", tendered: "10.00" }],
        tillId: till.id,
        drawerSessionId: sessionId,
      },
      {
        type: "refund",
        externalId: randomUUID(),
        originalExternalId: sale,
        lines: [{ lineNo: 1, quantity: "1" }],
        tenders: [{ method: "cash", amount: "2.50" }],
        reason: "Dented tin",
        tillId: till.id,
        drawerSessionId: sessionId,
      },
      { type: "drawer", externalId: randomUUID(), tillId: till.id, sessionId, kind: "payOut", amount: "4.00", reason: "Stamps" },
      { type: "drawer", externalId: randomUUID(), tillId: till.id, sessionId, kind: "close", counted: [{ method: "cash", amount: "48.50" }], zNumber: 1 },
    ];
    const outbox = new MemoryOutbox();
    const engine = new SyncEngine({ outbox, transport: trpcTransport(client) });
    await engine.enqueue(...queue);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    const entries = await outbox.all();
    expect(entries.map((entry) => [payloadKind(entry.sale), entry.status, entry.replayed, typeof entry.saleId, typeof entry.eventId])).toEqual([
      ["drawer", "synced", false, "undefined", "number"],
      ["sale", "synced", false, "number", "undefined"],
      ["refund", "synced", false, "number", "undefined"],
      ["drawer", "synced", false, "undefined", "number"],
      ["drawer", "synced", false, "undefined", "number"],
    ]);
    // 50 float + 5 cash taken − 2.50 refunded − 4 paid out = 48.50 expected: counted exactly.
    const report = await client.drawer.session.query({ sessionId });
    expect(report).toMatchObject({ type: "Z", zNumber: 1, report: { expectedCash: "48.50", overShort: "0.00" } });

    // Another outbox with the same entries (a till restored from an export): all replayed, nothing stored twice.
    const restored = new MemoryOutbox();
    const again = new SyncEngine({ outbox: restored, transport: trpcTransport(client) });
    await again.enqueue(...queue);
    await expect(again.drain()).resolves.toEqual({ outcome: "drained" });
    expect((await restored.all()).map((entry) => [entry.status, entry.replayed, entry.saleId, entry.eventId])).toEqual(
      entries.map((entry) => ["synced", true, entry.saleId, entry.eventId]),
    );
    expect(await db.prisma.sale.count({ where: { shopId } })).toBe(2);
    expect(await db.prisma.drawerEvent.count({ where: { shopId } })).toBe(3);
  });
});
