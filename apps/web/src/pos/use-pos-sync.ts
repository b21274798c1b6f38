"use client";

import type { OutboxPayload } from "@tillsync/validators";
import { createTillsyncClient, drainLock, IndexedDbOutbox, SyncEngine, trpcTransport, type OutboxEntry, type SyncStatus } from "@tillsync/sync/browser";
import { useCallback, useEffect, useRef, useState } from "react";

/** How often a till with pending sales tries again on its own (besides charge and `online`). */
const PERIODIC_MS = 15_000;
/** A till retries for ever, but never waits longer than this between tries. */
const BACKOFF = { baseMs: 1_000, maxMs: 60_000 };

export interface PosSync {
  ready: boolean;
  status: SyncStatus | null;
  rejected: OutboxEntry[];
  /** Sales not sent yet (pending), in queue order: the till counts them off its stock figures. */
  pending: OutboxEntry[];
  /**
   * Every entry of the outbox in queue order (sales, refunds, drawer events; any status): the
   * till's record of its drawer sessions and of the sales it can refund (money.ts).
   */
  entries: OutboxEntry[];
  /** True when the server said the session is gone (401/403): sign in again to sync. */
  halted: boolean;
  /** Whether the browser agreed to keep the outbox when storage runs low. */
  persisted: boolean | null;
  /** The outbox could not be read or written (IndexedDB failed): sales may not be safe. */
  storageError: string | null;
  /** Durably queues a sale, refund or drawer event; resolves once it is in IndexedDB. */
  enqueue: (payload: OutboxPayload) => Promise<void>;
  syncNow: () => void;
  /** Puts rejected sales back in the queue, in their old place, and tries at once. */
  retry: (externalIds: string[]) => Promise<void>;
  /**
   * Discards a rejected sale with a reason, online or offline (DESIGN.md §7, §8): marked on
   * this till at once, its record queued and sent like a sale, flagged for a manager's review
   * on the server unless one is at the till. `cashierId`: who is at the till.
   */
  discard: (externalId: string, reason: string, cashierId?: string) => Promise<void>;
  /** Every sale not on the server (pending or rejected), in queue order. */
  unsent: () => Promise<OutboxEntry[]>;
}

/** Enough for any till: `pending(limit)` wants a bound, the export wants them all. */
const ALL = 1_000_000;

/**
 * The till's outbox and sync engine (packages/sync): one IndexedDB outbox per shop shared
 * by every tab, drained by one tab at a time under `drainLock` (Web Locks, or a fallback
 * where the page is not a secure context, e.g. http://<pc-name>:3000), through same-origin
 * `sale.sync` with the cashier's session cookie. Tabs tell each other about changes on
 * a BroadcastChannel so every open POS shows the same counts. Synced sales older than
 * `retentionDays` (the shop's setting) leave this browser when the outbox opens and whenever
 * the setting changes.
 */
