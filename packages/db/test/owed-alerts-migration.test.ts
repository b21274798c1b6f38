import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createShop } from "../src";
import { migrationsDir } from "../src/migrate";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

const owedAlerts = readFileSync(`${migrationsDir}/20261130170000_owed_low_stock_alerts/migration.sql`, "utf8");

describe("the migration that raises the low-stock alerts owed before issue 16", () => {
  it("raises one for each unarchived product below its level without an open alert, and nothing else", async () => {
    const shop = await createShop(db.prisma, { name: "Legacy" });
    // As the old inline path left them: rows written directly, no alerts.
    const insert = (name: string, stock: string | null, level: string | null, archived = false) =>
      db.prisma.product.create({
        data: { shopId: shop.id, name, isVolatile: stock === null, unitPrice: "1.00", stock, reorderLevel: level, archivedAt: archived ? new Date() : null },
        select: { id: true },
      });
    const jam = await insert("Jam, made at the till", "-2", "5");
    const alerted = await insert("Milk, alerted", "1", "4");
    await db.prisma.lowStockAlert.create({ data: { shopId: shop.id, productId: alerted.id, stockAtTrigger: "3", reorderLevel: "4" } });
    const archived = await insert("Old stock", "0", "3", true);
    const fine = await insert("Plenty", "9", "3");
    const noLevel = await insert("No level", "-1", null);
    const cheese = await insert("Cheese", null, null);

    await db.prisma.$executeRawUnsafe(owedAlerts);
    await db.prisma.$executeRawUnsafe(owedAlerts); // re-running it owes nothing more

    const alerts = await db.prisma.lowStockAlert.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(alerts.map((a) => [a.productId, a.stockAtTrigger.toFixed(3), a.reorderLevel.toFixed(3), a.saleId, a.resolvedAt])).toEqual([
      [alerted.id, "3.000", "4.000", null, null],
      [jam.id, "-2.000", "5.000", null, null],
    ]);
    expect([archived, fine, noLevel, cheese].some((p) => alerts.some((a) => a.productId === p.id))).toBe(false);
  });
});
