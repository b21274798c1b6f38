import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("when a sale happened", () => {
  it("is the till's clock, unless missing or more than 5 minutes ahead of the server (then flagged)", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const items = [{ productId: p.id, quantity: "1" }];

    const yesterday = new Date(Date.now() - 86_400_000);
    const offline = (await cashier.sale.create(sale(items, { clientTimestamp: yesterday.toISOString() }))).sale;
    expect(offline).toMatchObject({ occurredAt: yesterday, clientTimestamp: yesterday, clockAdjusted: false });
    expect(offline.receivedAt.getTime()).toBeGreaterThan(yesterday.getTime());

    const slightlyAhead = new Date(Date.now() + 4 * 60_000);
    expect((await cashier.sale.create(sale(items, { clientTimestamp: slightlyAhead }))).sale.occurredAt).toEqual(slightlyAhead);

    const farAhead = new Date(Date.now() + 6 * 60_000);
    const skewed = (await cashier.sale.create(sale(items, { clientTimestamp: farAhead.toISOString() }))).sale;
    expect(skewed).toMatchObject({ clientTimestamp: farAhead, clockAdjusted: true });
    expect(skewed.occurredAt).toEqual(skewed.receivedAt);

    const missing = (await cashier.sale.create(sale(items, { clientTimestamp: undefined }))).sale;
    expect(missing).toMatchObject({ clientTimestamp: null, clockAdjusted: true });
    expect(missing.occurredAt).toEqual(missing.receivedAt);
  });
});
