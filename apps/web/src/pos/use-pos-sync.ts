"use client";

import type { OutboxPayload } from "@tillsync/validators";
import {
  createTillsyncClient,
  drainLock,
  IndexedDbOutbox,
  OutboxMirror,
  SyncEngine,
  trpcTransport,
  type OutboxEntry,
  type SyncStatus,
} from "@tillsync/sync/browser";
import { startTransition, useCallback, useEffect, useRef, useState } from "react";

import { PendingStock } from "./pending-stock";
import { storageMessage } from "./storage-error";

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
  entries: readonly OutboxEntry[];
  /**
   * What pending sales take from stock, kept a sale at a time (pending-stock.ts useStockLeft);
   * `stockVersion` changes whenever it does.
   */
  pendingStock: PendingStock;
  stockVersion: number;
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

/** The outbox as the till shows it: one snapshot of the mirror. */
interface Shown {
  entries: readonly OutboxEntry[];
  pending: OutboxEntry[];
  rejected: OutboxEntry[];
  stockVersion: number;
}
const NOTHING_SHOWN: Shown = { entries: [], pending: [], rejected: [], stockVersion: 0 };

/**
 * The till's outbox and sync engine (packages/sync): one IndexedDB outbox per shop shared
 * by every tab, drained by one tab at a time under `drainLock` (Web Locks, or a fallback
 * where the page is not a secure context, e.g. http://<pc-name>:3000), through same-origin
 * `sale.sync` with the cashier's session cookie. The outbox is read whole once and then kept
 * in memory (OutboxMirror): this tab's writes patch it as they commit; other tabs name what
 * they wrote on a BroadcastChannel and only that is read, so every open POS shows the same
 * counts without reading 10,000 queued sales after each sale (issue 21). What the screen
 * derives from it is updated as a transition, after "Sale saved" is drawn. Synced sales
 * older than `retentionDays` (the shop's setting) leave this browser when the outbox opens
 * and whenever the setting changes.
 */
export function usePosSync(shopId: number | null, retentionDays: number): PosSync {
  const engineRef = useRef<SyncEngine | null>(null);
  const outboxRef = useRef<OutboxMirror | null>(null);
  const storeRef = useRef<IndexedDbOutbox | null>(null);
  const [pendingStock] = useState(() => new PendingStock());
  const drainRef = useRef<{ controller: AbortController; done: Promise<void> } | null>(null);
  /** The running drain sleeps before its next try. */
  const waitingRef = useRef(false);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [shown, setShown] = useState<Shown>(NOTHING_SHOWN);
  const [halted, setHalted] = useState(false);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [ready, setReady] = useState(false);
  const [storageError, setStorageError] = useState<string | null>(null);
  /** Shows the mirror as it is now (no read of the store); a transition, so a sale's "Sale saved" is drawn first. */
  const show = useCallback(
    (mirror: OutboxMirror, engine: SyncEngine) => {
      const entries = mirror.entries;
      const next: Shown = {
        entries,
        pending: entries.filter((entry) => entry.status === "pending"),
        rejected: entries.filter((entry) => entry.status === "rejected"),
        stockVersion: pendingStock.version,
      };
      void engine.status().then((status) =>
        startTransition(() => {
          setShown(next);
          setStatus(status);
        }),
      );
    },
    [pendingStock],
  );

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
        if (!controller.signal.aborted) setStorageError(storageMessage(error));
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
    let mirror: OutboxMirror | undefined;
    const channel = new BroadcastChannel(`tillsync-outbox-${shopId}`);
    const failed = (error: unknown) => setStorageError(storageMessage(error));
    // Another tab wrote: read what it names (a tab of an older build says only "change": read all).
    // Messages that come while the outbox is being read first are kept and read after it.
    const early: unknown[] = [];
    channel.onmessage = (event: MessageEvent) => {
      if (mirror) void mirror.heard(event.data).catch(failed);
      else early.push(event.data);
    };
    const onOnline = () => syncNow();
    const timer = setInterval(() => {
      startDrain(false);
      // A tab that closed between its write and its message leaves counts that differ: read all again.
      void mirror?.verify().catch(failed);
    }, PERIODIC_MS);

    void (async () => {
      const opened = await IndexedDbOutbox.open(`tillsync-outbox-${shopId}`);
      if (closed) return opened.close();
      outbox = opened;
      const kept = await OutboxMirror.open(opened, { post: (message) => channel.postMessage(message) });
      if (closed) return kept.close();
      mirror = kept;
      for (const data of early.splice(0)) void kept.heard(data).catch(failed);
      const client = createTillsyncClient({ url: window.location.origin });
      const engine = new SyncEngine({
        outbox: kept,
        transport: trpcTransport(client),
        lock: drainLock(`tillsync-outbox-drain-${shopId}`),
        backoff: BACKOFF,
      });
      pendingStock.apply({ reset: true, changed: [] }, kept.entries);
      kept.subscribe((change) => {
        pendingStock.apply(change, kept.entries);
        show(kept, engine);
      });
      engine.events.on("change", (next) => {
        waitingRef.current = next.nextRetryAt !== null;
        startTransition(() => setStatus(next));
      });
      engineRef.current = engine;
      outboxRef.current = kept;
      storeRef.current = opened;
      setReady(true);
      show(kept, engine);
      window.addEventListener("online", onOnline);
      syncNow();
    })().catch(failed);
    void navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));

    return () => {
      closed = true;
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      drainRef.current?.controller.abort();
      channel.close();
      engineRef.current = null;
      outboxRef.current = null;
      storeRef.current = null;
      setReady(false);
      mirror?.close();
      outbox?.close();
    };
  }, [shopId, syncNow, startDrain, show, pendingStock]);

  useEffect(() => {
    const outbox = outboxRef.current;
    if (!ready || !outbox) return;
    // Synced sales past the shop's retention (shown in the sync panel) leave this browser (the
    // mirror follows, and tells the other tabs); a failure here costs only space, never a sale.
    void outbox.prune(new Date(), retentionDays).catch(() => 0);
  }, [ready, retentionDays]);

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
    // From the store itself: the file is what is on disk.
    const outbox = storeRef.current;
    if (!outbox) throw new Error("The till is still opening its outbox");
    const [pending, rejectedNow] = await Promise.all([outbox.pending(ALL), outbox.rejected()]);
    return [...pending, ...rejectedNow].sort((a, b) => a.seq - b.seq);
  }, []);

  const { entries, pending, rejected, stockVersion } = shown;
  return {
    ready,
    status,
    rejected,
    pending,
    entries,
    pendingStock,
    stockVersion,
    halted,
    persisted,
    storageError,
    enqueue,
    syncNow,
    retry,
    discard,
    unsent,
  };
}
