import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createApiKey, createProduct, createShop, createShopWithOwner, inviteStaff } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import type { DrawerEventInputRaw } from "@tillsync/validators";
import { TRPCError, type inferProcedureInput } from "@trpc/server";
import { afterAll, beforeAll, expect } from "vitest";

import { createCaller, type AppRouter, type Principal, type Role } from "../src";

export type SaleCreateInput = inferProcedureInput<AppRouter["sale"]["create"]>;

/** One real database per test file (PostgreSQL with DATABASE_URL, else PGlite). */
export function useTestDatabase(options?: { poolSize?: number }) {
  const holder = {} as { db: TestDatabase };
  beforeAll(async () => {
    holder.db = await createTestDatabase(options);
  });
  afterAll(async () => {
    await holder.db?.destroy();
  });
  return holder;
}

export function callerFor(db: TestDatabase, principal: Principal | null) {
  return createCaller({ prisma: db.prisma, principal });
}

/** A new shop with a caller per role, so tests never see each other's data. */
export async function newShop(db: TestDatabase, name = "Corner shop", timezone = "UTC") {
  const shop = await createShop(db.prisma, { name, timezone });
  const as = (role: Role, extra: Partial<Principal> = {}) =>
    callerFor(db, { shopId: shop.id, role, name: `${role}@${shop.id}`, userId: role === "device" ? undefined : `user-${role}-${shop.id}`, ...extra });
  return { shop, as, manager: as("manager"), cashier: as("cashier") };
}

export async function trackedProduct(
  db: TestDatabase,
  shopId: number,
  fields: { name?: string; unitPrice?: string; stock?: string; reorderLevel?: string } = {},
) {
  return createProduct(
    db.prisma,
    { shopId },
    {
      name: fields.name ?? `Product ${randomUUID().slice(0, 8)}`,
      isVolatile: false,
      unitPrice: fields.unitPrice ?? "2.50",
      initialStock: fields.stock ?? "100",
      reorderLevel: fields.reorderLevel,
    },
  );
}

export async function volatileProduct(db: TestDatabase, shopId: number, fields: { name?: string; unitPrice?: string } = {}) {
  return createProduct(db.prisma, { shopId }, { name: fields.name ?? "Cheese by weight", isVolatile: true, unitPrice: fields.unitPrice ?? "0" });
}

export const sale = (items: SaleCreateInput["items"], extra: Partial<SaleCreateInput> = {}): SaleCreateInput => ({
  externalId: randomUUID(),
  clientTimestamp: new Date().toISOString(),
  sourceDevice: "till-1",
  items,
  ...extra,
});

/** A drawer event of `kind` in session `sessionId` of till `tillId` (DESIGN.md §8), a float of 100.00 and now unless `extra` says otherwise. */
export const drawerEvent = (
  tillId: number,
  sessionId: string,
  kind: DrawerEventInputRaw["kind"],
  extra: Partial<DrawerEventInputRaw> = {},
): DrawerEventInputRaw => ({
  type: "drawer",
  externalId: randomUUID(),
  tillId,
  sessionId,
  kind,
  amount: "100.00",
  clientTimestamp: new Date().toISOString(),
  ...extra,
});

/** Rows in a table for one shop, counted in the database itself. */
export async function countRows(db: TestDatabase, table: "sale" | "sale_item" | "stock_movement" | "product" | "low_stock_alert", shopId: number) {
  const rows = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE shop_id = $1`, shopId);
  return Number(rows[0]!.n);
}

/** A shop with real staff (owner, manager, cashier) and keys, so roles come from the database as in production. */
export async function shopWithStaff(db: TestDatabase) {
  const label = randomUUID().slice(0, 8);
  const { shop, userId: ownerId } = await createShopWithOwner(db.prisma, {
    shop: { name: `Shop ${label}` },
    owner: { name: "Olga Owner", email: `owner@${label}.example`, passwordHash: "x" },
  });
  const member = async (name: string, role: "manager" | "cashier") => {
    const { token } = await inviteStaff(db.prisma, { shopId: shop.id, userId: ownerId }, { email: `${name}@${label}.example`, role });
    return (await acceptStaffInvite(db.prisma, { token, user: { name, passwordHash: "x" } })).userId;
  };
  const managerId = await member("Mia", "manager");
  const cashierId = await member("Carl", "cashier");
  const key = async (role: "device" | "manager") => {
    const created = await createApiKey(db.prisma, { shopId: shop.id, name: `${role}-${label}`, role });
    return callerFor(db, { shopId: shop.id, role, apiKeyId: created.id, name: `${role}-${label}` });
  };
  const staff = (userId: string, role: Principal["role"]) => callerFor(db, { shopId: shop.id, role, userId, name: userId });
  return {
    shop,
    managerId,
    cashierId,
    owner: staff(ownerId, "owner"),
    manager: staff(managerId, "manager"),
    cashier: staff(cashierId, "cashier"),
    deviceKey: await key("device"),
    managerKey: await key("manager"),
  };
}

/** The TRPCError a call fails with (the test fails when it succeeds or throws anything else). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The application code (DESIGN.md error table) behind a TRPCError, e.g. "TILL_NOT_FOUND". */
export const appCode = (error: TRPCError) => (error.cause as { code?: string } | undefined)?.code;
