// DESIGN.md §4 as tables: who may call each procedure, and what another shop's ids get.
// Both walk appRouter's own list of procedures, so a procedure added without an entry
// here fails these tests instead of going unchecked.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, authenticateApiKey, createApiKey, createShopWithOwner, inviteStaff, revokeApiKey, type ApiKeyPrincipal } from "@tillsync/db";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { apiKeyRole, appRouter, type Principal } from "../src";
import { callerFor, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

type Access = "shop" | "manager" | "owner";

/** The least a caller must be: "shop" = anyone of the shop, tills included. */
const access: Record<string, Access> = {
  "product.list": "shop",
  "product.changes": "shop",
  "product.byId": "shop",
  "sale.create": "shop",
  "sale.sync": "shop",
  "sale.byId": "shop",
  "sale.list": "shop",
  "sale.refund": "shop",
  "sale.refundable": "shop",
  "shop.current": "shop",
  "alert.list": "manager",
  "alert.acknowledge": "manager",
  "analytics.byProduct": "manager",
  "analytics.byTender": "manager",
  "analytics.summary": "manager",
  "product.create": "manager",
  "product.update": "manager",
  "product.archive": "manager",
  "product.restock": "manager",
  "product.count": "manager",
  "product.movements": "manager",
  "sale.reverse": "manager",
  "sale.discardRejected": "shop",
  "sale.discardedList": "manager",
  "shop.update": "owner",
  "shop.setup": "manager",
  "shop.dismissSetup": "manager",
  "staff.list": "owner",
  "staff.invite": "owner",
  "staff.remove": "owner",
  "staff.setRole": "owner",
  "apiKey.create": "owner",
  "apiKey.list": "owner",
  "apiKey.revoke": "owner",
  "till.list": "shop",
  "till.claim": "shop",
  "till.status": "shop",
  "till.create": "manager",
  "till.update": "manager",
  "drawer.record": "shop",
  "drawer.session": "shop",
  "drawer.list": "shop",
  "drawer.cashUp": "manager",
  "review.list": "manager",
  "review.count": "manager",
  "review.item": "manager",
  "review.markReviewed": "manager",
  "audit.list": "manager",
  "audit.exportCsv": "manager",
};

const rank = { device: 0, cashier: 0, manager: 1, owner: 2 } as const;
const needed = { shop: 0, manager: 1, owner: 2 } as const;

const procedures = Object.keys(appRouter._def.procedures).sort();
const today = new Date().toISOString().slice(0, 10);

/** Calls a procedure by its dotted path. */
function call(principal: Principal | null, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], callerFor(t.db, principal)) as (
    input: unknown,
  ) => Promise<unknown>;
  return procedure(input);
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : Promise.reject(error)),
  );

const keyPrincipal = (key: ApiKeyPrincipal | null): Principal | null =>
  key && { shopId: key.shopId, role: apiKeyRole(key.role), apiKeyId: key.apiKeyId, name: key.name };

