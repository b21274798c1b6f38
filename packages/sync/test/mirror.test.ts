import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";

import { describe, expect, it, vi } from "vitest";

import { SyncEngine } from "../src/engine";
import { memoryLock } from "../src/lock";
import { IndexedDbOutbox } from "../src/outbox/indexeddb";
import { OutboxMirror, type MirrorChange } from "../src/outbox/mirror";
import type { OutboxEntry } from "../src/outbox/types";
import { fakeTransport, sale } from "./fakes";

/** A browser tab: its own connection to the shared database, its mirror, its end of the channel. */
async function openTab(name: string, options: { deaf?: boolean; mute?: boolean } = {}) {
  const store = await IndexedDbOutbox.open(name);
  const channel = new BroadcastChannel(name);
  const heard: Promise<void>[] = [];
  const read = vi.spyOn(store, "read");
  const all = vi.spyOn(store, "all");
  const mirror = await OutboxMirror.open(store, { post: options.mute ? undefined : (message) => channel.postMessage(message) });
  if (!options.deaf) channel.onmessage = (event: MessageEvent) => heard.push(mirror.heard(event.data));
  const changes: MirrorChange[] = [];
  mirror.subscribe((change) => changes.push(change));
  return {
    store,
    mirror,
    read,
    all,
    changes,
    /** Waits until every message posted so far has been heard and read. */
    settled: async () => {
      for (let n = 0; n < 5; n++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await Promise.all(heard);
      }
    },
    close: () => {
      channel.close();
      mirror.close();
      store.close();
    },
  };
}

/** What the store holds, as the mirror should show it. */
const stored = async (store: IndexedDbOutbox) => (await store.all()).map(({ seq, externalId, status }) => ({ seq, externalId, status }));
const shown = (entries: readonly OutboxEntry[]) => entries.map(({ seq, externalId, status }) => ({ seq, externalId, status }));

