import { randomUUID } from "node:crypto";

import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { newShop, useTestDatabase, type SaleCreateInput } from "./helpers";

// Random sequences of operations over every path that changes stock (issue 16): sales of
// existing and inline products (sale.create and sale.sync), product.create with and without
// an initial stock, reorder-level changes, restock, count, reversal, and sales fired at once.
// An in-test reference model says what each operation does; after each sequence the database
// must agree with it and with the ledger's own invariants. Seeded: a failure names its seed
// and shrunk path, and STOCK_PATHS_SEED=<seed> replays the run.
const t = useTestDatabase({ poolSize: 12 });

const RUNS = Number(process.env.STOCK_PATHS_RUNS ?? 30);
const SEED = Number(process.env.STOCK_PATHS_SEED ?? Math.floor(Math.random() * 2 ** 31));

const quantity = fc.integer({ min: 1, max: 4000 }).map((n) => new Decimal(n).div(1000).toFixed(3));
const level = fc.option(fc.integer({ min: 0, max: 8 }).map(String), { nil: undefined });
const stock = fc.integer({ min: 0, max: 12 }).map(String);
const pick = fc.nat({ max: 1000 });

/** A line of an existing tracked product (by index), or of a product the till creates inline. */
const line = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("existing" as const), p: pick, q: quantity }) },
  // `reuse`: name an inline product made earlier by its externalId (a queued sale of the same offline product).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("inline" as const), reuse: fc.option(pick, { nil: undefined }), level, q: quantity }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("volatile" as const), q: quantity }) },
);
const saleSpec = fc.array(line, { minLength: 1, maxLength: 3 });

const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("sale" as const),
      via: fc.constantFrom("create" as const, "sync" as const),
      sales: fc.array(saleSpec, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("concurrent" as const), sales: fc.array(saleSpec, { minLength: 2, maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("create" as const), initial: fc.option(stock, { nil: undefined }), level }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant("level" as const), p: pick, level: fc.option(fc.integer({ min: 0, max: 8 }).map(String), { nil: null }) }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("restock" as const), p: pick, q: quantity }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("count" as const), p: pick, counted: stock }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("reverse" as const), s: pick }) },
);

type SaleSpec = typeof saleSpec extends fc.Arbitrary<infer T> ? T : never;

/** The reference: what each tracked product's stock, level and alerts must be. */
interface ModelProduct {
  stock: Decimal;
  level: Decimal | null;
  /** Alerts raised over the product's life. */
  alerts: number;
}

const isLow = (p: { stock: Decimal; level: Decimal | null }) => p.level !== null && p.stock.lt(p.level);

class Model {
  readonly products = new Map<number, ModelProduct>();
  readonly inline: { externalId: string; id: number | null; level: string | undefined }[] = [];
  readonly sales: { id: number; lines: { productId: number; quantity: Decimal }[]; reversed: boolean }[] = [];

  tracked = () => [...this.products.keys()];

  /**
   * One atomic step (or a group of sales fired together, which only take stock down): an
   * alert when a product goes from not-low to low across it, a product created in it having
   * no earlier state; the open alert resolved when it is not low after it.
   */
  step(change: () => void, created: number[] = []) {
    const before = new Map([...this.products].map(([id, p]) => [id, isLow(p)]));
    change();
    for (const [id, p] of this.products) {
      const wasLow = created.includes(id) ? false : (before.get(id) ?? false);
      if (!wasLow && isLow(p)) p.alerts += 1;
    }
  }
}