export function usePosSync(shopId: number | null, retentionDays: number): PosSync {
  const engineRef = useRef<SyncEngine | null>(null);
  const outboxRef = useRef<IndexedDbOutbox | null>(null);
  const drainRef = useRef<{ controller: AbortController; done: Promise<void> } | null>(null);
  /** The running drain sleeps before its next try. */
  const waitingRef = useRef(false);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [rejected, setRejected] = useState<OutboxEntry[]>([]);
  const [pending, setPending] = useState<OutboxEntry[]>([]);
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [halted, setHalted] = useState(false);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [ready, setReady] = useState(false);
  const [storageError, setStorageError] = useState<string | null>(null);
  /**
   * The outbox read once per change: its pending entries are taken from the same read (in
   * queue order, as `pending()` gives them) rather than a second read of the store, which with
   * 10,000 sales queued cost as much again on every sale (docs/benchmarks.md, "The till").
   */
  const showEntries = useCallback((all: OutboxEntry[]) => {
    setEntries(all);
    setPending(all.filter((entry) => entry.status === "pending"));
  }, []);

  const refresh = useCallback(async () => {
    const engine = engineRef.current;
    const outbox = outboxRef.current;
    if (!engine || !outbox) return;
    const [next, list, all] = await Promise.all([engine.status(), engine.rejectedSales(), outbox.all()]);
    setStatus(next);
    setRejected(list);
    showEntries(all);
  }, [showEntries]);

  /**
   * Starts a drain unless one is running. With `interrupt`, a drain that waits out a
   * backoff is stopped and started again: on `online`, a new sale or a tap on "Sync now"
   * the till tries at once; the periodic tick never cuts a backoff short. A drain that is
   * busy sending is left alone: it reads the queue again until it is empty.
   */
  const startDrain = useCallback((interrupt: boolean) => {
    const engine = engineRef.current;
    if (!engine || !navigator.onLine) return;
    const previous = drainRef.current;
    if (previous && !(interrupt && waitingRef.current)) return;
    const controller = new AbortController();
    const run = { controller, done: Promise.resolve() };
    run.done = (async () => {
      if (previous) {
        previous.controller.abort();
        await previous.done;
      }
      if (controller.signal.aborted) return;
      try {
        const result = await engine.drain({ signal: controller.signal });
        if (result.outcome === "halted") setHalted(true);
        if (result.outcome === "drained") setHalted(false);
        setStorageError(null);
      } catch (error) {
        // The network's failures are the engine's to retry; what reaches here is IndexedDB's.
        if (!controller.signal.aborted) setStorageError(error instanceof Error ? error.message : String(error));
      }
    })().finally(() => {
      if (drainRef.current === run) drainRef.current = null;
    });
    drainRef.current = run;
  }, []);
  const syncNow = useCallback(() => startDrain(true), [startDrain]);

  useEffect(() => {
    if (shopId === null) return;
    let closed = false;
    let outbox: IndexedDbOutbox | undefined;
    const channel = new BroadcastChannel(`tillsync-outbox-${shopId}`);
    channel.onmessage = () => void refresh();
    const onOnline = () => syncNow();
    const timer = setInterval(() => startDrain(false), PERIODIC_MS);

    void (async () => {
      const opened = await IndexedDbOutbox.open(`tillsync-outbox-${shopId}`);
      if (closed) return opened.close();
      outbox = opened;
      const client = createTillsyncClient({ url: window.location.origin });
      const engine = new SyncEngine({
        outbox,
        transport: trpcTransport(client),
        lock: drainLock(`tillsync-outbox-drain-${shopId}`),
        backoff: BACKOFF,
      });
      engine.events.on("change", (next) => {
        waitingRef.current = next.nextRetryAt !== null;
        setStatus(next);
        channel.postMessage("change");
        void engine.rejectedSales().then(setRejected);
        void opened.all().then(showEntries);
      });
      engineRef.current = engine;
      outboxRef.current = opened;
      setReady(true);
      await refresh();
      if (closed) return;
      window.addEventListener("online", onOnline);
      syncNow();
    })();
    void navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));

    return () => {
      closed = true;
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      drainRef.current?.controller.abort();
      channel.close();
      engineRef.current = null;
      outboxRef.current = null;
      setReady(false);
      outbox?.close();
    };
  }, [shopId, refresh, syncNow, startDrain, showEntries]);

  useEffect(() => {
    const outbox = outboxRef.current;
    if (!ready || !outbox) return;
    // Synced sales past the shop's retention (shown in the sync panel) leave this browser;
    // a failure here costs only space, never a sale.
    void outbox
      .prune(new Date(), retentionDays)
      .catch(() => 0)
      .then((dropped) => (dropped > 0 ? refresh() : undefined));
  }, [ready, retentionDays, refresh]);

  const enqueue = useCallback(
    async (payload: OutboxPayload) => {
      const engine = engineRef.current;
      if (!engine) throw new Error("The till is still opening its outbox");
      await engine.enqueue(payload);
      syncNow();
    },
    [syncNow],
  );

  /** The open engine; the engine's own `change` event tells this tab and the others. */
  const openEngine = useCallback(() => {
    const engine = engineRef.current;
    if (!engine) throw new Error("The till is still opening its outbox");
    return engine;
  }, []);

  const retry = useCallback(
    async (externalIds: string[]) => {
      await openEngine().retryRejected(externalIds);
      syncNow();
    },
    [openEngine, syncNow],
  );

  const discard = useCallback(
    async (externalId: string, reason: string, cashierId?: string) => {
      await openEngine().discardRejected(externalId, reason, cashierId === undefined ? {} : { cashierId });
      syncNow();
    },
    [openEngine, syncNow],
  );

  const unsent = useCallback(async () => {
    const outbox = outboxRef.current;
    if (!outbox) throw new Error("The till is still opening its outbox");
    const [pending, rejectedNow] = await Promise.all([outbox.pending(ALL), outbox.rejected()]);
    return [...pending, ...rejectedNow].sort((a, b) => a.seq - b.seq);
  }, []);

  return { ready, status, rejected, pending, entries, halted, persisted, storageError, enqueue, syncNow, retry, discard, unsent };
}