describe("OutboxMirror", () => {
  it("keeps a tab's own writes without reading the outbox back (issue 21: a sale read back all 10,000 queued)", async () => {
    const tab = await openTab(randomUUID());
    await tab.store.append(Array.from({ length: 300 }, () => sale()));
    await tab.mirror.heard("change"); // an older tab's message: read whole once more
    tab.read.mockClear();
    const engine = new SyncEngine({ outbox: tab.mirror, transport: fakeTransport().transport });

    const [a, b] = [sale(), sale()];
    await engine.enqueue(a);
    // In the mirror once enqueue resolves, counted, with the entry as stored.
    expect(tab.mirror.entries.at(-1)).toMatchObject({ externalId: a.externalId, status: "pending", seq: 301 });
    expect(await engine.status()).toMatchObject({ pending: 301, synced: 0 });
    await engine.enqueue(b);
    const change = tab.changes.at(-1)!;
    expect(change.reset).toBe(false);
    expect(change.changed).toEqual([{ before: undefined, after: expect.objectContaining({ externalId: b.externalId }) }]);

    await engine.drain();
    expect(await engine.status()).toMatchObject({ pending: 0, synced: 302, lastSyncedAt: expect.any(Date) });
    // Nothing was read back: no whole read and no read of changes (there was no other tab).
    expect(tab.read).not.toHaveBeenCalled();
    expect(tab.all).not.toHaveBeenCalled();
    expect(shown(tab.mirror.entries)).toEqual(await stored(tab.store));
    tab.close();
  });

  it("requeues, discards and prunes in step with the store", async () => {
    const tab = await openTab(randomUUID());
    const [a, b, c] = [sale(), sale(), sale()];
    await tab.mirror.append([a, b, c]);
    await tab.mirror.settle(
      [
        { externalId: a.externalId, status: "synced", saleId: 1, replayed: false },
        { externalId: b.externalId, status: "rejected", rejection: { code: "X", message: "no" } },
        { externalId: c.externalId, status: "rejected", rejection: { code: "X", message: "no" } },
      ],
      new Date("2026-01-01T00:00:00Z"),
    );
    expect((await tab.mirror.rejected()).map((entry) => entry.externalId)).toEqual([b.externalId, c.externalId]);
    await tab.mirror.requeue([b.externalId]);
    await tab.mirror.discard(c.externalId, "broken", new Date());
    expect(await tab.mirror.counts()).toEqual({ pending: 1, synced: 1, rejected: 0, discarded: 1 });
    expect(await tab.mirror.prune(new Date("2026-12-01T00:00:00Z"), 30)).toBe(1);
    expect(shown(tab.mirror.entries)).toEqual(await stored(tab.store));
    expect(await tab.mirror.counts()).toEqual(await tab.store.counts());
    expect(tab.changes.at(-1)!.changed).toEqual([{ before: expect.objectContaining({ externalId: a.externalId }), after: undefined }]);
    tab.close();
  });

  it("shows another tab's writes, reading only what changed", async () => {
    const name = randomUUID();
    const [one, two] = [await openTab(name), await openTab(name)];
    await one.store.append(Array.from({ length: 50 }, () => sale()));
    await two.settled();
    two.read.mockClear();

    const engine = new SyncEngine({ outbox: two.mirror, transport: fakeTransport().transport, batchSize: 20 });
    await engine.enqueue(sale());
    await engine.drain();
    await Promise.all([one.settled(), two.settled()]);
    expect(shown(one.mirror.entries)).toEqual(await stored(one.store));
    expect(shown(two.mirror.entries)).toEqual(shown(one.mirror.entries));
    expect(await one.mirror.counts()).toEqual({ pending: 0, synced: 51, rejected: 0, discarded: 0 });
    expect(await one.mirror.lastSyncedAt()).toEqual(await one.store.lastSyncedAt());
    // Tab two wrote everything itself: it read nothing back. Tab one read the seqs named, never the whole outbox again.
    expect(two.read).not.toHaveBeenCalled();
    for (const [after, seqs] of one.read.mock.calls.slice(1)) expect(after === 50 || (seqs?.length ?? 0) <= 20).toBe(true);
    expect(one.read.mock.calls.slice(1).every(([after]) => after > 0)).toBe(true);

    // A prune in one tab leaves the other.
    await one.mirror.prune(new Date(Date.now() + 365 * 86_400_000), 1);
    await two.settled();
    expect(two.mirror.entries).toEqual([]);
    one.close();
    two.close();
  });

  it("catches up after a message that never came: a gap before its own append, or a count that differs", async () => {
    const name = randomUUID();
    const [one, mute] = [await openTab(name), await openTab(name, { mute: true })];
    await mute.store.append([sale()]); // seq 1, unannounced
    await one.mirror.append([sale()]); // seq 2: one sees it follows a seq it never saw
    await one.settled();
    expect(shown(one.mirror.entries)).toEqual(await stored(one.store));

    await mute.store.settle([{ externalId: (await mute.store.all())[0]!.externalId, status: "synced", replayed: false }], new Date());
    expect(await one.mirror.verify()).toBe(false);
    expect(shown(one.mirror.entries)).toEqual(await stored(one.store));
    expect(await one.mirror.verify()).toBe(true);
    one.close();
    mute.close();
  });

  it("stays equal to the store while two tabs queue, drain, requeue and discard at once", async () => {
    const name = randomUUID();
    const tabs = [await openTab(name), await openTab(name)];
    const lock = memoryLock();
    let call = 0;
    // Every 7th sale is rejected: some are retried, some discarded.
    const { transport } = fakeTransport((sales) =>
      sales.map((s) =>
        ++call % 7 === 0
          ? { externalId: s.externalId, status: "rejected", error: { code: "X", message: "no" } }
          : { externalId: s.externalId, status: "created", saleId: call },
      ),
    );
    const engines = tabs.map((tab) => new SyncEngine({ outbox: tab.mirror, transport, lock, batchSize: 7 }));
    const work: Promise<unknown>[] = [];
    for (let n = 0; n < 120; n++) {
      const engine = engines[n % 2]!;
      work.push(engine.enqueue(sale()));
      if (n % 5 === 0) work.push(engine.drain());
      if (n % 17 === 0) work.push(engine.retryRejected());
      if (n % 23 === 0) {
        const rejected = await tabs[n % 2]!.mirror.rejected();
        if (rejected[0]) work.push(engine.discardRejected(rejected[0].externalId, "test").catch(() => undefined));
      }
      if (n % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(work);
    await Promise.all(engines.map((engine) => engine.drain()));
    await Promise.all(tabs.map((tab) => tab.settled()));
    const truth = await stored(tabs[0]!.store);
    for (const tab of tabs) {
      expect(shown(tab.mirror.entries)).toEqual(truth);
      expect(await tab.mirror.counts()).toEqual(await tab.store.counts());
      expect(await tab.mirror.verify()).toBe(true);
    }
    for (const tab of tabs) tab.close();
  });

  it("ignores messages that are not its own format by reading everything again", async () => {
    const tab = await openTab(randomUUID());
    await tab.store.append([sale()]);
    await tab.mirror.heard({ kind: "tillsync-outbox", seqs: ["x"] });
    expect(tab.changes.at(-1)!.reset).toBe(true);
    expect(tab.mirror.entries).toHaveLength(1);
    tab.close();
  });
});
