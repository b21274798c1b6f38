import { randomUUID } from "node:crypto";

import { Decimal } from "decimal.js";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";

import type { RouterOutputs } from "../src";
import { newShop, trackedProduct, useTestDatabase, volatileProduct } from "./helpers";

const t = useTestDatabase();

type Sale = RouterOutputs["sale"]["byId"];
type Period = "daily" | "weekly" | "monthly";
const UNIT = { daily: "day", weekly: "week", monthly: "month" } as const;

/** The independent reference: luxon for calendars and time zones, decimal.js for sums. */
function reference(sales: Sale[], productId: number, tz: string, startDate: string, endDate: string, period: Period) {
  const unit = UNIT[period];
  const buckets = new Map<string, { quantity: Decimal; revenue: Decimal; sales: Set<number>; reversals: Set<number> }>();
  const last = DateTime.fromISO(endDate, { zone: tz }).startOf(unit);
  for (let d = DateTime.fromISO(startDate, { zone: tz }).startOf(unit); d <= last; d = d.plus({ [unit + "s"]: 1 })) {
    buckets.set(d.toISODate()!, { quantity: new Decimal(0), revenue: new Decimal(0), sales: new Set(), reversals: new Set() });
  }
  for (const sale of sales) {
    const local = DateTime.fromJSDate(sale.occurredAt, { zone: tz });
    const day = local.toISODate()!;
    if (day < startDate || day > endDate) continue;
    const bucket = buckets.get(local.startOf(unit).toISODate()!)!;
    for (const item of sale.items.filter((i) => i.productId === productId)) {
      bucket.quantity = bucket.quantity.plus(item.quantity);
      bucket.revenue = bucket.revenue.plus(item.lineTotal);
      (sale.kind === "sale" ? bucket.sales : bucket.reversals).add(sale.id);
    }
  }
  const periodBreakdown = [...buckets].map(([periodStart, b]) => ({
    periodStart,
    quantity: b.quantity.toFixed(3),
    revenue: b.revenue.toFixed(2),
    saleCount: b.sales.size - b.reversals.size,
  }));
  const quantity = [...buckets.values()].reduce((s, b) => s.plus(b.quantity), new Decimal(0));
  const revenue = [...buckets.values()].reduce((s, b) => s.plus(b.revenue), new Decimal(0));
  return {
    totalQuantitySold: quantity.toFixed(3),
    totalRevenue: revenue.toFixed(2),
    averageUnitPrice: quantity.isZero() ? null : revenue.div(quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
    saleCount: periodBreakdown.reduce((s, p) => s + p.saleCount, 0),
    periodBreakdown,
  };
}

function referenceSummary(sales: Sale[], tz: string, startDate: string, endDate: string) {
  const days = new Map<string, { revenue: Decimal; count: number }>();
  const last = DateTime.fromISO(endDate, { zone: tz });
  for (let d = DateTime.fromISO(startDate, { zone: tz }); d <= last; d = d.plus({ days: 1 })) days.set(d.toISODate()!, { revenue: new Decimal(0), count: 0 });
  for (const sale of sales) {
    const day = days.get(DateTime.fromJSDate(sale.occurredAt, { zone: tz }).toISODate()!);
    if (!day) continue;
    day.revenue = day.revenue.plus(sale.total);
    day.count += sale.kind === "sale" ? 1 : -1;
  }
  const products = new Map<number, { quantity: Decimal; revenue: Decimal }>();
  for (const sale of sales) {
    if (!days.has(DateTime.fromJSDate(sale.occurredAt, { zone: tz }).toISODate()!)) continue;
    for (const item of sale.items) {
      const p = products.get(item.productId) ?? { quantity: new Decimal(0), revenue: new Decimal(0) };
      products.set(item.productId, { quantity: p.quantity.plus(item.quantity), revenue: p.revenue.plus(item.lineTotal) });
    }
  }
  return {
    revenueByDay: [...days].map(([date, d]) => ({ date, revenue: d.revenue.toFixed(2), saleCount: d.count })),
    topProducts: [...products]
      .filter(([, p]) => !p.revenue.isZero() || !p.quantity.isZero())
      .sort(([a, pa], [b, pb]) => pb.revenue.comparedTo(pa.revenue) || a - b)
      .map(([productId, p]) => ({ productId, quantity: p.quantity.toFixed(3), revenue: p.revenue.toFixed(2) })),
  };
}

const zones = ["America/Chicago", "Europe/Berlin", "Pacific/Auckland", "Asia/Kolkata", "UTC"];

describe("analytics against an independent reference", () => {
  it.each(zones)("byProduct and summary match for random sales across years, DST changes and reversals (%s)", async (tz) => {
    const { shop, cashier, manager } = await newShop(t.db, `Shop in ${tz}`, tz);
    const products = [
      await trackedProduct(t.db, shop.id, { unitPrice: "2.49" }),
      await trackedProduct(t.db, shop.id, { unitPrice: "10.00" }),
      await volatileProduct(t.db, shop.id, { unitPrice: "5.00" }),
    ];
    const from = Date.parse("2023-01-01T00:00:00Z");
    const to = Date.parse("2026-11-01T00:00:00Z");
    const saleArb = fc.record({
      at: fc.integer({ min: from, max: to }),
      items: fc.array(
        fc.record({
          productId: fc.constantFrom(...products.map((p) => p.id)),
          quantity: fc.integer({ min: 1, max: 5000 }).map((n) => new Decimal(n).div(1000).toFixed(3)),
          unitPrice: fc.option(
            fc.integer({ min: 0, max: 5000 }).map((n) => new Decimal(n).div(100).toFixed(2)),
            { nil: undefined },
          ),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    const generated = fc.sample(saleArb, { numRuns: 400, seed: tz.length * 7919 });
    const { results } = await cashier.sale.sync({
      sales: generated.map((s) => ({ externalId: randomUUID(), clientTimestamp: new Date(s.at).toISOString(), items: s.items })),
    });
    const sales: Sale[] = await Promise.all(results.map((r) => cashier.sale.byId({ id: r.saleId! })));
    for (const original of sales.filter((_, i) => i % 9 === 0)) {
      sales.push((await manager.sale.reverse({ saleId: original.id, externalId: randomUUID(), reason: "refund" })).sale);
    }

    const today = DateTime.now().setZone(tz).toISODate()!;
    const ranges: [string, string][] = [
      ["2023-01-01", today],
      ["2024-02-26", "2024-03-04"],
      ["2025-03-20", "2025-11-05"],
      ["2026-10-25", "2026-10-25"],
    ];
    for (const [startDate, endDate] of ranges) {
      for (const period of ["daily", "weekly", "monthly"] as const) {
        for (const product of products) {
          const actual = await manager.analytics.byProduct({ productId: product.id, startDate, endDate, period });
          expect(actual).toMatchObject(reference(sales, product.id, tz, startDate, endDate, period));
        }
      }
      const summary = await manager.analytics.summary({ startDate, endDate });
      const expected = referenceSummary(sales, tz, startDate, endDate);
      expect(summary.revenueByDay).toEqual(expected.revenueByDay);
      expect(summary.topProducts.map(({ name: _name, ...rest }) => rest)).toEqual(expected.topProducts);
    }
  });
});

describe("analytics named cases", () => {
  const sellAt = async (ctx: Awaited<ReturnType<typeof newShop>>, productId: number, iso: string, quantity = "1") =>
    ctx.cashier.sale.create({ externalId: randomUUID(), clientTimestamp: iso, items: [{ productId, quantity, unitPrice: "10.00" }] });

  it("a sale at 23:30 in Chicago counts on that local day, not the next UTC day", async () => {
    const ctx = await newShop(t.db, "Chicago", "America/Chicago");
    const p = await trackedProduct(t.db, ctx.shop.id);
    await sellAt(ctx, p.id, "2026-07-14T23:30:00-05:00"); // 04:30 UTC on the 15th
    const result = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-07-14", endDate: "2026-07-15", period: "daily" });
    expect(result.periodBreakdown).toEqual([
      { periodStart: "2026-07-14", quantity: "1.000", revenue: "10.00", saleCount: 1 },
      { periodStart: "2026-07-15", quantity: "0.000", revenue: "0.00", saleCount: 0 },
    ]);
  });

  it("weeks around the Berlin DST changes start on Monday and keep the night's sales in the right week", async () => {
    const ctx = await newShop(t.db, "Berlin", "Europe/Berlin");
    const p = await trackedProduct(t.db, ctx.shop.id);
    await sellAt(ctx, p.id, "2026-03-29T23:59:00+02:00"); // Sunday night after the spring change: week of 23 March
    await sellAt(ctx, p.id, "2026-03-30T00:01:00+02:00", "2"); // Monday: week of 30 March
    await sellAt(ctx, p.id, "2026-10-25T02:30:00+01:00", "3"); // the repeated hour in autumn, Sunday: week of 19 October
    await sellAt(ctx, p.id, "2026-10-26T00:00:00+01:00", "4"); // Monday midnight: week of 26 October
    const spring = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-03-23", endDate: "2026-04-05", period: "weekly" });
    expect(spring.periodBreakdown.map((w) => [w.periodStart, w.quantity])).toEqual([
      ["2026-03-23", "1.000"],
      ["2026-03-30", "2.000"],
    ]);
    const autumn = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-10-19", endDate: "2026-11-01", period: "weekly" });
    expect(autumn.periodBreakdown.map((w) => [w.periodStart, w.quantity])).toEqual([
      ["2026-10-19", "3.000"],
      ["2026-10-26", "4.000"],
    ]);
  });

  it("Feb 29 is a day of its own, and monthly buckets hold it in February", async () => {
    const ctx = await newShop(t.db, "Leap", "UTC");
    const p = await trackedProduct(t.db, ctx.shop.id);
    await sellAt(ctx, p.id, "2024-02-29T12:00:00Z", "2");
    const daily = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2024-02-28", endDate: "2024-03-01", period: "daily" });
    expect(daily.periodBreakdown.map((d) => [d.periodStart, d.quantity])).toEqual([
      ["2024-02-28", "0.000"],
      ["2024-02-29", "2.000"],
      ["2024-03-01", "0.000"],
    ]);
    const monthly = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2024-02-01", endDate: "2024-03-31", period: "monthly" });
    expect(monthly.periodBreakdown.map((m) => [m.periodStart, m.revenue])).toEqual([
      ["2024-02-01", "20.00"],
      ["2024-03-01", "0.00"],
    ]);
  });

  it("a one-day range gives one period with the totals and the average unit price", async () => {
    const ctx = await newShop(t.db, "One day", "Asia/Kolkata");
    const p = await trackedProduct(t.db, ctx.shop.id);
    await ctx.cashier.sale.create({
      externalId: randomUUID(),
      clientTimestamp: "2026-05-05T09:00:00+05:30",
      items: [{ productId: p.id, quantity: "1.5", unitPrice: "3.00" }],
    });
    await ctx.cashier.sale.create({
      externalId: randomUUID(),
      clientTimestamp: "2026-05-05T21:00:00+05:30",
      items: [{ productId: p.id, quantity: "0.5", unitPrice: "4.00" }],
    });
    await sellAt(ctx, p.id, "2026-05-06T00:00:00+05:30"); // the next local day: outside the range
    const result = await ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-05-05", endDate: "2026-05-05", period: "daily" });
    expect(result).toMatchObject({
      totalQuantitySold: "2.000",
      totalRevenue: "6.50",
      averageUnitPrice: "3.25",
      saleCount: 2,
      periodBreakdown: [{ periodStart: "2026-05-05", quantity: "2.000", revenue: "6.50", saleCount: 2 }],
    });
  });

  it("rejects reversed or oversized ranges and other shops' products", async () => {
    const ctx = await newShop(t.db);
    const other = await newShop(t.db);
    const p = await trackedProduct(t.db, other.shop.id);
    await expect(ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-01-01", endDate: "2026-01-31", period: "daily" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(ctx.manager.analytics.byProduct({ productId: p.id, startDate: "2026-02-01", endDate: "2026-01-31", period: "daily" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(ctx.manager.analytics.summary({ startDate: "2000-01-01", endDate: "2026-01-31" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(ctx.cashier.analytics.summary({ startDate: "2026-01-01", endDate: "2026-01-31" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("shop settings", () => {
  it("owners change the time zone and reports follow it at once", async () => {
    const ctx = await newShop(t.db, "Moving shop", "UTC");
    const p = await trackedProduct(t.db, ctx.shop.id);
    await ctx.cashier.sale.create({ externalId: randomUUID(), clientTimestamp: "2026-06-01T02:00:00Z", items: [{ productId: p.id, quantity: "1" }] });
    const range = { productId: p.id, startDate: "2026-05-31", endDate: "2026-06-01", period: "daily" as const };
    expect((await ctx.manager.analytics.byProduct(range)).periodBreakdown.map((d) => d.quantity)).toEqual(["0.000", "1.000"]);

    await expect(ctx.manager.shop.update({ timezone: "America/New_York" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(ctx.as("owner").shop.update({ timezone: "Mars/Olympus" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await ctx.as("owner").shop.update({ timezone: "America/New_York", currency: "usd" })).toMatchObject({
      timezone: "America/New_York",
      currency: "USD",
    });

    expect((await ctx.manager.analytics.byProduct(range)).periodBreakdown.map((d) => d.quantity)).toEqual(["1.000", "0.000"]);
  });
});
