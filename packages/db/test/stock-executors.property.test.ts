import { randomUUID } from "node:crypto";

import { saleInput } from "@tillsync/validators";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct, createShop } from "../src";
import { TX_OPTIONS } from "../src/db";
import { pendingSale } from "../src/sale/pending";
import { finishWrite, planSales, writeStatement, type WriteResult } from "../src/sale/write";
import { applyStockPlan, lockProducts } from "../src/stock/apply";
import type { StockPlan } from "../src/stock/rules";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const RUNS = Number(process.env.STOCK_EXECUTORS_RUNS ?? 15);
const SEED = Number(process.env.STOCK_EXECUTORS_SEED ?? Math.floor(Math.random() * 2 ** 31));

const catalogue = fc.array(fc.record({ stock: fc.integer({ min: 0, max: 12 }), level: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }) }), {
  minLength: 1,
  maxLength: 4,
});
const sales = fc.array(fc.array(fc.record({ p: fc.nat({ max: 100 }), q: fc.integer({ min: 1, max: 5000 }) }), { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 6,
});

/** What a shop's stock, ledger and alerts hold, with products by their position in the catalogue. */
async function snapshot(shopId: number, ids: number[]) {
  const position = (id: number) => ids.indexOf(id);
  const products = await db.prisma.product.findMany({ where: { shopId }, orderBy: { id: "asc" }, select: { stock: true } });
  const ledger = await db.prisma.stockMovement.findMany({ where: { shopId, reason: "sale" }, orderBy: { id: "asc" } });
  const alerts = await db.prisma.lowStockAlert.findMany({ where: { shopId }, orderBy: { id: "asc" } });
  return {
    stock: products.map((p) => p.stock?.toFixed(3)),
    ledger: ledger.map((r) => [position(r.productId), r.delta.toFixed(3), r.stockAfter.toFixed(3)]),
    // Alerts raised by one statement have no order among themselves: compared by product.
    alerts: alerts
      .map((a) => [position(a.productId), a.stockAtTrigger.toFixed(3), a.reorderLevel.toFixed(3), a.resolvedAt === null])
      .sort((x, y) => Number(x[0]) - Number(y[0])),
  };
}

// The sale path executes its stock plan inside one statement (writeStatement); every other
// path executes plans with applyStockPlan. Fed the same plan, the two must leave the same
// stock, ledger and alerts (issue 16: the fast path derived from the plan the others use).
describe(`the two executors of a stock plan (seed ${SEED}, ${RUNS} runs)`, () => {
  it("leave the same stock, ledger and alerts for the same sales", async () => {
    await fc.assert(
      fc.asyncProperty(catalogue, sales, async (products, carts) => {
        const [a, b] = await Promise.all([createShop(db.prisma, { name: "Statement" }), createShop(db.prisma, { name: "Executor" })]);
        const make = async (shopId: number) => {
          const ids: number[] = [];
          for (const [n, p] of products.entries()) {
            const made = await createProduct(
              db.prisma,
              { shopId },
              { name: `P${n}`, isVolatile: false, unitPrice: "1.00", initialStock: String(p.stock), reorderLevel: p.level?.toString() },
            );
            ids.push(made.id);
          }
          return ids;
        };
        const idsA = await make(a.id);
        const idsB = await make(b.id);
        const before = { a: await snapshot(a.id, idsA), b: await snapshot(b.id, idsB) };
        expect(before.a).toEqual(before.b);

        // Shop A: the sale path as sale.sync runs it (one statement for the batch).
        const actor = { shopId: a.id };
        const pending = carts.map((lines) =>
          pendingSale(
            actor,
            saleInput.parse({
              externalId: randomUUID(),
              items: lines.map((l) => ({ productId: idsA[l.p % idsA.length]!, quantity: (l.q / 1000).toFixed(3) })),
            }),
            "UTC",
          ),
        );
        const productIds = pending.map((p) => p.input.items.map((item) => item.productId!));
        let plan: StockPlan<string> | undefined;
        await db.prisma.$transaction(async (tx) => {
          const locked = await lockProducts(tx, a.id, idsA);
          const salePlan = planSales(pending, productIds, locked);
          plan = salePlan.stock;
          const [result] = await tx.$queryRaw<WriteResult[]>(writeStatement(actor, salePlan, null));
          finishWrite(actor, salePlan, result!);
        }, TX_OPTIONS);

        // Shop B: the same plan, on B's products, through applyStockPlan.
        const toB = (id: number) => idsB[idsA.indexOf(id)]!;
        const planB: StockPlan<null> = {
          ledger: plan!.ledger.map((row) => ({ ...row, productId: toB(row.productId), by: null })),
          stock: new Map([...plan!.stock].map(([id, s]) => [toB(id), s])),
          resolve: plan!.resolve.map(toB),
          raise: plan!.raise.map((r) => ({ ...r, productId: toB(r.productId), by: null })),
        };
        await db.prisma.$transaction(async (tx) => {
          await lockProducts(tx, b.id, idsB);
          await applyStockPlan(tx, { shopId: b.id }, planB);
        }, TX_OPTIONS);

        expect(await snapshot(a.id, idsA)).toEqual(await snapshot(b.id, idsB));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});
