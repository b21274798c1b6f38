import "fake-indexeddb/auto";

import { randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { openDB } from "idb";
import { afterEach, describe, expect, it, vi } from "vitest";

import { SyncEngine } from "../src/engine";
import { drainLock, leaseLock } from "../src/lock";
import { IndexedDbOutbox } from "../src/outbox/indexeddb";
import { fakeTransport, sale } from "./fakes";

const srcDir = fileURLToPath(new URL("../src", import.meta.url));

afterEach(() => {
  vi.unstubAllGlobals();
});

// Issue 15, item 8: a page on http://till.lan is not a secure context: no navigator.locks.
describe("the drain lock without Web Locks (IndexedDB lease)", () => {
  it("lets one of two tabs drain a shared outbox; the other stands aside; every sale goes once", async () => {
    const name = randomUUID();
    const database = randomUUID();
    const fake = fakeTransport();
    // Two tabs: each its own connection to the outbox and to the lease database.
    const tabs = await Promise.all(
      [1, 2].map(
        async () =>
          new SyncEngine({ outbox: await IndexedDbOutbox.open(name), transport: fake.transport, lock: leaseLock("drain", { database }), batchSize: 2 }),
      ),
    );
    const outbox = await IndexedDbOutbox.open(name);
    const sales = Array.from({ length: 10 }, () => sale());
    await outbox.append(sales);

    const results = await Promise.all(tabs.map((tab) => tab.drain()));

    expect(results.map((r) => r.outcome).sort()).toEqual(["busy", "drained"]);
    expect(fake.state.maxInFlight).toBe(1);
    expect(fake.calls.flat()).toEqual(sales.map((s) => s.externalId));
    // Released: the next drain (either tab) gets it.
    expect((await tabs[1]!.drain()).outcome).toBe("drained");
  });

  it("frees the lock of a tab that died holding it once its lease expires", async () => {
    const database = randomUUID();
    const db = await openDB(database, 1, { upgrade: (d) => void d.createObjectStore("leases") });
    await db.put("leases", { holder: "a closed tab", expiresAt: Date.now() + 150 }, "drain");
    db.close();
    const lock = leaseLock("drain", { database, ttlMs: 1_000 });

    expect(await lock.tryRun(async () => "ran")).toEqual({ acquired: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await lock.tryRun(async () => "ran")).toEqual({ acquired: true, value: "ran" });
  });

  it("tells the holder when its lease was taken over (it stalled past the expiry)", async () => {
    const database = randomUUID();
    const stalled = leaseLock("drain", { database, ttlMs: 60, renewMs: 200 });
    const other = leaseLock("drain", { database, ttlMs: 60_000 });

    const run = stalled.tryRun(async (lost) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await other.tryRun(async () => "took over")).toEqual({ acquired: true, value: "took over" });
      await new Promise((resolve) => lost.addEventListener("abort", resolve, { once: true }));
      return lost.aborted;
    });

    expect(await run).toEqual({ acquired: true, value: true });
  });

  it("drainLock() uses Web Locks where the browser has them and says when it is degraded", async () => {
    vi.stubGlobal("navigator", {});
    expect(drainLock()).toMatchObject({ mechanism: "indexeddb-lease", degraded: true });

    const request = vi.fn(async (_name: string, _options: unknown, fn: (lock: unknown) => Promise<unknown>) => fn({}));
    vi.stubGlobal("navigator", { locks: { request } });
    const lock = drainLock("tillsync-outbox-drain-7");
    expect(lock).toMatchObject({ mechanism: "web-locks", degraded: false });
    expect(await lock.tryRun(async () => 1)).toEqual({ acquired: true, value: 1 });
    expect(request).toHaveBeenCalledWith("tillsync-outbox-drain-7", { ifAvailable: true }, expect.any(Function));
  });

  it("nothing in packages/sync needs a secure context", async () => {
    const sources = await readdir(srcDir, { recursive: true });
    const secureOnly = /crypto\.randomUUID|crypto\.subtle|serviceWorker|navigator\.storage|navigator\.clipboard/;
    for (const file of sources.filter((path) => path.endsWith(".ts"))) {
      const text = (await readFile(join(srcDir, file), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(secureOnly.exec(text)?.[0], file).toBeUndefined();
      // Web Locks only behind the check in drainLock(), or in webLock() which callers pick knowingly.
      if (file !== "lock.ts") expect(text, file).not.toMatch(/navigator\.locks/);
    }
  });
});