/** A shop with real staff (owner, manager, cashier), keys, a product, a sale, an alert and a drawer event flagged for review. */
async function seedShop(label: string) {
  const db = t.db;
  const user = (who: string) => ({ name: `${label} ${who}`, passwordHash: "not-a-real-hash" });
  const { shop, userId: ownerId } = await createShopWithOwner(db.prisma, {
    shop: { name: `${label} shop` },
    owner: { ...user("owner"), email: `owner@${label}.example` },
  });
  const member = async (role: "manager" | "cashier", who: string = role) => {
    const { token } = await inviteStaff(db.prisma, { shopId: shop.id, userId: ownerId }, { email: `${who}@${label}.example`, role });
    return (await acceptStaffInvite(db.prisma, { token, user: user(who) })).userId;
  };
  const [managerId, cashierId, spareId] = [await member("manager"), await member("cashier"), await member("cashier", "spare")];
  const deviceKey = await createApiKey(db.prisma, { shopId: shop.id, name: `${label}-pos`, role: "device" });
  const managerKey = await createApiKey(db.prisma, { shopId: shop.id, name: `${label}-job`, role: "manager" });
  const revokedKey = await createApiKey(db.prisma, { shopId: shop.id, name: `${label}-old`, role: "device" });
  await revokeApiKey(db.prisma, shop.id, revokedKey.id);
  const spareKey = await createApiKey(db.prisma, { shopId: shop.id, name: `${label}-spare`, role: "device" });

  const staff = (role: "owner" | "manager" | "cashier", userId: string): Principal => ({ shopId: shop.id, role, userId, name: `${label} ${role}` });
  const principals: Record<string, Principal | null> = {
    anonymous: null,
    cashier: staff("cashier", cashierId),
    manager: staff("manager", managerId),
    owner: staff("owner", ownerId),
    "device key": keyPrincipal(await authenticateApiKey(db.prisma, deviceKey.key)),
    "manager key": keyPrincipal(await authenticateApiKey(db.prisma, managerKey.key)),
    "revoked key": keyPrincipal(await authenticateApiKey(db.prisma, revokedKey.key)),
  };

  const product = await trackedProduct(db, shop.id, { name: `${label}-secret product`, stock: "1", reorderLevel: "5" });
  const owner = principals.owner!;
  const { sale: sold } = (await call(owner, "sale.create", sale([{ productId: product.id, quantity: "1" }]))) as { sale: { id: number } };
  const [alert] = ((await call(owner, "alert.list", {})) as { items: { id: number }[] }).items;
  const till = (await call(owner, "till.create", { name: "Front", series: "F" })) as { id: number };
  const sessionId = randomUUID();
  // Opened by a cashier the shop never had: flagged for a manager's review (DESIGN.md §7).
  const opened = (await call(owner, "drawer.record", {
    type: "drawer",
    externalId: randomUUID(),
    tillId: till.id,
    sessionId,
    kind: "open",
    amount: "50.00",
    cashierId: "left-the-shop",
  })) as { event: { id: number } };
  return {
    shop,
    principals,
    product,
    saleId: sold.id,
    alertId: alert!.id,
    cashierId,
    spareId,
    spareKeyId: spareKey.id,
    tillId: till.id,
    sessionId,
    flaggedEventId: opened.event.id,
  };
}

type Shop = Awaited<ReturnType<typeof seedShop>>;

