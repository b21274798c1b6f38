import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { v4 as uuidv4 } from "uuid";

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Makes sure one drainer at a time works on an outbox shared by several engines (browser
 * tabs). Within one engine, concurrent drains already share one run. Node needs none:
 * `FileOutbox` holds a lock on its file for as long as it is open.
 *
 * Exactly-once does not rest on the lock: the server replays a sale it already has
 * (DESIGN.md §3.2). The lock keeps tabs from sending the same batches twice and keeps
 * queue order.
 */
export interface DrainLock {
  /**
   * Runs `fn` if the lock is free; never waits for another holder. `lost` aborts if the
   * lock is taken away while `fn` runs (an expired lease): `fn` should stop then.
   */
  tryRun<T>(fn: (lost: AbortSignal) => Promise<T>): Promise<LockResult<T>>;
}

/** A `DrainLock` that says how it works, so the till can tell staff when it runs degraded. */
export interface BrowserDrainLock extends DrainLock {
  mechanism: "web-locks" | "indexeddb-lease";
  /** True when Web Locks are missing (not a secure context, e.g. http://till.lan). */
  degraded: boolean;
}

const neverLost = new AbortController().signal;

/** A lock shared by engines of one JavaScript realm (tests, or several outboxes in one process). */
export function memoryLock(): DrainLock {
  let held = false;
  return {
    async tryRun(fn) {
      if (held) return { acquired: false };
      held = true;
      try {
        return { acquired: true, value: await fn(neverLost) };
      } finally {
        held = false;
      }
    },
  };
}

/** Web Locks: one drainer across every tab and worker of the origin. Secure contexts only. */
export function webLock(name = "tillsync-outbox-drain"): DrainLock {
  return {
    // The DOM typings say `request` resolves with the callback's promise; it resolves with its value.
    async tryRun<T>(fn: (lost: AbortSignal) => Promise<T>) {
      return await navigator.locks.request(name, { ifAvailable: true }, async (lock): Promise<LockResult<T>> =>
        lock ? { acquired: true, value: await fn(neverLost) } : { acquired: false },
      );
    },
  };
}

/**
 * The browser's drain lock: Web Locks where the browser has them, else an IndexedDB lease
 * (`leaseLock`), which works on plain http from a LAN name, where a page is not a secure
 * context and `navigator.locks` is undefined (issue 15, item 8).
 */
export function drainLock(name = "tillsync-outbox-drain"): BrowserDrainLock {
  if (typeof navigator !== "undefined" && navigator.locks) return { ...webLock(name), mechanism: "web-locks", degraded: false };
  return { ...leaseLock(name), mechanism: "indexeddb-lease", degraded: true };
}

interface LeaseSchema extends DBSchema {
  leases: { key: string; value: { holder: string; expiresAt: number } };
}

export interface LeaseOptions {
  /** A holder that stops renewing (a closed or crashed tab) loses the lease after this long (default 30 s). */
  ttlMs?: number;
  /** The holder renews this often while it runs (default ttlMs / 3). */
  renewMs?: number;
  /** The database that keeps the leases (default "tillsync-locks"). */
  database?: string;
}

/**
 * A lease in IndexedDB: a record { holder, expiresAt } per lock name, taken, renewed and
 * released in readwrite transactions. IndexedDB runs readwrite transactions on one store
 * one after another, across every tab of the origin, so check-and-take is atomic; the
 * expiry frees the lock of a tab that was closed or crashed while holding it.
 *
 * Hand-written, because the maintained alternatives are not sound across tabs: the
 * `navigator.locks` polyfill (npm navigator.locks 0.9) keeps its lock table in
 * localStorage with read-modify-write steps that two tabs can interleave, and
 * broadcast-channel's leader election falls back to message timing. Web Locks are not
 * there to lean on (not a secure context). The holder id is a UUID v4 from `uuid`, which
 * uses crypto.getRandomValues (present in insecure contexts), not crypto.randomUUID.
 *
 * A holder whose timers stall past the expiry (a frozen background tab) may find its lease
 * taken; its next renewal sees that and aborts `lost`, and the engine stops before the
 * next batch. A batch in flight then may go out twice, which the server replays.
 */
export function leaseLock(name: string, { ttlMs = 30_000, renewMs = ttlMs / 3, database = "tillsync-locks" }: LeaseOptions = {}): DrainLock {
  let db: Promise<IDBPDatabase<LeaseSchema>> | undefined;
  const open = () =>
    (db ??= openDB<LeaseSchema>(database, 1, {
      upgrade(db) {
        db.createObjectStore("leases");
      },
    }));

  /** Takes or renews the lease for `holder`; false if another holder has a live one. */
  async function take(holder: string): Promise<boolean> {
    const tx = (await open()).transaction("leases", "readwrite");
    const lease = await tx.store.get(name);
    const now = Date.now();
    const free = !lease || lease.holder === holder || lease.expiresAt <= now;
    if (free) await tx.store.put({ holder, expiresAt: now + ttlMs }, name);
    await tx.done;
    return free;
  }

  /** Renews only a lease `holder` still has: one that expired and was taken stays lost. */
  async function renew(holder: string): Promise<boolean> {
    const tx = (await open()).transaction("leases", "readwrite");
    const lease = await tx.store.get(name);
    const kept = lease?.holder === holder;
    if (kept) await tx.store.put({ holder, expiresAt: Date.now() + ttlMs }, name);
    await tx.done;
    return kept;
  }

  async function release(holder: string) {
    const tx = (await open()).transaction("leases", "readwrite");
    if ((await tx.store.get(name))?.holder === holder) await tx.store.delete(name);
    await tx.done;
  }

  return {
    async tryRun(fn) {
      const holder = uuidv4();
      if (!(await take(holder))) return { acquired: false };
      const lost = new AbortController();
      const timer = setInterval(() => {
        renew(holder).then(
          (kept) => kept || lost.abort(new Error(`The drain lock ${name} expired and was taken by another tab`)),
          (error: unknown) => lost.abort(error),
        );
      }, renewMs);
      try {
        return { acquired: true, value: await fn(lost.signal) };
      } finally {
        clearInterval(timer);
        await release(holder);
      }
    },
  };
}
