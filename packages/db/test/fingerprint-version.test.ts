// DESIGN.md §3.2: fingerprints carry a version, and a sale stored under an older definition
// is compared under it, so changing what is fingerprinted never turns an honest retry of
// an old sale into IDEMPOTENCY_KEY_REUSED.
import { createHash, randomUUID } from "node:crypto";

import { saleInput } from "@tillsync/validators";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createProduct, createShop, recordSale, syncSales } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

/** The definition sales were stored under before version 2, as it was written then. */
const v1 = (device: string, clientTimestamp: string, productId: number, quantity: string) =>
  createHash("sha256")
    .update(JSON.stringify({ device, clientTimestamp, items: [[productId, null, quantity, null]] }))
    .digest("hex");

describe("fingerprint versions", () => {
  it("replays a sale stored under version 1, and still refuses a different sale under its key", async () => {
    const shop = await createShop(db.prisma, { name: "Old sales" });
    const actor = { shopId: shop.id, userId: "cashier-1" };
    const milk = await createProduct(db.prisma, actor, { name: "Milk", isVolatile: false, unitPrice: "1.00", initialStock: "10" });
    const raw = {
      externalId: randomUUID(),
      sourceDevice: "mobile-app-v1.2",
      clientTimestamp: "2026-11-20T09:15:00+01:00",
      items: [{ productId: milk.id, quantity: "2" }],
    };
    const { sale: stored } = await recordSale(db.prisma, actor, saleInput.parse(raw));
    // As a sale recorded by the previous build looks (sales are append-only, so the trigger steps aside for the test).
    await db.prisma.$transaction([
      db.prisma.$executeRawUnsafe(`ALTER TABLE sale DISABLE TRIGGER sale_append_only`),
      db.prisma
        .$executeRaw`UPDATE sale SET fingerprint = ${v1("mobile-app-v1.2", "2026-11-20T08:15:00.000Z", milk.id, "2.000")}, fingerprint_version = 1 WHERE id = ${stored.id}`,
      db.prisma.$executeRawUnsafe(`ALTER TABLE sale ENABLE TRIGGER sale_append_only`),
    ]);

    expect(await recordSale(db.prisma, actor, saleInput.parse(raw))).toMatchObject({ replayed: true, sale: { id: stored.id } });
    // The same instant spelled otherwise was the same sale under version 1 too.
    expect(await recordSale(db.prisma, actor, saleInput.parse({ ...raw, clientTimestamp: "2026-11-20T08:15:00Z" }))).toMatchObject({ replayed: true });
    expect(await syncSales(db.prisma, actor, [raw])).toEqual([{ externalId: raw.externalId, status: "replayed", saleId: stored.id }]);
    // Under version 1 the device label was part of the sale: compared under it, it still differs.
    await expect(recordSale(db.prisma, actor, saleInput.parse({ ...raw, items: [{ productId: milk.id, quantity: "3" }] }))).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      details: { storedSaleId: stored.id },
    });
    const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM sale WHERE shop_id = ${shop.id}`;
    expect(Number(row!.n)).toBe(1);
  });

  it("stores new sales under version 4 (tenders included, and the receipt number: receipts.test.ts in packages/api), and a sale stored under version 2 replays whatever tenders its retry carries", async () => {
    const shop = await createShop(db.prisma, { name: "New sales" });
    const actor = { shopId: shop.id };
    const milk = await createProduct(db.prisma, actor, { name: "Milk", isVolatile: false, unitPrice: "1.00" });
    const raw = { externalId: randomUUID(), clientTimestamp: "2026-11-20T09:15:00Z", items: [{ productId: milk.id, quantity: "1" }] };
    const { sale } = await recordSale(db.prisma, actor, saleInput.parse({ ...raw, tenders: [{ method: "cash", amount: "1.00", tendered: "2" }] }));
    const [row] = await db.prisma.$queryRaw<{ v: number }[]>`SELECT fingerprint_version AS v FROM sale WHERE id = ${sale.id}`;
    expect(Number(row!.v)).toBe(4);
    // Version 3 and on: the tenders are facts of the sale; the same ones spelled otherwise replay, others do not.
    expect(await recordSale(db.prisma, actor, saleInput.parse({ ...raw, tenders: [{ method: "cash", amount: "1", tendered: "2.00" }] }))).toMatchObject({
      replayed: true,
      sale: { id: sale.id },
    });
    await expect(recordSale(db.prisma, actor, saleInput.parse({ ...raw, tenders: [{ method: "card", amount: "1.00" }] }))).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
      details: { storedSaleId: sale.id },
    });
    await expect(recordSale(db.prisma, actor, saleInput.parse(raw))).rejects.toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });

    // A sale stored by the build before tenders (version 2, as that build wrote it): an upgraded till's retry with tenders replays.
    const old = { externalId: randomUUID(), clientTimestamp: "2026-11-20T10:00:00Z", items: [{ productId: milk.id, quantity: "2" }] };
    const { sale: stored } = await recordSale(db.prisma, actor, saleInput.parse(old));
    const v2 = sha256(JSON.stringify({ v: 2, at: "2026-11-20T10:00:00.000Z", cashier: null, items: [[milk.id, null, "2.000", "1.00"]] }));
    await db.prisma.$transaction([
      db.prisma.$executeRawUnsafe(`ALTER TABLE sale DISABLE TRIGGER sale_append_only`),
      db.prisma.$executeRaw`UPDATE sale SET fingerprint = ${v2}, fingerprint_version = 2 WHERE id = ${stored.id}`,
      db.prisma.$executeRawUnsafe(`ALTER TABLE sale ENABLE TRIGGER sale_append_only`),
    ]);
    expect(await recordSale(db.prisma, actor, saleInput.parse({ ...old, tenders: [{ method: "card", amount: "2.00" }] }))).toMatchObject({
      replayed: true,
      sale: { id: stored.id },
    });
    expect(await syncSales(db.prisma, actor, [old])).toEqual([{ externalId: old.externalId, status: "replayed", saleId: stored.id }]);
    await expect(recordSale(db.prisma, actor, saleInput.parse({ ...old, items: [{ productId: milk.id, quantity: "3" }] }))).rejects.toMatchObject({
      code: "IDEMPOTENCY_KEY_REUSED",
    });
  });
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("shop time zones", () => {
  it("refuses a zone PostgreSQL does not know by name, as a typed 400", async () => {
    const { updateShop } = await import("../src");
    const shop = await createShop(db.prisma, { name: "Zones", timezone: "Europe/Berlin" });
    await expect(updateShop(db.prisma, { shopId: shop.id }, { timezone: "Mars/Olympus_Mons" })).rejects.toMatchObject({
      kind: "BAD_REQUEST",
      code: "UNKNOWN_TIME_ZONE",
    });
    await expect(createShop(db.prisma, { name: "Nowhere", timezone: "Mars/Olympus_Mons" })).rejects.toMatchObject({ code: "UNKNOWN_TIME_ZONE" });
    expect((await updateShop(db.prisma, { shopId: shop.id }, { timezone: "America/New_York" })).timezone).toBe("America/New_York");
  });
});