/** A valid input for each procedure, naming the given shop's rows. */
const inputs: Record<string, (shop: Shop) => unknown> = {
  "product.list": () => ({}),
  "product.changes": () => ({}),
  "product.byId": (s) => ({ id: s.product.id }),
  "sale.create": (s) => sale([{ productId: s.product.id, quantity: "1" }]),
  "sale.sync": (s) => ({ sales: [sale([{ productId: s.product.id, quantity: "1" }])] }),
  "sale.byId": (s) => ({ id: s.saleId }),
  "sale.list": (s) => ({ productId: s.product.id }),
  "sale.refund": (s) => ({ type: "refund", externalId: randomUUID(), originalSaleId: s.saleId, lines: [{ lineNo: 1, quantity: "1" }], reason: "Returned" }),
  "sale.refundable": (s) => ({ saleId: s.saleId }),
  "shop.current": () => undefined,
  "alert.list": () => ({}),
  "alert.acknowledge": (s) => ({ id: s.alertId }),
  "analytics.byProduct": (s) => ({ productId: s.product.id, startDate: today, endDate: today, period: "daily" }),
  "analytics.byTender": () => ({ startDate: today, endDate: today }),
  "analytics.summary": () => ({ startDate: today, endDate: today }),
  "product.create": () => ({ name: `New ${randomUUID()}`, unitPrice: "1.00" }),
  "product.update": (s) => ({ id: s.product.id, unitPrice: "2.00" }),
  "product.archive": (s) => ({ id: s.product.id, archived: false }),
  "product.restock": (s) => ({ productId: s.product.id, quantity: "1" }),
  "product.count": (s) => ({ productId: s.product.id, countedStock: "1" }),
  "product.movements": (s) => ({ productId: s.product.id }),
  "sale.reverse": (s) => ({ saleId: s.saleId, externalId: randomUUID(), reason: "refund" }),
  "sale.discardRejected": (s) => ({ externalId: randomUUID(), reason: "Test sale", sale: { items: [] }, cashierId: s.cashierId }),
  "sale.discardedList": () => ({}),
  "shop.update": (s) => ({ name: s.shop.name }),
  "shop.setup": () => undefined,
  "shop.dismissSetup": () => undefined,
  "staff.list": () => undefined,
  "staff.invite": () => ({ email: `${randomUUID()}@invitee.example`, role: "cashier" }),
  "staff.remove": (s) => ({ userId: s.spareId }),
  "staff.setRole": (s) => ({ userId: s.cashierId, role: "cashier" }),
  "apiKey.create": () => ({ name: "pos-new" }),
  "apiKey.list": () => undefined,
  "apiKey.revoke": (s) => ({ id: s.spareKeyId }),
  "till.list": () => undefined,
  "till.claim": (s) => ({ tillId: s.tillId, claimId: randomUUID() }),
  "till.status": (s) => ({ tillId: s.tillId, claimId: randomUUID() }),
  "till.create": (s) => ({ name: "New till", series: randomUUID().slice(0, 8), apiKeyId: s.spareKeyId }),
  "till.update": (s) => ({ id: s.tillId, name: "Front" }),
  "drawer.record": (s) => ({
    type: "drawer",
    externalId: randomUUID(),
    tillId: s.tillId,
    sessionId: s.sessionId,
    kind: "payIn",
    amount: "1.00",
    reason: "Coins",
  }),
  "drawer.session": (s) => ({ sessionId: s.sessionId }),
  "drawer.list": (s) => ({ tillId: s.tillId }),
  "drawer.cashUp": (s) => ({ tillId: s.tillId, date: today }),
  "review.list": () => ({}),
  "review.count": () => undefined,
  "review.item": (s) => ({ subject: "drawerEvent", subjectId: s.flaggedEventId }),
  "review.markReviewed": (s) => ({ subject: "drawerEvent", subjectId: s.flaggedEventId, note: "Seen" }),
  "audit.list": (s) => ({ actorUserId: s.principals.owner!.userId }),
  "audit.exportCsv": (s) => ({ actorUserId: s.principals.owner!.userId }),
};

describe("who may call what (DESIGN.md §4)", () => {
  let a: Shop;
  beforeAll(async () => {
    a = await seedShop("a");
  });

  it("every procedure has an access rule and an input in these tables", () => {
    expect(procedures.filter((path) => !(path in access) || !(path in inputs))).toEqual([]);
  });

  const callers = ["anonymous", "revoked key", "cashier", "device key", "manager", "manager key", "owner"];
  const expected = (path: string, who: string) => {
    const principal = a.principals[who];
    if (!principal) return "UNAUTHORIZED";
    return rank[principal.role] >= needed[access[path]!] ? "allowed" : "FORBIDDEN";
  };

  it.each(procedures)("%s: each caller gets exactly what its role allows", async (path) => {
    const outcome: Record<string, string> = {};
    const wanted: Record<string, string> = {};
    for (const who of callers) {
      const code = await codeOf(call(a.principals[who]!, path, inputs[path]!(a)));
      // Allowed callers may still meet a domain rule (a sale reversed twice, the last owner):
      // what matters here is that the role check let them through.
      outcome[who] = code === "UNAUTHORIZED" || code === "FORBIDDEN" ? code : "allowed";
      wanted[who] = expected(path, who);
    }
    expect(outcome).toEqual(wanted);
  });
});

