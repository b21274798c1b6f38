export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Makes sure one drainer at a time works on an outbox shared by several engines (browser
 * tabs). Within one engine, concurrent drains already share one run. Node needs none:
 * `FileOutbox` holds a lock on its file for as long as it is open.
 */
export interface DrainLock {
  /** Runs `fn` if the lock is free; never waits for another holder. */
  tryRun<T>(fn: () => Promise<T>): Promise<LockResult<T>>;
}

/** A lock shared by engines of one JavaScript realm (tests, or several outboxes in one process). */
export function memoryLock(): DrainLock {
  let held = false;
  return {
    async tryRun(fn) {
      if (held) return { acquired: false };
      held = true;
      try {
        return { acquired: true, value: await fn() };
      } finally {
        held = false;
      }
    },
  };
}

/** Web Locks: one drainer across every tab and worker of the origin. */
export function webLock(name = "tillsync-outbox-drain"): DrainLock {
  return {
    // The DOM typings say `request` resolves with the callback's promise; it resolves with its value.
    async tryRun<T>(fn: () => Promise<T>) {
      return await navigator.locks.request(name, { ifAvailable: true }, async (lock): Promise<LockResult<T>> => (lock ? { acquired: true, value: await fn() } : { acquired: false }));
    },
  };
}
