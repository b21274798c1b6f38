import { randomUUID } from "node:crypto";

import { saleInput } from "@tillsync/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct, createShop } from "../src";
import { pendingSale } from "../src/sale/pending";
import { planSales, writeStatement, type WriteResult } from "../src/sale/write";
import { readProducts } from "../src/stock/apply";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

describe("the sale write statement", () => {
  it("leaves stock and prices alone when its sale row already exists (a duplicate that got past the product check)", async () => {
    const shop = await createShop(db.prisma, { name: "Dup" });
    const actor = { shopId: shop.id };
    const milk = await createProduct(db.prisma, actor, { name: "Milk", isVolatile: false, unitPrice: "1.00", initialStock: "10" });
    const cheese = await createProduct(db.prisma, actor, { name: "Cheese", isVolatile: true, unitPrice: "5.00" });
    const input = saleInput.parse({
      externalId: randomUUID(),
      clientTimestamp: new Date().toISOString(),
      items: [
        { productId: milk.id, quantity: "2" },
        { productId: cheese.id, quantity: "0.5", unitPrice: "9.00" },
      ],
    });
    const products = await readProducts(db.prisma, shop.id, [milk.id, cheese.id]);
    const plan = planSales([pendingSale(actor, input, "UTC")], [[milk.id, cheese.id]], products);

    const [first] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, plan, null));
    const [second] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, plan, null));

    expect(first!.sales).toHaveLength(1);
    expect(second!.sales).toHaveLength(0);
    expect(second!.stock_rows).toBe(0);
    const rows = await db.prisma.product.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" }, select: { stock: true, unitPrice: true } });
    expect(rows.map((r) => [r.stock?.toFixed(3) ?? null, r.unitPrice.toFixed(2)])).toEqual([
      ["8.000", "1.00"],
      [null, "9.00"],
    ]);
    expect(await db.prisma.stockMovement.count({ where: { shopId: shop.id, reason: "sale" } })).toBe(1);
  });

  it("writes tenders in the same statement, whose text is the same however many sales, items and tenders it carries (so it can be prepared)", async () => {
    const shop = await createShop(db.prisma, { name: "Tenders" });
    const actor = { shopId: shop.id };
    const milk = await createProduct(db.prisma, actor, { name: "Milk", isVolatile: false, unitPrice: "1.00", initialStock: "10" });
    const products = await readProducts(db.prisma, shop.id, [milk.id]);
    const planOf = (tenders: unknown[] | undefined, quantity = "2") =>
      planSales(
        [pendingSale(actor, saleInput.parse({ externalId: randomUUID(), items: [{ productId: milk.id, quantity }], tenders }), "UTC")],
        [[milk.id]],
        products,
        undefined,
        undefined,
        "0.05",
      );
    const split = planOf(
      [
        { method: "cash", amount: "1.00", tendered: "5.00" },
        { method: "card", amount: "1.02", reference: "A1" },
      ],
      "2.02",
    );
    const none = planOf(undefined);
    expect(writeStatement(actor, split, null).text).toBe(writeStatement(actor, none, null).text);
    expect(writeStatement(actor, split, products).text).toBe(writeStatement(actor, none, products).text);

    const [first] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, split, null));
    const [again] = await db.prisma.$queryRaw<WriteResult[]>(writeStatement(actor, split, null));
    expect(first!.sales).toHaveLength(1);
    expect(again!.sales).toHaveLength(0);
    const rows = await db.prisma.$queryRaw<{ line_no: number; method: string; amount: string; tendered: string | null; change: string }[]>`
      SELECT line_no, method::text, amount::text, tendered::text, change::text FROM sale_tender WHERE shop_id = ${shop.id} ORDER BY line_no`;
    expect(rows).toEqual([
      { line_no: 1, method: "cash", amount: "1.00", tendered: "5.00", change: "4.00" },
      { line_no: 2, method: "card", amount: "1.02", tendered: null, change: "0.00" },
    ]);
    // Total 2.02, card 1.02: the cash part 1.00 is already a multiple of 0.05, nothing rounded, nothing amiss.
    const [sale] = await db.prisma.$queryRaw<{ rounding: string; tender_mismatch: boolean }[]>`
      SELECT rounding::text, tender_mismatch FROM sale WHERE shop_id = ${shop.id}`;
    expect(sale).toEqual({ rounding: "0.00", tender_mismatch: false });
  });
});