/** Procedures whose input names a row by id anywhere (items included), found in their input schemas. */
function idTakingProcedures() {
  return procedures.filter((path) => {
    const schemas = (appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>)[path]!._def.inputs;
    const json = JSON.stringify(schemas.map((schema) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" })));
    // Row ids, not the clients' own externalId UUIDs (which are unrelated across shops).
    return /"(?!externalId")(id|\w+Id)":/.test(json);
  });
}

describe("another shop's ids", () => {
  let a: Shop;
  let b: Shop;
  beforeAll(async () => {
    a = await seedShop("victim");
    b = await seedShop("other");
  });

  /** What B's owner gets for A's ids: NOT_FOUND, or for filters and batches, nothing of A's. */
  const foreign: Record<string, "NOT_FOUND" | ((result: { results?: unknown; items?: unknown }) => void)> = {
    "product.byId": "NOT_FOUND",
    "product.update": "NOT_FOUND",
    "product.archive": "NOT_FOUND",
    "product.restock": "NOT_FOUND",
    "product.count": "NOT_FOUND",
    "product.movements": "NOT_FOUND",
    "sale.create": "NOT_FOUND",
    "sale.byId": "NOT_FOUND",
    "sale.reverse": "NOT_FOUND",
    "sale.refund": "NOT_FOUND",
    "sale.refundable": "NOT_FOUND",
    "alert.acknowledge": "NOT_FOUND",
    "analytics.byProduct": "NOT_FOUND",
    "staff.remove": "NOT_FOUND",
    "staff.setRole": "NOT_FOUND",
    "apiKey.revoke": "NOT_FOUND",
    "till.create": "NOT_FOUND",
    "till.update": "NOT_FOUND",
    "till.claim": "NOT_FOUND",
    "till.status": "NOT_FOUND",
    "drawer.record": "NOT_FOUND",
    "drawer.session": "NOT_FOUND",
    "drawer.list": "NOT_FOUND",
    "drawer.cashUp": "NOT_FOUND",
    "review.item": "NOT_FOUND",
    "review.markReviewed": "NOT_FOUND",
    // A batch reports the one bad sale instead of failing; a filter just finds nothing.
    "sale.sync": (result) => expect(result.results).toMatchObject([{ status: "rejected", error: { code: "PRODUCT_NOT_FOUND" } }]),
    "sale.list": (result) => expect(result.items).toEqual([]),
    // The audit log filtered by A's owner: B's log has nothing of theirs.
    "audit.list": (result) => expect(result.items).toEqual([]),
    "audit.exportCsv": (result) => expect(result).toMatchObject({ rows: 0 }),
    // Recorded: a discard is never refused; A's cashier is no one B's shop knows (§7).
    "sale.discardRejected": (result) => expect(result).toMatchObject({ cashier: { name: null, status: "unknown" }, needsReview: false }),
  };

  it("every procedure that takes an id has an entry here", () => {
    expect(idTakingProcedures().filter((path) => !(path in foreign))).toEqual([]);
  });

  it.each(Object.keys(foreign))("%s with another shop's id finds nothing and reveals nothing", async (path) => {
    const rule = foreign[path]!;
    const outcome: { result?: unknown; error?: TRPCError } = await call(b.principals.owner!, path, inputs[path]!(a)).then(
      (result) => ({ result }),
      (error: unknown) => ({ error: error as TRPCError }),
    );
    if (rule === "NOT_FOUND") expect(outcome.error?.code).toBe("NOT_FOUND");
    else rule(outcome.result as { results?: unknown; items?: unknown });
    const seen = JSON.stringify(outcome.error ? { message: outcome.error.message, cause: outcome.error.cause } : outcome.result);
    expect(seen).not.toMatch(/victim/);
  });

  it("nothing of shop A changed", async () => {
    const owner = a.principals.owner!;
    expect(await call(owner, "product.byId", { id: a.product.id })).toMatchObject({ unitPrice: "2.50", stock: "0.000", archivedAt: null });
    expect(((await call(owner, "sale.list", {})) as { items: unknown[] }).items).toHaveLength(1);
    const staff = (await call(owner, "staff.list", undefined)) as { members: { userId: string; role: string }[] };
    expect(staff.members.map((m) => m.role)).toEqual(["owner", "manager", "cashier", "cashier"]);
    const keys = (await call(owner, "apiKey.list", undefined)) as { id: number; revokedAt: Date | null }[];
    expect(keys.find((key) => key.id === a.spareKeyId)?.revokedAt).toBeNull();
  });
});