describe(`stock across every path (seed ${SEED}, ${RUNS} sequences)`, () => {
  it("keeps stock = Σ ledger, stock_after chained, one open alert exactly while stock < level, as the reference model says", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 3, maxLength: 9 }), async (operations) => {
        const { shop, cashier, manager } = await newShop(t.db, "Property shop");
        const model = new Model();
        const cheese = await manager.product.create({ name: "Cheese by weight", isVolatile: true, unitPrice: "9.00" });
        for (const initial of ["6", "2"]) {
          const made = await manager.product.create({ name: `Start ${initial}`, unitPrice: "1.00", initialStock: initial, reorderLevel: "4" });
          model.step(() => model.products.set(made.id, { stock: new Decimal(initial), level: new Decimal(4), alerts: 0 }), [made.id]);
        }

        /** The sale.create input of a spec, and what the model does once it is written (fresh inline products by externalId). */
        const prepare = (spec: SaleSpec, shared = new Map<string, (typeof model.inline)[number]>()) => {
          const ids = model.tracked();
          const items: SaleCreateInput["items"] = [];
          const lines: { productId: number | string; quantity: string }[] = [];
          for (const l of spec) {
            if (l.kind === "existing") {
              const productId = ids[l.p % ids.length]!;
              items.push({ productId, quantity: l.q });
              lines.push({ productId, quantity: l.q });
            } else if (l.kind === "volatile") {
              items.push({ productId: cheese.id, quantity: l.q, unitPrice: "9.00" });
            } else {
              const earlier = l.reuse !== undefined && model.inline.length > 0 ? model.inline[l.reuse % model.inline.length]! : undefined;
              const entry = earlier ?? { externalId: randomUUID(), id: null, level: l.level };
              if (!earlier) model.inline.push(entry);
              shared.set(entry.externalId, entry);
              const product = {
                externalId: entry.externalId,
                name: `Inline ${entry.externalId.slice(0, 8)}`,
                isVolatile: false,
                unitPrice: "1.50",
                reorderLevel: entry.level,
              };
              items.push({ product, quantity: l.q });
              lines.push({ productId: entry.externalId, quantity: l.q });
            }
          }
          return { input: { externalId: randomUUID(), clientTimestamp: new Date().toISOString(), items }, lines };
        };

        /** Applies written sales to the model: inline products appear at 0 (created by the first sale naming them). */
        const applySales = (written: { saleId: number; lines: { productId: number | string; quantity: string }[]; productIds: number[] }[]) => {
          const created: number[] = [];
          model.step(() => {
            for (const { saleId, lines, productIds } of written) {
              const sold: { productId: number; quantity: Decimal }[] = [];
              lines.forEach((l, n) => {
                const id = productIds[n]!;
                if (typeof l.productId === "string") {
                  const entry = model.inline.find((e) => e.externalId === l.productId)!;
                  if (entry.id === null) {
                    entry.id = id;
                    created.push(id);
                    model.products.set(id, { stock: new Decimal(0), level: entry.level === undefined ? null : new Decimal(entry.level), alerts: 0 });
                  }
                  expect(id).toBe(entry.id);
                }
                model.products.get(id)!.stock = model.products.get(id)!.stock.minus(l.quantity);
                sold.push({ productId: id, quantity: new Decimal(l.quantity) });
              });
              model.sales.push({ id: saleId, lines: sold, reversed: false });
            }
          }, created);
        };

        /** The tracked product ids of a stored sale's lines, in the order of `lines`. */
        const trackedIds = (items: { productId: number }[]) => items.map((i) => i.productId).filter((id) => id !== cheese.id);

        for (const op of operations) {
          const ids = model.tracked();
          switch (op.t) {
            case "sale": {
              const prepared = (op.via === "create" ? op.sales.slice(0, 1) : op.sales).map((spec) => prepare(spec));
              if (op.via === "create") {
                const { sale } = await cashier.sale.create(prepared[0]!.input);
                applySales([{ saleId: sale.id, lines: prepared[0]!.lines, productIds: trackedIds(sale.items) }]);
              } else {
                const { results } = await cashier.sale.sync({ sales: prepared.map((p) => p.input) });
                expect(results.map((r) => r.status)).toEqual(prepared.map(() => "created"));
                const stored = await Promise.all(results.map((r) => cashier.sale.byId({ id: r.saleId! })));
                applySales(stored.map((sale, n) => ({ saleId: sale.id, lines: prepared[n]!.lines, productIds: trackedIds(sale.items) })));
              }
              break;
            }
            case "concurrent": {
              // Sales fired together; a fresh inline product named by several is created once.
              const shared = new Map<string, (typeof model.inline)[number]>();
              const prepared = op.sales.map((spec) => prepare(spec, shared));
              const answers = await Promise.all(prepared.map((p) => cashier.sale.create(p.input)));
              applySales(answers.map(({ sale }, n) => ({ saleId: sale.id, lines: prepared[n]!.lines, productIds: trackedIds(sale.items) })));
              break;
            }
            case "create": {
              const made = await manager.product.create({
                name: `Made ${model.products.size}`,
                unitPrice: "2.00",
                initialStock: op.initial,
                reorderLevel: op.level,
              });
              model.step(
                () =>
                  model.products.set(made.id, { stock: new Decimal(op.initial ?? 0), level: op.level === undefined ? null : new Decimal(op.level), alerts: 0 }),
                [made.id],
              );
              break;
            }
            case "level": {
              const id = ids[op.p % ids.length]!;
              await manager.product.update({ id, reorderLevel: op.level });
              model.step(() => (model.products.get(id)!.level = op.level === null ? null : new Decimal(op.level)));
              break;
            }
            case "restock": {
              const id = ids[op.p % ids.length]!;
              await manager.product.restock({ productId: id, quantity: op.q });
              model.step(() => (model.products.get(id)!.stock = model.products.get(id)!.stock.plus(op.q)));
              break;
            }
            case "count": {
              const id = ids[op.p % ids.length]!;
              await manager.product.count({ productId: id, countedStock: op.counted });
              model.step(() => (model.products.get(id)!.stock = new Decimal(op.counted)));
              break;
            }
            case "reverse": {
              const open = model.sales.filter((s) => !s.reversed);
              if (open.length === 0) break;
              const target = open[op.s % open.length]!;
              await manager.sale.reverse({ saleId: target.id, externalId: randomUUID(), reason: "Refund" });
              target.reversed = true;
              model.step(() => {
                for (const l of target.lines) model.products.get(l.productId)!.stock = model.products.get(l.productId)!.stock.plus(l.quantity);
              });
              break;
            }
          }
        }

        await expectAgreesWithModel(shop.id, model);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});

