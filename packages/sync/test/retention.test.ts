// Issue 21: a till's browser outbox drops synced sales after SYNCED_RETENTION_DAYS, and
// never what staff still need: pending, rejected and discarded entries, drawer events,
// the entries of a drawer session still open, and a sale a kept refund names.
import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";

import type { OutboxPayload } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { IndexedDbOutbox } from "../src/outbox/indexeddb";
import { SYNCED_RETENTION_DAYS } from "../src/outbox/retention";
import { sale } from "./fakes";

const DAY = 86_400_000;

describe("outbox retention", () => {
  it(`drops synced sales older than ${SYNCED_RETENTION_DAYS} days and keeps everything else`, async () => {
    const outbox = await IndexedDbOutbox.open(randomUUID());
    const now = new Date("2026-12-01T12:00:00.000Z");
    const old = new Date(now.getTime() - (SYNCED_RETENTION_DAYS + 1) * DAY);
    const recent = new Date(now.getTime() - (SYNCED_RETENTION_DAYS - 1) * DAY);
    const closedSession = randomUUID();
    const openSession = randomUUID();
    const drawer = (sessionId: string, kind: "open" | "close"): OutboxPayload =>
      kind === "open"
        ? { type: "drawer", externalId: randomUUID(), tillId: 1, sessionId, kind, amount: "50.00" }
        : { type: "drawer", externalId: randomUUID(), tillId: 1, sessionId, kind, counted: [{ method: "cash", amount: "50.00" }], zNumber: 1 };

    const oldSynced = sale();
    const oldInClosedSession = sale({ drawerSessionId: closedSession });
    const oldInOpenSession = sale({ drawerSessionId: openSession });
    const oldRefunded = sale();
    const pendingRefund: OutboxPayload = {
      type: "refund",
      externalId: randomUUID(),
      originalExternalId: oldRefunded.externalId,
      lines: [{ lineNo: 1, quantity: "1", restock: true }],
      tenders: [{ method: "cash", amount: "1.00" }],
      reason: "Returned",
    };
    const oldRejected = sale();
    const recentSynced = sale();
    const stillPending = sale();
    const drawers = [drawer(closedSession, "open"), drawer(closedSession, "close"), drawer(openSession, "open")];
    await outbox.append([oldSynced, oldInClosedSession, oldInOpenSession, oldRefunded, oldRejected, ...drawers, recentSynced, stillPending, pendingRefund]);
    const synced = (payload: OutboxPayload) => ({ externalId: payload.externalId, status: "synced" as const, saleId: 1, replayed: false });
    await outbox.settle([oldSynced, oldInClosedSession, oldInOpenSession, oldRefunded, ...drawers].map(synced), old);
    await outbox.settle([{ externalId: oldRejected.externalId, status: "rejected", rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" } }], old);
    await outbox.settle([synced(recentSynced)], recent);

    expect(await outbox.prune(now)).toBe(2);
    const left = new Set((await outbox.all()).map((entry) => entry.externalId));
    expect(left.has(oldSynced.externalId)).toBe(false);
    expect(left.has(oldInClosedSession.externalId)).toBe(false);
    for (const kept of [oldInOpenSession, oldRefunded, oldRejected, recentSynced, stillPending, pendingRefund, ...drawers]) {
      expect(left.has(kept.externalId)).toBe(true);
    }
    // Nothing more to drop until time passes.
    expect(await outbox.prune(now)).toBe(0);
    outbox.close();
  });

  it("drops by the shop's own retention when the till passes one (shop.tillRetentionDays)", async () => {
    const outbox = await IndexedDbOutbox.open(randomUUID());
    const now = new Date("2026-12-01T12:00:00.000Z");
    const [twelveDays, eightDays, rejected] = [sale(), sale(), sale()];
    await outbox.append([twelveDays, eightDays, rejected]);
    await outbox.settle([{ externalId: twelveDays.externalId, status: "synced", saleId: 1, replayed: false }], new Date(now.getTime() - 12 * DAY));
    await outbox.settle([{ externalId: eightDays.externalId, status: "synced", saleId: 2, replayed: false }], new Date(now.getTime() - 8 * DAY));
    await outbox.settle(
      [{ externalId: rejected.externalId, status: "rejected", rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" } }],
      new Date(now.getTime() - 300 * DAY),
    );
    // The default keeps all three; ten days drop the twelve-day-old sale only; never the rejected one.
    expect(await outbox.prune(now)).toBe(0);
    expect(await outbox.prune(now, 10)).toBe(1);
    expect((await outbox.all()).map((entry) => entry.externalId).sort()).toEqual([eightDays.externalId, rejected.externalId].sort());
    expect(await outbox.prune(now, 7)).toBe(1);
    expect((await outbox.all()).map((entry) => entry.externalId)).toEqual([rejected.externalId]);
    outbox.close();
  });
});
