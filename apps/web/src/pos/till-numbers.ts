import { formatReceiptNumber, type SaleInputRaw } from "@tillsync/validators";
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

import type { TillClaim } from "./local-store";

// The till's gapless numbers, offline: receipt numbers (DESIGN.md §9, `<till series>-<counter>`,
// assigned when the sale is rung up) and Z report numbers (§8, taken when the drawer closes).
// Each counter is the highest number this browser used, kept in IndexedDB and taken in a
// readwrite transaction: IndexedDB runs readwrite transactions on the same store one after
// another, across every tab of the browser, so two tabs never take the same number
// (navigator.locks is not there on plain http from a LAN name, see pos-screen's
// secure-context note; a transaction is everywhere).

interface ReceiptSchema extends DBSchema {
  /**
   * `<shopId>:<series>` → the highest receipt counter used in that series on this browser;
   * `z:<shopId>:<tillId>` → the highest Z number; `closed:<shopId>:<sessionId>` → the Z number
   * that closed that drawer session here; `opened:<shopId>:<tillId>` → the session last opened
   * here and when (takeDrawerOpen).
   */
  counters: { key: string; value: number | OpenedMarker };
}

interface OpenedMarker {
  sessionId: string;
  /** Epoch milliseconds. */
  at: number;
}

let opened: Promise<IDBPDatabase<ReceiptSchema>> | undefined;
const db = () =>
  (opened ??= openDB<ReceiptSchema>("tillsync-receipts", 1, {
    upgrade: (database) => void database.createObjectStore("counters"),
  }));

const counterKey = (shopId: number, series: string) => `${shopId}:${series}`;
/** A counter's value (0 when unset). */
const numberAt = (value: number | OpenedMarker | undefined) => (typeof value === "number" ? value : 0);
/** A counter must be on disk before a receipt with its number is handed over, as the outbox's writes are. */
const durable = { durability: "strict" } as const;

/**
 * Takes this till's next receipt number: the highest used in its series on this browser, or
 * the highest the server had seen when the till was claimed (`claim.lastReceiptCounter`: a
 * browser whose storage was wiped continues from it), whichever is higher, plus one.
 * `giveBack` returns the number when the sale could not be saved, unless another tab took a
 * later one since (then the number stays used and the server flags the gap, as it does for a
 * browser that closed between taking a number and saving its sale).
 */
export async function takeReceiptNumber(shopId: number, claim: Pick<TillClaim, "series" | "lastReceiptCounter">) {
  const key = counterKey(shopId, claim.series);
  const tx = (await db()).transaction("counters", "readwrite", durable);
  const counter = Math.max(numberAt(await tx.store.get(key)), claim.lastReceiptCounter ?? 0) + 1;
  await tx.store.put(counter, key);
  await tx.done;
  return {
    receiptNumber: formatReceiptNumber(claim.series, counter),
    giveBack: async () => {
      const back = (await db()).transaction("counters", "readwrite", durable);
      if (numberAt(await back.store.get(key)) === counter) await back.store.put(counter - 1, key);
      await back.done;
    },
  };
}

/** Thrown by takeZNumber when another tab closed the session first. */
export class SessionAlreadyClosed extends Error {
  constructor(readonly zNumber: number) {
    super(`this drawer was already closed in another tab (Z report ${zNumber}).`);
  }
}

/**
 * Takes the Z number that closes drawer session `sessionId` (DESIGN.md §8): the highest this
 * browser used for the till, or `floor` (the highest the till's queue and the server's claim
 * know, money.ts lastZNumber), whichever is higher, plus one. In the same transaction the
 * session is marked closed, so two tabs closing the drawer at once get one Z number, not two:
 * the second gets SessionAlreadyClosed. `giveBack` undoes both when the close event could not
 * be queued, unless a later number was taken since.
 */
export async function takeZNumber(shopId: number, tillId: number, sessionId: string, floor: number) {
  const key = `z:${shopId}:${tillId}`;
  const closedKey = `closed:${shopId}:${sessionId}`;
  const tx = (await db()).transaction("counters", "readwrite", durable);
  const closed = await tx.store.get(closedKey);
  if (typeof closed === "number") {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new SessionAlreadyClosed(closed);
  }
  const zNumber = Math.max(numberAt(await tx.store.get(key)), floor) + 1;
  await tx.store.put(zNumber, key);
  await tx.store.put(zNumber, closedKey);
  await tx.done;
  return {
    zNumber,
    giveBack: async () => {
      const back = (await db()).transaction("counters", "readwrite", durable);
      if (numberAt(await back.store.get(key)) === zNumber) await back.store.put(zNumber - 1, key);
      await back.store.delete(closedKey);
      await back.done;
    },
  };
}

/** Thrown by takeDrawerOpen when another tab opened the drawer first. */
export class DrawerAlreadyOpen extends Error {
  constructor() {
    super("this drawer was just opened in another tab.");
  }
}

/** How long a session marked open here blocks another before its open event shows in the queue. */
const OPENING_GRACE_MS = 30_000;

/**
 * Marks `sessionId` as the session opening the till's drawer (DESIGN.md §8), before its open
 * event is queued, so two tabs pressing Open at once open one session, not two: the till's
 * `opened:` marker is read and set in one readwrite transaction. Another session's marker
 * stands while that session has not been closed here (takeZNumber's `closed:` marker) and
 * either `openInQueue` (the sessions the caller's queue shows open) holds it or it was set
 * less than 30 s ago: a tab that crashed between marking and queueing holds the drawer for
 * those seconds, never for good (an exclusive navigator.locks lock would need a secure
 * context, which a till on a LAN name does not have). Throws DrawerAlreadyOpen. `giveBack`
 * removes the marker when the open event could not be queued.
 */
export async function takeDrawerOpen(shopId: number, tillId: number, sessionId: string, openInQueue: ReadonlySet<string>, now = Date.now()) {
  const key = `opened:${shopId}:${tillId}`;
  const tx = (await db()).transaction("counters", "readwrite", durable);
  const marker = await tx.store.get(key);
  if (typeof marker === "object" && marker.sessionId !== sessionId) {
    const closedHere = (await tx.store.get(`closed:${shopId}:${marker.sessionId}`)) !== undefined;
    if (!closedHere && (openInQueue.has(marker.sessionId) || now - marker.at < OPENING_GRACE_MS)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new DrawerAlreadyOpen();
    }
  }
  await tx.store.put({ sessionId, at: now }, key);
  await tx.done;
  return {
    giveBack: async () => {
      const back = (await db()).transaction("counters", "readwrite", durable);
      const current = await back.store.get(key);
      if (typeof current === "object" && current.sessionId === sessionId) await back.store.delete(key);
      await back.done;
    },
  };
}

/**
 * Rings a sale up with this till's next receipt number and queues it (`enqueue`: the outbox's
 * durable append). Without a till claimed the sale has no number (DESIGN.md §9). Resolves with
 * the sale as queued; when queueing fails the number is given back and the error passed on.
 */
export async function queueNumberedSale<T extends SaleInputRaw>(
  enqueue: (sale: T) => Promise<void>,
  shopId: number,
  claim: Pick<TillClaim, "series" | "lastReceiptCounter"> | null,
  sale: T,
): Promise<T> {
  if (!claim) {
    await enqueue(sale);
    return sale;
  }
  const { receiptNumber, giveBack } = await takeReceiptNumber(shopId, claim);
  const numbered = { ...sale, receiptNumber };
  try {
    await enqueue(numbered);
  } catch (error) {
    await giveBack().catch(() => undefined);
    throw error;
  }
  return numbered;
}