async function expectAgreesWithModel(shopId: number, model: Model) {
  const products = await t.db.prisma.product.findMany({ where: { shopId, isVolatile: false }, select: { id: true, stock: true, reorderLevel: true } });
  const ledger = await t.db.prisma.stockMovement.findMany({
    where: { shopId },
    orderBy: { id: "asc" },
    select: { productId: true, delta: true, stockAfter: true },
  });
  const alerts = await t.db.prisma.lowStockAlert.findMany({ where: { shopId }, select: { productId: true, resolvedAt: true } });
  expect(new Set(products.map((p) => p.id))).toEqual(new Set(model.tracked()));

  for (const product of products) {
    const expected = model.products.get(product.id)!;
    const stock = new Decimal(product.stock!.toString());
    expect(stock.toFixed(3), `stock of product ${product.id}`).toBe(expected.stock.toFixed(3));
    expect(product.reorderLevel?.toFixed(3) ?? null).toBe(expected.level?.toFixed(3) ?? null);

    // stock = Σ ledger from 0 (a product starts at 0; a stated initial stock is a ledger row),
    // and each row's stock_after is the one before plus its delta, in ledger order.
    let running = new Decimal(0);
    for (const row of ledger.filter((r) => r.productId === product.id)) {
      running = running.plus(row.delta.toString());
      expect(new Decimal(row.stockAfter.toString()).toFixed(3), `stock_after chain of product ${product.id}`).toBe(running.toFixed(3));
    }
    expect(running.toFixed(3), `Σ ledger of product ${product.id}`).toBe(stock.toFixed(3));

    const mine = alerts.filter((a) => a.productId === product.id);
    const open = mine.filter((a) => a.resolvedAt === null).length;
    expect(open, `open alerts of product ${product.id} (stock ${stock.toFixed(3)}, level ${expected.level?.toFixed(3) ?? "none"})`).toBe(
      isLow(expected) ? 1 : 0,
    );
    expect(mine.length, `alerts raised for product ${product.id}`).toBe(expected.alerts);
  }
}
