// Issue 21: the till's incremental catalogue pull (product.changes, docs/sync-protocol.md
// "Catalogue"). The first load is paged by id; later pulls carry only what changed since the
// cursor (edits, archive, stock), products merged into another come with the last page, and
// the cursor misses nothing committed concurrently: a transaction held open across a pull is
// found by the next one, which a timestamp taken at transaction start would miss.
import { randomUUID } from "node:crypto";

import { createApiKey } from "@tillsync/db";
import { needsPostgres } from "@tillsync/db/testing";
import type { ProductDTO } from "@tillsync/validators";
import { describe, expect, it } from "vitest";

import { appCode, callerFor, newShop, rejection, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

type Caller = ReturnType<typeof callerFor>;

/** A till's catalogue as the web POS keeps it: products by id, the cursor, what it was told merged. */
class SimulatedTill {
  products = new Map<number, ProductDTO>();
  merged = new Map<string, number>();
  cursor: string | undefined;
  /** Every page answered, for the byte and row counts. */
  pages = 0;
  rows = 0;

  constructor(
    private readonly caller: Caller,
    private readonly limit: number,
  ) {}

  /** One pull: pages until `more` is false, applied as the till applies them. */
  async pull() {
    let full: ProductDTO[] | null = null;
    for (;;) {
      const page = await this.caller.product.changes({ cursor: this.cursor, limit: this.limit });
      this.pages++;
      this.rows += page.products.length;
      if (page.fullLoad) (full ??= []).push(...page.products);
      else for (const product of page.products) this.apply(product);
      for (const { externalId, productId } of page.merged) this.merged.set(externalId, productId);
      this.cursor = page.cursor;
      if (!page.more) break;
    }
    if (full) this.products = new Map(full.map((product) => [product.id, product]));
  }

  private apply(product: ProductDTO) {
    if (product.archivedAt) this.products.delete(product.id);
    else this.products.set(product.id, product);
  }
}

/** The shop's products not archived, as product.byId would answer, by id. */
async function table(caller: Caller) {
  const all = new Map<number, ProductDTO>();
  let cursor: string | undefined;
  do {
    const page = await caller.product.list({ limit: 200, cursor });
    for (const product of page.items) all.set(product.id, product);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

const sorted = (products: Map<number, ProductDTO>) => [...products.values()].sort((a, b) => a.id - b.id);

describe("product.changes", () => {
  it("loads the catalogue in pages, then sends only what changed: edits, stock, archive, products merged at sync", async () => {
    const { shop, manager } = await newShop(t.db);
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
    const device = callerFor(t.db, { shopId: shop.id, role: "device", apiKeyId: key.id, name: "pos-01" });
    const products = [];
    for (let n = 0; n < 5; n++) products.push(await trackedProduct(t.db, shop.id, { name: `Item ${n}`, stock: "32" }));
    await manager.product.create({ name: "Milk 1l", sku: "MILK-1L", unitPrice: "1.19", initialStock: "32" });
    await manager.product.archive({ id: products[4]!.id });

    const till = new SimulatedTill(device, 2);
    await till.pull();
    expect(till.pages).toBe(3);
    expect(sorted(till.products)).toEqual(sorted(await table(manager)));
    expect(till.products.has(products[4]!.id)).toBe(false);

    // Nothing changed: an empty page.
    till.rows = 0;
    await till.pull();
    expect(till.rows).toBe(0);

    // One edit, one stock change from a sale, one archive: three rows, nothing else.
    await manager.product.update({ id: products[0]!.id, unitPrice: "9.99" });
    await device.sale.create(sale([{ productId: products[1]!.id, quantity: "30" }]));
    await manager.product.archive({ id: products[2]!.id });
    await till.pull();
    expect(till.rows).toBe(3);
    expect(till.products.get(products[0]!.id)?.unitPrice).toBe("9.99");
    expect(till.products.get(products[1]!.id)?.stock).toBe("2.000");
    expect(till.products.has(products[2]!.id)).toBe(false);
    expect(sorted(till.products)).toEqual(sorted(await table(manager)));

    // A product made offline at a till with the SKU of the shop's milk becomes that milk.
    const milk = [...till.products.values()].find((product) => product.sku === "MILK-1L")!;
    const offline = randomUUID();
    const { sale: synced } = await device.sale.create(
      sale([{ product: { externalId: offline, name: "Milk (new)", sku: "MILK-1L", isVolatile: false, unitPrice: "1.19" }, quantity: "1" }]),
    );
    expect(synced.items[0]!.productId).toBe(milk.id);
    till.rows = 0;
    await till.pull();
    expect(till.merged.get(offline)).toBe(milk.id);
    expect(till.products.get(milk.id)?.stock).toBe("31.000");
    expect(till.rows).toBe(1);
    // A product made offline with a new SKU is created for real, under its externalId: no merge.
    const fresh = randomUUID();
    await device.sale.create(sale([{ product: { externalId: fresh, name: "Oat drink", sku: "OAT-1L", isVolatile: false, unitPrice: "2.00" }, quantity: "1" }]));
    await till.pull();
    expect(till.merged.has(fresh)).toBe(false);
    expect([...till.products.values()].some((product) => product.externalId === fresh)).toBe(true);

    // Merges stay in the feed for a till that loads the catalogue for the first time.
    const newTill = new SimulatedTill(device, 500);
    await newTill.pull();
    expect(newTill.merged.get(offline)).toBe(milk.id);
    expect(sorted(newTill.products)).toEqual(sorted(till.products));
  });

  it("refuses a cursor it did not give out, and another shop's products never come", async () => {
    const { manager } = await newShop(t.db);
    const other = await newShop(t.db, "Other shop");
    await trackedProduct(t.db, other.shop.id, { name: "Not yours" });
    const first = await manager.product.changes({ limit: 10 });
    expect(first.products).toEqual([]);
    for (const cursor of ["bm9wZQ", Buffer.from(JSON.stringify(["c", [-1]])).toString("base64url"), Buffer.from('["x",[1]]').toString("base64url")]) {
      const error = await rejection(manager.product.changes({ cursor }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(appCode(error)).toBe("INVALID_INPUT");
    }
    expect((await rejection(manager.product.changes({ cursor: "not a cursor" }))).code).toBe("BAD_REQUEST");
  });
});

describe.skipIf(needsPostgres("catalogue-changes.test.ts", "PGlite runs one transaction at a time, so no change can commit during a pull"))(
  "product.changes under concurrent writers",
  () => {
    it("a change held open across a pull comes with the next one, though a later change committed first", async () => {
      const { shop, manager } = await newShop(t.db);
      const held = await trackedProduct(t.db, shop.id, { name: "Held" });
      const quick = await trackedProduct(t.db, shop.id, { name: "Quick" });
      const till = new SimulatedTill(manager, 50);
      await till.pull();

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => (written = resolve));
      // Started (and its row written) before the quick edit, committed after it and after a pull.
      const slow = t.db.prisma.$transaction(
        async (tx) => {
          await tx.product.update({ where: { id: held.id }, data: { name: "Held (renamed)" } });
          written();
          await gate;
        },
        { timeout: 20_000 },
      );
      await wrote;
      await manager.product.update({ id: quick.id, name: "Quick (renamed)" });
      await till.pull();
      expect(till.products.get(quick.id)?.name).toBe("Quick (renamed)");
      expect(till.products.get(held.id)?.name).toBe("Held");
      release();
      await slow;
      await till.pull();
      expect(till.products.get(held.id)?.name).toBe("Held (renamed)");
    });

    const WRITERS = 8;
    const ROUNDS = 25;
    it(`${WRITERS} writers × ${ROUNDS} changes (some held open across pulls) while a till pulls in small pages: the till ends with every change`, async () => {
      const { shop, manager, as } = await newShop(t.db);
      const device = as("device");
      const ids: number[] = [];
      for (let n = 0; n < 40; n++) ids.push((await trackedProduct(t.db, shop.id, { name: `P${String(n).padStart(2, "0")}`, stock: "1000" })).id);
      const till = new SimulatedTill(device, 7);
      await till.pull();

      const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
      const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      let writing = true;
      const writer = async (w: number) => {
        for (let round = 0; round < ROUNDS; round++) {
          const id = pick();
          const kind = (w + round) % 5;
          if (kind === 0) await manager.product.update({ id, unitPrice: (Math.floor(Math.random() * 1000) / 100 + 0.01).toFixed(2) });
          else if (kind === 1)
            await device.sale.create(
              sale(
                [
                  { productId: id, quantity: "1" },
                  { productId: pick(), quantity: "2" },
                ].filter((item, n, items) => n === 0 || item.productId !== items[0]!.productId),
              ),
            );
          else if (kind === 2) await manager.product.restock({ productId: id, quantity: "5" });
          else if (kind === 3) await manager.product.archive({ id, archived: Math.random() < 0.5 });
          else {
            // Held open across a pull or two: written early, committed late.
            await t.db.prisma.$transaction(
              async (tx) => {
                await tx.product.update({ where: { id }, data: { name: `P-${w}-${round}` } });
                await pause(20 + Math.random() * 80);
              },
              { timeout: 20_000 },
            );
          }
          await pause(Math.random() * 10);
        }
      };
      const pulls = (async () => {
        let count = 0;
        while (writing) {
          await till.pull();
          count++;
          await pause(Math.random() * 15);
        }
        return count;
      })();
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      writing = false;
      const pullCount = await pulls;
      await till.pull();
      expect(pullCount).toBeGreaterThan(5);
      expect(sorted(till.products)).toEqual(sorted(await table(manager)));
    });
  },
);
