// How long each till keeps sent sales (issue 21): 35 days unless the owner says otherwise;
// owners set 7..365 whole days, every staff member's and device's shop.current carries it (a
// till prunes by it); anything else is a 400 in staff words and writes nothing, and only
// owners change it. The database refuses a value outside the bounds too (CHECK).
// Real PostgreSQL, through the tRPC stack.
import { describe, expect, it } from "vitest";

import { newShop, rejection, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("till retention", () => {
  it("is 35 days by default; owners set it; the till's shop.current carries it", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    expect((await shop.cashier.shop.current()).shop.tillRetentionDays).toBe(35);
    expect((await owner.shop.update({ tillRetentionDays: 7 })).tillRetentionDays).toBe(7);
    expect((await owner.shop.update({ tillRetentionDays: 365 })).tillRetentionDays).toBe(365);
    expect((await shop.cashier.shop.current()).shop.tillRetentionDays).toBe(365);
    // Another setting leaves it as it is.
    expect((await owner.shop.update({ name: "Renamed" })).tillRetentionDays).toBe(365);
  });

  it("refuses what is not 7..365 whole days, in staff words, writing nothing; only owners change it", async () => {
    const shop = await newShop(t.db);
    const owner = shop.as("owner");
    await owner.shop.update({ tillRetentionDays: 60 });
    for (const [days, message] of [
      [6, "Keep sales at least 7 days"],
      [366, "Keep sales at most 365 days"],
      [30.5, "Enter whole days"],
      ["30", "Enter a number of days"],
      [null, "Enter a number of days"],
    ] as const) {
      const error = await rejection(owner.shop.update({ tillRetentionDays: days as never }));
      expect(error.code, String(days)).toBe("BAD_REQUEST");
      expect(error.message, String(days)).toContain(message);
    }
    expect((await rejection(shop.manager.shop.update({ tillRetentionDays: 10 }))).code).toBe("FORBIDDEN");
    expect((await shop.cashier.shop.current()).shop.tillRetentionDays).toBe(60);
  });

  it("is bounded by the database as well", async () => {
    const { shop } = await newShop(t.db);
    for (const days of [0, 6, 366]) {
      await expect(t.db.prisma.shop.update({ where: { id: shop.id }, data: { tillRetentionDays: days } })).rejects.toThrow(/till_retention_days_check/);
    }
  });
});
