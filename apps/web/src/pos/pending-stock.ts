import { isSalePayload, type MirrorChange, type OutboxEntry } from "@tillsync/sync";
import Decimal from "decimal.js";
import { useMemo } from "react";

import type { PosProduct } from "./local-store";

// The catalogue as staff should see it at the till: each tracked product's stock less what this
// till's sales not yet sent (pending, any tab's) take from it. Never stored: once a sale is sent
// it is no longer pending, and the catalogue downloaded after it carries the server's figure, so
// no sale is counted twice. A line names its product by id, or inline by externalId (a product
// made at the till); a quantity that is not a number counts for nothing (the server will refuse
// that sale). Worked out again from every pending sale after each sale, that cost 0.24 s with
// 10,000 sales queued and 20,000 products (issue 21, docs/benchmarks.md "The till"); here it is
// kept a sale at a time: the outbox mirror says which entries changed, their items' products
// are counted up or down, and only those products' tiles get a new stock figure.

/** A product's keys in the count: its server id and, for a product created on this till, its externalId. */
const productKeys = (product: Pick<PosProduct, "id" | "externalId">) => [
  ...(product.id !== null ? [`id:${product.id}`] : []),
  ...(product.externalId ? [`ext:${product.externalId}`] : []),
];

/** What a pending sale takes from stock, by product key (refunds, drawer events and discards take nothing). */
function takenBy(entry: OutboxEntry | undefined): [string, Decimal][] {
  if (entry?.status !== "pending" || !isSalePayload(entry.sale)) return [];
  const taken: [string, Decimal][] = [];
  for (const item of entry.sale.items ?? []) {
    const key = item.productId !== undefined ? `id:${String(item.productId)}` : item.product?.externalId ? `ext:${String(item.product.externalId)}` : null;
    if (key === null) continue;
    try {
      taken.push([key, new Decimal(String(item.quantity))]);
    } catch {
      // A quantity the server will reject takes nothing.
    }
  }
  return taken;
}

/** How many recent changes are remembered: a render that missed more works everything out afresh. */
const LOG_SIZE = 64;

/**
 * The quantities the outbox's pending sales take, per product key, kept up to date from the
 * outbox mirror's changes (`apply`). `version` grows with each change; `changedSince` says
 * which products changed after a version, so a render patches only those.
 */
export class PendingStock {
  private readonly taken = new Map<string, Decimal>();
  private log: { version: number; keys: readonly string[] | null }[] = [];
  version = 0;

  /** Counts a change of the outbox in; `entries` (the whole outbox, queue order) is read only when `change.reset`. */
  apply(change: MirrorChange, entries: readonly OutboxEntry[]): void {
    const keys = new Set<string>();
    const add = (entry: OutboxEntry | undefined, sign: 1 | -1) => {
      for (const [key, quantity] of takenBy(entry)) {
        const next = (this.taken.get(key) ?? new Decimal(0)).plus(sign === 1 ? quantity : quantity.negated());
        if (next.isZero()) this.taken.delete(key);
        else this.taken.set(key, next);
        keys.add(key);
      }
    };
    if (change.reset) {
      this.taken.clear();
      for (const entry of entries) add(entry, 1);
    } else {
      for (const { before, after } of change.changed) {
        add(before, -1);
        add(after, 1);
      }
      if (keys.size === 0) return;
    }
    this.version++;
    this.log = [...this.log.slice(-(LOG_SIZE - 1)), { version: this.version, keys: change.reset ? null : [...keys] }];
  }

  /** What pending sales take of `product` (zero when none). */
  takenOf(product: Pick<PosProduct, "id" | "externalId">): Decimal {
    return productKeys(product).reduce((sum, key) => {
      const part = this.taken.get(key);
      return part ? sum.plus(part) : sum;
    }, new Decimal(0));
  }

  /** The last stockLeft answer, with where each product key is in its catalogue. */
  private last: { catalogue: readonly PosProduct[]; positions: Map<string, number[]>; version: number; stocked: readonly PosProduct[] } | null = null;

  /**
   * The catalogue with each product's stock less what pending sales take, in catalogue order. After a sale only the products it sold get new
   * objects: the rest keep theirs, so their tiles (memo) are not drawn again. A new catalogue,
   * or a change no longer remembered, is worked out whole.
   */
  stockLeft(catalogue: readonly PosProduct[]): readonly PosProduct[] {
    const previous = this.last?.catalogue === catalogue ? this.last : null;
    const changed = previous ? this.changedSince(previous.version) : null;
    let stocked: readonly PosProduct[];
    let positions: Map<string, number[]>;
    if (previous && changed) {
      positions = previous.positions;
      if (changed.size === 0) stocked = previous.stocked;
      else {
        const next = [...previous.stocked];
        for (const key of changed) for (const index of positions.get(key) ?? []) next[index] = withPending(catalogue[index]!, this);
        stocked = next;
      }
    } else {
      positions = new Map();
      catalogue.forEach((product, index) => {
        for (const key of productKeys(product)) {
          const at = positions.get(key);
          if (at) at.push(index);
          else positions.set(key, [index]);
        }
      });
      stocked = catalogue.map((product) => withPending(product, this));
    }
    this.last = { catalogue, positions, version: this.version, stocked };
    return stocked;
  }

  /** The product keys changed after `version`, or null when that is not known (too long ago, or the count was redone). */
  changedSince(version: number): Set<string> | null {
    if (version === this.version) return new Set();
    const first = this.log[0];
    if (!first || first.version > version + 1) return null;
    const keys = new Set<string>();
    for (const entry of this.log) {
      if (entry.version <= version) continue;
      if (entry.keys === null) return null;
      for (const key of entry.keys) keys.add(key);
    }
    return keys;
  }
}

/** `product` with its stock less what pending sales take; the same object when they take none of it. */
function withPending(product: PosProduct, pending: PendingStock): PosProduct {
  if (product.stock === null) return product;
  const taken = pending.takenOf(product);
  return taken.isZero() ? product : { ...product, stock: new Decimal(product.stock).minus(taken).toFixed() };
}

/**
 * The catalogue with each product's stock less what pending sales take, in catalogue order:
 * PendingStock.stockLeft, once per catalogue and change.
 * `version`: pending.version (its contents change in place).
 */
export function useStockLeft(catalogue: readonly PosProduct[], pending: PendingStock, version: number): readonly PosProduct[] {
  return useMemo(() => {
    void version;
    return pending.stockLeft(catalogue);
  }, [catalogue, pending, version]);
}
