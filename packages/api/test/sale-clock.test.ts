// Issue 15: a till's clock as it really arrives (DESIGN.md §7 "Clock spellings", §3.9).
// Before: year 0 (in UTC) was a 500, naive and other offset spellings a 400, and a sync
// batch with one such sale failed as a whole.
import { describe, expect, it } from "vitest";

import { newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("clientTimestamp", () => {
  it("records a clock before 1970 or outside years 0001-9999 with occurredAt = receivedAt, keeping the clock as sent", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const items = [{ productId: p.id, quantity: "1" }];
    for (const clientTimestamp of ["0000-06-15T12:00:00Z", "0001-01-01T00:30:00+01:00", "1969-12-31T23:59:59Z", "0000-06-15T12:00:00"]) {
      const { sale: stored } = await cashier.sale.create(sale(items, { clientTimestamp }));
      expect(stored, clientTimestamp).toMatchObject({ clockAdjusted: true, clientClock: clientTimestamp });
      expect(stored.occurredAt).toEqual(stored.receivedAt);
      expect((await cashier.sale.byId({ id: stored.id })).clientClock).toBe(clientTimestamp);
    }
    const old = await cashier.sale.create(sale(items, { clientTimestamp: "1969-12-31T23:59:59Z" }));
    expect(old.sale.clientTimestamp).toEqual(new Date("1969-12-31T23:59:59Z"));
    const yearZero = await cashier.sale.create(sale(items, { clientTimestamp: "0000-06-15T12:00:00Z" }));
    expect(yearZero.sale.clientTimestamp).toBeNull();
  });

  it("takes superjson Dates of any year, and replays them", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    for (const date of [new Date("+200000-01-01T00:00:00Z"), new Date("-000001-01-01T00:00:00Z"), new Date(8.64e15)]) {
      const input = sale([{ productId: p.id, quantity: "1" }], { clientTimestamp: date });
      const first = await cashier.sale.create(input);
      expect(first.sale).toMatchObject({ clockAdjusted: true, clientTimestamp: null, clientClock: date.toISOString() });
      expect(await cashier.sale.create(input)).toMatchObject({ replayed: true, sale: { id: first.sale.id } });
    }
  });

  it("accepts each of §7's spellings as the instant it names; the same instant spelled otherwise is a replay", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const items = [{ productId: p.id, quantity: "1" }];
    const cases: [string, string][] = [
      ["2026-01-31 14:30:00Z", "2026-01-31T14:30:00Z"],
      ["2026-01-31T14:30Z", "2026-01-31T14:30:00Z"],
      ["2026-01-31T14:30:00-0500", "2026-01-31T19:30:00Z"],
      ["2026-01-31T14:30:00+01", "2026-01-31T13:30:00Z"],
      ["2026-01-31T14:30:00.123456789Z", "2026-01-31T14:30:00.123Z"],
    ];
    for (const [clientTimestamp, iso] of cases) {
      const input = sale(items, { clientTimestamp });
      const { sale: stored } = await cashier.sale.create(input);
      expect(stored, clientTimestamp).toMatchObject({
        clientTimestamp: new Date(iso),
        occurredAt: new Date(iso),
        clockAdjusted: false,
        clockAssumedLocal: false,
      });
      const respelled = await cashier.sale.create({ ...input, clientTimestamp: new Date(iso).toISOString() });
      expect(respelled).toMatchObject({ replayed: true, sale: { id: stored.id } });
    }
  });

  it("reads a naive clock in the shop's time zone, flagged (DST: the earlier instant of an overlap, forward by a gap)", async () => {
    const { shop, cashier } = await newShop(t.db, "Berlin shop", "Europe/Berlin");
    const p = await trackedProduct(t.db, shop.id);
    const items = [{ productId: p.id, quantity: "1" }];
    const cases: [string, string][] = [
      ["2026-01-31T14:30:00", "2026-01-31T13:30:00Z"],
      ["2026-01-31 14:30", "2026-01-31T13:30:00Z"],
      ["2026-10-25T02:30:00", "2026-10-25T00:30:00Z"],
      ["2026-03-29T02:30:00", "2026-03-29T01:30:00Z"],
    ];
    for (const [clientTimestamp, iso] of cases) {
      const { sale: stored } = await cashier.sale.create(sale(items, { clientTimestamp }));
      expect(stored, clientTimestamp).toMatchObject({
        clientTimestamp: new Date(iso),
        clientClock: clientTimestamp,
        clockAssumedLocal: true,
        clockAdjusted: false,
      });
      expect(await cashier.sale.byId({ id: stored.id })).toEqual(stored);
    }
  });

  it("refuses text that is no clock as a 400, and a sync batch with a year-0 sale records all of it", async () => {
    const { shop, cashier } = await newShop(t.db);
    const p = await trackedProduct(t.db, shop.id);
    const items = [{ productId: p.id, quantity: "1" }];
    await expect(cashier.sale.create(sale(items, { clientTimestamp: "31/01/2026 14:30" }))).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const batch = [sale(items), sale(items, { clientTimestamp: "0000-06-15T12:00:00Z" }), sale(items)];
    const { results } = await cashier.sale.sync({ sales: batch });
    expect(results.map((r) => r.status)).toEqual(["created", "created", "created"]);
    const again = await cashier.sale.sync({ sales: batch });
    expect(again.results.map((r) => r.status)).toEqual(["replayed", "replayed", "replayed"]);
  });
});
