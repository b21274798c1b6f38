import { randomUUID } from "node:crypto";

import type { SyncResult } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { backoffDelay } from "../src/backoff";
import { SyncEngine, type SyncEngineOptions } from "../src/engine";
import { memoryLock } from "../src/lock";
import { MemoryOutbox } from "../src/outbox/memory";
import { payloadKind } from "../src/outbox/types";
import { classifyFailure, parseRetryAfter, TransportError } from "../src/transport";
import { created, fakeTransport, sale } from "./fakes";

// Millisecond backoff keeps these tests fast; the arithmetic is checked on its own below.
const fast = { backoff: { baseMs: 1, maxMs: 5 } };

function engineWith(transport: SyncEngineOptions["transport"], options: Partial<SyncEngineOptions> = {}) {
  const outbox = new MemoryOutbox();
  return { outbox, engine: new SyncEngine({ outbox, transport, ...fast, ...options }) };
}

describe("SyncEngine", () => {
  it("sends queued sales oldest first, in batches, and counts them synced", async () => {
    const fake = fakeTransport();
    const { engine } = engineWith(fake.transport, { batchSize: 3 });
    const sales = Array.from({ length: 7 }, () => sale());
    await engine.enqueue(...sales);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(fake.calls).toEqual([sales.slice(0, 3), sales.slice(3, 6), sales.slice(6)].map((batch) => batch.map((s) => s.externalId)));
    const status = await engine.status();
    expect(status).toMatchObject({ pending: 0, synced: 7, rejected: 0, draining: false, lastError: null });
    expect(status.lastSyncedAt).toBeInstanceOf(Date);
  });

  it("queues a sale once, however often it is enqueued", async () => {
    const { engine } = engineWith(fakeTransport().transport);
    const one = sale();
    expect(await engine.enqueue(one, one)).toBe(1);
    expect(await engine.enqueue(one)).toBe(0);
    expect((await engine.status()).pending).toBe(1);
  });

  it.each([
    ["a network error", new TransportError("fetch failed")],
    ["503", new TransportError("unavailable", { status: 503 })],
    ["409", new TransportError("conflict", { status: 409 })],
    ["429", new TransportError("slow down", { status: 429 })],
  ])("retries the same batch after %s, with growing backoff", async (_, failure) => {
    const fake = fakeTransport((sales, call) => {
      if (call <= 3) throw failure;
      return created(sales);
    });
    const { engine } = engineWith(fake.transport, { random: () => 1, backoff: { baseMs: 2, maxMs: 100 } });
    const retries: number[] = [];
    engine.events.on("retry", ({ delayMs }) => retries.push(delayMs));
    const sales = [sale(), sale()];
    await engine.enqueue(...sales);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(fake.calls).toHaveLength(4);
    expect(new Set(fake.calls.map((ids) => ids.join()))).toEqual(new Set([sales.map((s) => s.externalId).join()]));
    expect(retries).toEqual([2, 4, 8]);
    expect(await engine.status()).toMatchObject({ synced: 2, lastError: null, nextRetryAt: null });
  });

  it("waits at least as long as Retry-After says", async () => {
    const fake = fakeTransport((sales, call) => {
      if (call === 1) throw new TransportError("slow down", { status: 429, retryAfterMs: 60 });
      return created(sales);
    });
    const { engine } = engineWith(fake.transport);
    const retries: number[] = [];
    engine.events.on("retry", ({ delayMs }) => retries.push(delayMs));
    await engine.enqueue(sale());
    const started = Date.now();

    await engine.drain();

    expect(retries).toEqual([60]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("keeps a rejected sale with its reason and goes on with the ones after it", async () => {
    const [first, bad, last] = [sale(), sale(), sale()];
    const fake = fakeTransport((sales) =>
      sales.map((s, index) =>
        s.externalId === bad.externalId
          ? { externalId: s.externalId, status: "rejected" as const, error: { code: "PRODUCT_NOT_FOUND", message: "Product 1 not found" } }
          : { externalId: s.externalId, status: "created" as const, saleId: index + 1 },
      ),
    );
    const { engine } = engineWith(fake.transport);
    const rejectedEvents: string[] = [];
    engine.events.on("rejected", (entries) => rejectedEvents.push(...entries.map((e) => e.externalId)));
    await engine.enqueue(first, bad, last);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(await engine.status()).toMatchObject({ pending: 0, synced: 2, rejected: 1 });
    expect(await engine.rejectedSales()).toEqual([
      expect.objectContaining({ externalId: bad.externalId, rejection: { code: "PRODUCT_NOT_FOUND", message: "Product 1 not found" } }),
    ]);
    expect(rejectedEvents).toEqual([bad.externalId]);
    // Not sent again on the next drain.
    await engine.drain();
    expect(fake.calls).toHaveLength(1);
  });

  it.each([400, 404, 422])("halts on %s for the whole call and rejects no sale (it is no sale's fault)", async (status) => {
    const sales = [sale(), sale(), sale(), sale()];
    const fake = fakeTransport(() => {
      throw new TransportError("Unprocessable", { status, code: "IDEMPOTENCY_KEY_REUSED" });
    });
    const { engine } = engineWith(fake.transport);
    await engine.enqueue(...sales);

    expect((await engine.drain()).outcome).toBe("halted");

    expect(fake.calls).toEqual([sales.map((s) => s.externalId)]);
    expect(await engine.status()).toMatchObject({ pending: 4, synced: 0, rejected: 0 });
  });

  it("stops on 401 without rejecting anything", async () => {
    const fake = fakeTransport(() => {
      throw new TransportError("Unauthorized", { status: 401 });
    });
    const { engine } = engineWith(fake.transport);
    await engine.enqueue(sale());

    const result = await engine.drain();

    expect(result.outcome).toBe("halted");
    expect(fake.calls).toHaveLength(1);
    expect(await engine.status()).toMatchObject({ pending: 1, rejected: 0, lastError: "Unauthorized" });
  });

  it("gives up after maxAttempts failures in a row, keeping the sales pending", async () => {
    const fake = fakeTransport(() => {
      throw new TransportError("bad gateway", { status: 502 });
    });
    const { engine } = engineWith(fake.transport, { maxAttempts: 3 });
    await engine.enqueue(sale());

    expect((await engine.drain()).outcome).toBe("gave-up");
    expect(fake.calls).toHaveLength(3);
    expect((await engine.status()).pending).toBe(1);
  });

  it("stops waiting for a retry when the signal aborts", async () => {
    const fake = fakeTransport(() => {
      throw new TransportError("fetch failed");
    });
    const { engine } = engineWith(fake.transport, { backoff: { baseMs: 60_000 }, random: () => 1 });
    await engine.enqueue(sale());
    const controller = new AbortController();
    engine.events.on("retry", () => controller.abort());

    await expect(engine.drain({ signal: controller.signal })).resolves.toEqual({ outcome: "stopped" });
    expect((await engine.status()).nextRetryAt).toBeInstanceOf(Date);
  });

  it("runs one drain at a time: concurrent calls share it", async () => {
    const fake = fakeTransport();
    const { engine } = engineWith(fake.transport, { batchSize: 2 });
    await engine.enqueue(...Array.from({ length: 10 }, () => sale()));

    const [a, b, c] = [engine.drain(), engine.drain(), engine.drain()];

    expect(a).toBe(b);
    expect(b).toBe(c);
    await a;
    expect(fake.state.maxInFlight).toBe(1);
    expect(fake.calls.flat()).toHaveLength(10);
  });

  it("lets one engine drain a shared outbox while another holding the same lock stands aside", async () => {
    const fake = fakeTransport();
    const outbox = new MemoryOutbox();
    const lock = memoryLock();
    const tabs = [
      new SyncEngine({ outbox, transport: fake.transport, lock, batchSize: 2 }),
      new SyncEngine({ outbox, transport: fake.transport, lock, batchSize: 2 }),
    ];
    const sales = Array.from({ length: 10 }, () => sale());
    await outbox.append(sales);

    const results = await Promise.all(tabs.map((tab) => tab.drain()));

    expect(results.map((r) => r.outcome).sort()).toEqual(["busy", "drained"]);
    expect(fake.state.maxInFlight).toBe(1);
    expect(fake.calls.flat()).toEqual(sales.map((s) => s.externalId));
  });

  it("reports changes for the UI", async () => {
    const { engine } = engineWith(fakeTransport().transport, { batchSize: 1 });
    const seen: number[] = [];
    engine.events.on("change", (status) => seen.push(status.synced));
    await engine.enqueue(sale(), sale());
    await engine.drain();
    expect(seen).toContain(1);
    expect(seen.at(-1)).toBe(2);
  });

  it("sends rejected sales again when staff retry them, in their old place in the queue", async () => {
    const [first, bad, last] = [sale(), sale(), sale()];
    let fixed = false;
    const fake = fakeTransport((sales) =>
      sales.map((s, index) =>
        s.externalId === bad.externalId && !fixed
          ? { externalId: s.externalId, status: "rejected" as const, error: { code: "PRODUCT_NOT_FOUND", message: "Product 1 not found" } }
          : { externalId: s.externalId, status: "created" as const, saleId: index + 1 },
      ),
    );
    const { engine } = engineWith(fake.transport);
    await engine.enqueue(first, bad);
    await engine.drain();
    await engine.enqueue(last);
    fixed = true;

    expect(await engine.retryRejected()).toBe(1);
    expect(await engine.status()).toMatchObject({ pending: 2, rejected: 0 });
    await engine.drain();

    expect(fake.calls.at(-1)).toEqual([bad.externalId, last.externalId]);
    expect(await engine.status()).toMatchObject({ pending: 0, synced: 3, rejected: 0 });
  });

  it("discards a rejected sale offline by queueing a discard that carries the sale, and sends it on the next drain", async () => {
    const bad = sale();
    let online = true;
    const fake = fakeTransport((sales) => {
      if (!online) throw new TypeError("fetch failed");
      return sales.map((s) =>
        s.type === "discard"
          ? { externalId: s.externalId, status: "created" as const, discardId: 7 }
          : { externalId: s.externalId, status: "rejected" as const, error: { code: "PRODUCT_NOT_FOUND", message: "gone" } },
      );
    });
    const { engine, outbox } = engineWith(fake.transport, { maxAttempts: 1 });
    await engine.enqueue(bad);
    await engine.drain();
    online = false;

    await expect(engine.discardRejected(randomUUID(), "typo")).rejects.toThrow(/not a rejected sale/);
    const discardId = await engine.discardRejected(bad.externalId, "Customer returned it", { cashierId: "cashier-1" });
    expect(await engine.status()).toMatchObject({ rejected: 0, discarded: 1, pending: 1 });
    expect((await engine.drain()).outcome).toBe("gave-up");

    online = true;
    await engine.drain();
    expect(fake.calls.at(-1)).toEqual([discardId]);
    const discard = (await outbox.all()).find((entry) => entry.externalId === discardId)!;
    expect(discard.sale).toEqual({
      type: "discard",
      externalId: discardId,
      saleExternalId: bad.externalId,
      reason: "Customer returned it",
      sale: bad,
      rejection: { code: "PRODUCT_NOT_FOUND", message: "gone" },
      cashierId: "cashier-1",
    });
    expect(discard).toMatchObject({ status: "synced", eventId: 7 });
    expect(await engine.status()).toMatchObject({ pending: 0, discarded: 1, synced: 1 });
  });

  it("marks a discarded sale synced when the server answers its discard with the recorded sale", async () => {
    const bad = sale();
    const fake = fakeTransport((sales) =>
      sales.map((s) =>
        s.type === "discard"
          ? { externalId: s.externalId, status: "replayed" as const, saleId: 42 }
          : { externalId: s.externalId, status: "rejected" as const, error: { code: "SALE_NOT_STORABLE", message: "x" } },
      ),
    );
    const { engine, outbox } = engineWith(fake.transport);
    await engine.enqueue(bad);
    await engine.drain();

    await engine.discardRejected(bad.externalId, "duplicate");
    await engine.drain();
    expect((await outbox.all()).find((entry) => entry.externalId === bad.externalId)).toMatchObject({ status: "synced", saleId: 42, replayed: true });
  });

  it("queues refunds and drawer events with sales and settles each by the id the server gives it", async () => {
    const saleEntry = sale();
    const refund = {
      type: "refund" as const,
      externalId: randomUUID(),
      originalExternalId: saleEntry.externalId,
      lines: [{ lineNo: 1, quantity: "1" }],
      reason: "Cracked",
    };
    const drawer = { type: "drawer" as const, externalId: randomUUID(), tillId: 1, sessionId: randomUUID(), kind: "open" as const, amount: "50.00" };
    const fake = fakeTransport((sales) =>
      sales.map((entry, index): SyncResult =>
        entry.type === "drawer"
          ? { externalId: entry.externalId, status: "created", eventId: 70 + index }
          : { externalId: entry.externalId, status: "created", saleId: 10 + index },
      ),
    );
    const { engine, outbox } = engineWith(fake.transport);
    await engine.enqueue(saleEntry, refund, drawer);
    expect(await outbox.pending(10)).toEqual([saleEntry, refund, drawer].map((entry) => expect.objectContaining({ sale: entry })));

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(fake.calls).toEqual([[saleEntry.externalId, refund.externalId, drawer.externalId]]);
    const synced = await outbox.all();
    expect(synced.map((entry) => [entry.status, payloadKind(entry.sale), entry.saleId, entry.eventId])).toEqual([
      ["synced", "sale", 10, undefined],
      ["synced", "refund", 11, undefined],
      ["synced", "drawer", undefined, 72],
    ]);
  });

  it("refuses a batch size sale.sync would refuse", () => {
    expect(() => engineWith(fakeTransport().transport, { batchSize: 501 })).toThrow(RangeError);
  });
});

describe("retry rules", () => {
  it.each([
    [undefined, "retry"],
    [500, "retry"],
    [503, "retry"],
    [408, "retry"],
    [409, "retry"],
    [429, "retry"],
    [400, "halt"],
    [404, "halt"],
    [413, "split"],
    [422, "halt"],
    [401, "halt"],
    [403, "halt"],
  ] as const)("HTTP %s → %s", (status, kind) => {
    expect(classifyFailure(new TransportError("x", { status }))).toBe(kind);
  });

  it("halts on an answer that is not the API's, and retries one that is a 5xx page", () => {
    expect(classifyFailure(new TransportError("x", { foreign: true }))).toBe("halt");
    expect(classifyFailure(new TransportError("x", { status: 404, foreign: true }))).toBe("halt");
    expect(classifyFailure(new TransportError("x", { status: 502, foreign: true }))).toBe("retry");
  });

  it("treats anything that is not an HTTP answer as a network error", () => {
    expect(classifyFailure(new TypeError("fetch failed"))).toBe("retry");
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(parseRetryAfter("3")).toBe(3_000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:00:10 GMT", Date.parse("2026-11-23T10:00:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("backs off exponentially with full jitter, capped", () => {
    const options = { baseMs: 1_000, maxMs: 300_000 };
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, options, () => 0.999999))).toEqual([999, 1999, 3999, 7999]);
    expect(backoffDelay(30, options, () => 0.999999)).toBe(299_999);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});
