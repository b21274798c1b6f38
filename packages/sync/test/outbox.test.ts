import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { SyncEngine } from "../src/engine";
import { FileOutbox as FileOutboxV1 } from "./fixtures/outbox-v1/file";
import { IndexedDbOutbox as IndexedDbOutboxV1 } from "./fixtures/outbox-v1/indexeddb";
import { FileOutbox } from "../src/outbox/file";
import { IndexedDbOutbox } from "../src/outbox/indexeddb";
import { MemoryOutbox } from "../src/outbox/memory";
import type { Outbox } from "../src/outbox/types";
import { fakeTransport, sale } from "./fakes";

const dir = await mkdtemp(join(tmpdir(), "tillsync-outbox-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const stores: [string, () => Promise<Outbox & { close?: () => unknown }>][] = [
  ["MemoryOutbox", async () => new MemoryOutbox()],
  ["FileOutbox", () => FileOutbox.open(join(dir, `${randomUUID()}.jsonl`))],
  ["IndexedDbOutbox (fake-indexeddb)", () => IndexedDbOutbox.open(randomUUID())],
];

describe.each(stores)("%s", (_, openStore) => {
  it("keeps sales in queue order and skips ones already queued", async () => {
    const outbox = await openStore();
    const [a, b, c] = [sale(), sale(), sale()];
    expect(await outbox.append([a, b])).toBe(2);
    expect(await outbox.append([b, c, c])).toBe(1);

    const pending = await outbox.pending(10);
    expect(pending.map((entry) => entry.externalId)).toEqual([a, b, c].map((s) => s.externalId));
    expect(pending.map((entry) => entry.seq)).toEqual([...pending.map((entry) => entry.seq)].sort((x, y) => x - y));
    expect(pending[0]).toMatchObject({ status: "pending", sale: a });
    expect((await outbox.pending(2)).map((entry) => entry.externalId)).toEqual([a.externalId, b.externalId]);
    await outbox.close?.();
  });

  it("records synced and rejected sales with counts, reasons and the last sync time", async () => {
    const outbox = await openStore();
    const [a, b, c] = [sale(), sale(), sale()];
    await outbox.append([a, b, c]);
    const at = new Date("2026-11-23T12:00:00.000Z");

    await outbox.settle(
      [
        { externalId: a.externalId, status: "synced", saleId: 7, replayed: true },
        { externalId: b.externalId, status: "rejected", rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" } },
      ],
      at,
    );

    expect(await outbox.counts()).toEqual({ pending: 1, synced: 1, rejected: 1, discarded: 0 });
    expect((await outbox.pending(10)).map((entry) => entry.externalId)).toEqual([c.externalId]);
    expect(await outbox.rejected()).toEqual([
      expect.objectContaining({
        externalId: b.externalId,
        status: "rejected",
        settledAt: at.toISOString(),
        rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" },
      }),
    ]);
    expect(await outbox.lastSyncedAt()).toEqual(at);
    // A synced sale is still known: queueing it again does nothing.
    expect(await outbox.append([a])).toBe(0);
    await outbox.close?.();
  });

  it("requeues rejected sales at their old place, and discards them with a reason", async () => {
    const outbox = await openStore();
    const [a, b, c, d] = [sale(), sale(), sale(), sale()];
    await outbox.append([a, b, c]);
    const rejection = { code: "PRODUCT_NOT_FOUND", message: "gone" };
    await outbox.settle(
      [
        { externalId: a.externalId, status: "rejected", rejection },
        { externalId: b.externalId, status: "synced", saleId: 1, replayed: false },
        { externalId: c.externalId, status: "rejected", rejection },
      ],
      new Date(),
    );
    await outbox.append([d]);

    // Only rejected sales move; b (synced) and an unknown id are skipped.
    expect(await outbox.requeue([a.externalId, b.externalId, "00000000-0000-4000-8000-000000000000"])).toBe(1);
    expect((await outbox.pending(10)).map((entry) => entry.externalId)).toEqual([a.externalId, d.externalId]);
    expect((await outbox.pending(10))[0]).toMatchObject({ status: "pending", rejection });

    const at = new Date("2026-11-30T10:00:00.000Z");
    await outbox.discard(c.externalId, "Test sale rung up by mistake", at);
    await expect(outbox.discard(a.externalId, "not rejected", at)).rejects.toThrow(/not a rejected sale/);
    expect(await outbox.counts()).toEqual({ pending: 2, synced: 1, rejected: 0, discarded: 1 });
    expect(await outbox.requeue([c.externalId])).toBe(0);
    await outbox.close?.();
  });

  it("keeps whether a synced sale was created or replayed", async () => {
    const outbox = await openStore();
    const [a, b] = [sale(), sale()];
    await outbox.append([a, b]);
    await new SyncEngine({
      outbox,
      transport: async (sales) =>
        sales.map((s, index) => ({ externalId: s.externalId, status: index === 0 ? ("created" as const) : ("replayed" as const), saleId: index + 1 })),
    }).drain();
    // The importer's summary reads this from the journal (FileOutbox is a MemoryOutbox).
    const all = outbox instanceof MemoryOutbox ? await outbox.all() : undefined;
    if (all) expect(all.map((entry) => entry.replayed)).toEqual([false, true]);
    await outbox.close?.();
  });

  it("is drained by the engine", async () => {
    const outbox = await openStore();
    const fake = fakeTransport();
    await outbox.append(Array.from({ length: 5 }, () => sale()));
    await new SyncEngine({ outbox, transport: fake.transport, batchSize: 2 }).drain();
    expect(await outbox.counts()).toEqual({ pending: 0, synced: 5, rejected: 0, discarded: 0 });
    await outbox.close?.();
  });
});

describe("FileOutbox on disk", () => {
  it("comes back as it was after a reopen", async () => {
    const path = join(dir, "reopen.jsonl");
    const [a, b] = [sale(), sale()];
    const first = await FileOutbox.open(path);
    await first.append([a, b]);
    await first.settle([{ externalId: a.externalId, status: "synced", saleId: 1, replayed: false }], new Date());
    await first.close();

    const second = await FileOutbox.open(path);
    expect(await second.counts()).toEqual({ pending: 1, synced: 1, rejected: 0, discarded: 0 });
    expect((await second.pending(10))[0]).toMatchObject({ externalId: b.externalId, sale: b });
    await second.close();
  });

  it("drops a line half-written by a crash, and appends cleanly after it", async () => {
    const path = join(dir, "torn.jsonl");
    const [a, b] = [sale(), sale()];
    const first = await FileOutbox.open(path);
    await first.append([a]);
    await first.close();
    await appendFile(path, '{"type":"settled","at":"2026-');

    const second = await FileOutbox.open(path);
    expect(await second.counts()).toEqual({ pending: 1, synced: 0, rejected: 0, discarded: 0 });
    await second.append([b]);
    await second.close();

    const third = await FileOutbox.open(path);
    expect((await third.pending(10)).map((entry) => entry.externalId)).toEqual([a.externalId, b.externalId]);
    await third.close();
    expect((await readFile(path, "utf8")).split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("cannot be opened by a second holder while it is open", async () => {
    const path = join(dir, "locked.jsonl");
    const holder = await FileOutbox.open(path);
    await expect(FileOutbox.open(path, { waitForLockMs: 0 })).rejects.toThrow(/in use by another process/);
    await holder.close();
    await (await FileOutbox.open(path, { waitForLockMs: 0 })).close();
  });
});

describe("IndexedDbOutbox", () => {
  it("keeps the queue across connections (a reload)", async () => {
    const name = randomUUID();
    const a = sale();
    const first = await IndexedDbOutbox.open(name);
    await first.append([a]);
    await first.settle(
      [{ externalId: a.externalId, status: "rejected", rejection: { code: "INVALID_INPUT", message: "items.0.quantity: Quantity must be greater than 0" } }],
      new Date(),
    );
    first.close();

    const second = await IndexedDbOutbox.open(name);
    expect(await second.counts()).toEqual({ pending: 0, synced: 0, rejected: 1, discarded: 0 });
    expect((await second.rejected())[0]?.rejection?.code).toBe("INVALID_INPUT");
    second.close();
  });
});

describe("stored formats of the previous build are migrated, never dropped", () => {
  it("FileOutbox: a format-1 journal opens with every sale, still sendable, and keeps working", async () => {
    const path = join(dir, "v1.jsonl");
    const [a, b, c] = [sale(), sale(), sale()];
    const old = await FileOutboxV1.open(path);
    await old.append([a, b, c]);
    await old.settle(
      [
        { externalId: a.externalId, status: "synced", saleId: 1 },
        { externalId: b.externalId, status: "rejected", rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" } },
      ],
      new Date(),
    );
    await old.close();

    const migrated = await FileOutbox.open(path);
    expect(await migrated.counts()).toEqual({ pending: 1, synced: 1, rejected: 1, discarded: 0 });
    expect(await migrated.requeue([b.externalId])).toBe(1);
    const fake = fakeTransport();
    await new SyncEngine({ outbox: migrated, transport: fake.transport }).drain();
    expect(fake.calls).toEqual([[b.externalId, c.externalId]]);
    await migrated.close();

    const lines = (await readFile(path, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string });
    expect(lines[0]).toEqual({ type: "format", version: 2 });
    const reopened = await FileOutbox.open(path);
    expect(await reopened.counts()).toEqual({ pending: 0, synced: 3, rejected: 0, discarded: 0 });
    await reopened.close();
  });

  it("FileOutbox: a journal from a newer format is refused, not misread", async () => {
    const path = join(dir, "v99.jsonl");
    await appendFile(path, `${JSON.stringify({ type: "format", version: 99 })}\n`);
    await expect(FileOutbox.open(path, { waitForLockMs: 0 })).rejects.toThrow(/newer version of Tillsync/);
  });

  it("IndexedDB: a database written by the format-1 build opens with its entries intact and still sendable", async () => {
    const name = randomUUID();
    const [a, b, c] = [sale(), sale(), sale()];
    const old = await IndexedDbOutboxV1.open(name);
    await old.append([a, b, c]);
    await old.settle(
      [
        { externalId: a.externalId, status: "synced", saleId: 1 },
        { externalId: b.externalId, status: "rejected", rejection: { code: "INVALID_INPUT", message: "quantity" } },
      ],
      new Date("2026-11-29T10:00:00.000Z"),
    );
    old.close();

    const migrated = await IndexedDbOutbox.open(name);
    expect(await migrated.counts()).toEqual({ pending: 1, synced: 1, rejected: 1, discarded: 0 });
    expect((await migrated.pending(10))[0]).toMatchObject({ externalId: c.externalId, sale: c });
    expect((await migrated.rejected())[0]).toMatchObject({ externalId: b.externalId, rejection: { code: "INVALID_INPUT", message: "quantity" } });
    expect(await migrated.lastSyncedAt()).toEqual(new Date("2026-11-29T10:00:00.000Z"));
    expect(await migrated.append([a])).toBe(0);

    await migrated.requeue([b.externalId]);
    const fake = fakeTransport();
    await new SyncEngine({ outbox: migrated, transport: fake.transport }).drain();
    expect(fake.calls).toEqual([[b.externalId, c.externalId]]);
    expect(await migrated.counts()).toEqual({ pending: 0, synced: 3, rejected: 0, discarded: 0 });
    migrated.close();

    // The previous build cannot open it any more, and says so instead of wiping it.
    await expect(IndexedDbOutboxV1.open(name)).rejects.toThrow();
  });
});
