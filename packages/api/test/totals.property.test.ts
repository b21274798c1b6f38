import { randomUUID } from "node:crypto";

import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { newShop, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

const CARTS = 3000;

// The reference: exact decimal product, rounded half-up to the cent per line, summed.
const Ref = Decimal.clone({ precision: 50 });
const referenceLine = (quantity: string, unitPrice: string) => new Ref(quantity).times(unitPrice).toDecimalPlaces(2, Ref.ROUND_HALF_UP);

const thousandths = fc.integer({ min: 1, max: 99_999 }).map((n) => new Ref(n).div(1000).toFixed(3));
const cents = fc.integer({ min: 0, max: 999_999 }).map((n) => new Ref(n).div(100).toFixed(2));

describe("server-computed totals", () => {
  it(`are exact to the cent, half-up, for ${CARTS} random carts with fractional quantities`, async () => {
    const { shop, cashier } = await newShop(t.db);
    const catalogue = [
      ...(await Promise.all([trackedProduct(t.db, shop.id, { unitPrice: "0.99" }), trackedProduct(t.db, shop.id, { unitPrice: "1234.55" })])),
      await volatileProduct(t.db, shop.id, { unitPrice: "7.77" }),
    ];
    const priceOf = new Map(catalogue.map((p) => [p.id, p.unitPrice]));

    const cartArb = fc.array(
      fc.record({
        productId: fc.constantFrom(...catalogue.filter((p) => !p.isVolatile).map((p) => p.id)),
        quantity: thousandths,
        unitPrice: fc.option(cents, { nil: undefined }),
        // Totals sent by a client are ignored.
        lineTotal: fc.constant("0.01"),
      }),
      { minLength: 1, maxLength: 8 },
    );
    const carts = fc.sample(cartArb, { numRuns: CARTS, seed: 20261123 });

    for (let offset = 0; offset < carts.length; offset += 500) {
      const batch = carts.slice(offset, offset + 500).map((items) => ({ externalId: randomUUID(), items, total: "0.00" }));
      const { results } = await cashier.sale.sync({ sales: batch });
      expect(results.every((r) => r.status === "created")).toBe(true);
      const ids = results.map((r) => r.saleId!);
      const stored = await Promise.all(ids.map((id) => cashier.sale.byId({ id })));
      stored.forEach((sale, i) => {
        const items = batch[i]!.items;
        let total = new Ref(0);
        items.forEach((item, line) => {
          const price = item.unitPrice ?? priceOf.get(item.productId)!;
          const expected = referenceLine(item.quantity, price);
          total = total.plus(expected);
          expect(sale.items[line]).toMatchObject({ unitPrice: new Ref(price).toFixed(2), lineTotal: expected.toFixed(2) });
        });
        expect(sale.total).toBe(total.toFixed(2));
      });
    }
  }, 300_000);

  it("rounds exact half cents up (the case floats get wrong)", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id, { unitPrice: "1.05" });
    // 0.5 × 1.05 = 0.525 → 0.53; as floats 0.525 is 0.52499999… and rounds to 0.52.
    const { sale } = await cashier.sale.create({ externalId: randomUUID(), items: [{ productId: p.id, quantity: "0.5" }] });
    expect(sale.total).toBe("0.53");
    // 0.335 × 3.00 = 1.005 → 1.01 (a float gives 1.00).
    const { sale: second } = await cashier.sale.create({
      externalId: randomUUID(),
      items: [{ productId: p.id, quantity: "0.335", unitPrice: "3.00" }],
    });
    expect(second.total).toBe("1.01");
  });
});
