// What the fuzz tests share (fuzz.test.ts, fuzz-boundary.test.ts): each procedure's input
// schema, a seeded shop per procedure, the table of valid inputs, and tRPC batching.
import { randomUUID } from "node:crypto";

import { appRouter } from "@tillsync/api";
import { acceptStaffInvite, createApiKey, createProduct, createTill, inviteStaff, recordDrawerEvent, recordSale } from "@tillsync/db";
import { auditActions, auditSubjectKinds } from "@tillsync/validators";
import type { TestDatabase } from "@tillsync/db/testing";
import fc from "fast-check";
import { expect } from "vitest";
import { z } from "zod";

import { cookiesOf, WEB_ORIGIN } from "../auth-client";
import { shaped, type Hints, type JsonSchema } from "./arbitraries";

/** Batches are cut to stay well inside the 1 MB body limit and Node's 16 KB of headers. */
export const MAX_POST_BYTES = 256 * 1024;
export const MAX_URL_BYTES = 12 * 1024;
export const NODE_MAX_HEADER_BYTES = 16 * 1024;

export type Kind = "hostile" | "shaped" | "valid";
export interface Call {
  kind: Kind;
  /** The superjson envelope as sent: usually { json }, sometimes with a hostile meta, sometimes bare. */
  body: unknown;
}
export interface FuzzedShop {
  cookie: string;
  seed: Seed;
  hints: Hints;
  restKey: string;
  shopId: number;
}
export interface Seed {
  products: number[];
  /** The products that keep stock (the last product is volatile). */
  tracked: number[];
  alerts: number[];
  sales: number[];
  members: string[];
  removable: string[];
  apiKeys: number[];
  tills: number[];
  /** Drawer sessions opened on the seed's tills. */
  sessions: string[];
  /** Sales flagged for a manager's review (rung up by a cashier the shop never had). */
  flagged: number[];
}

export const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation"; inputs: z.ZodType[] } }>;
export const paths = Object.keys(procedures).sort();
/** A procedure's input as JSON Schema, or undefined when it takes none. */
export function inputSchema(path: string, router: Record<string, { _def: { inputs: z.ZodType[] } }> = procedures) {
  const [input] = router[path]!._def.inputs;
  return input && (z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema);
}

const money = fc.integer({ min: 0, max: 99_999 }).map((cents) => (cents / 100).toFixed(2));
const quantity = fc.integer({ min: 1, max: 5_000 }).map((n) => (n / 1000).toFixed(3));
const stockLevel = fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 1000).toFixed(3));
const externalId = fc.noBias(fc.uuid({ version: 4 }));
const day = fc.date({ min: new Date("2024-01-01"), max: new Date("2027-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const dateRange = fc.tuple(day, day).map(([a, b]) => (a <= b ? { startDate: a, endDate: b } : { startDate: b, endDate: a }));
const name = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" }).filter((text) => text.trim().length > 0);
/** Pages of any size are allowed (to 200); small ones keep 10,000 calls quick. */
const page = fc.integer({ min: 1, max: 20 });
/** A till's name: at most 64 characters however many code units a grapheme takes. */
const tillName = fc.string({ minLength: 1, maxLength: 8, unit: "grapheme" }).filter((text) => text.trim().length > 0);
const optional = <T>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(record, { requiredKeys: [] });

/**
 * Inputs that must succeed (or, where the row can be used up, meet the documented refusal:
 * a sale reverses once, a member is removed once). `refusals` lists the accepted appCodes.
 */
export const valid: Record<string, { input: (s: Seed) => fc.Arbitrary<unknown>; share?: number; refusals?: string[] }> = {
  "alert.list": { input: () => optional({ status: fc.constantFrom("open", "resolved", "all"), limit: page }) },
  "alert.acknowledge": { input: (s) => fc.constantFrom(...s.alerts).map((id) => ({ id })) },
  "analytics.byProduct": {
    input: (s) =>
      fc
        .tuple(fc.constantFrom(...s.products), fc.constantFrom("daily", "weekly", "monthly"), dateRange)
        .map(([productId, period, range]) => ({ productId, period, ...range })),
  },
  "analytics.byTender": { input: () => dateRange },
  "analytics.summary": { input: () => fc.tuple(dateRange, fc.integer({ min: 1, max: 50 })).map(([range, top]) => ({ ...range, top })) },
  "apiKey.create": { input: () => fc.record({ name, role: fc.constantFrom("device", "manager") }) },
  "apiKey.list": { input: () => fc.constant(undefined) },
  "apiKey.revoke": { input: (s) => fc.constantFrom(...s.apiKeys).map((id) => ({ id })) },
  "product.archive": { input: (s) => fc.tuple(fc.constantFrom(...s.products), fc.boolean()).map(([id, archived]) => ({ id, archived })) },
  "product.byId": { input: (s) => fc.constantFrom(...s.products).map((id) => ({ id })) },
  "product.count": { input: (s) => fc.record({ productId: fc.constantFrom(...s.tracked), countedStock: stockLevel, note: name }) },
  "product.create": { input: () => fc.record({ name, unitPrice: money, initialStock: stockLevel, reorderLevel: stockLevel }, { requiredKeys: ["name"] }) },
  "product.list": { input: () => optional({ search: fc.string({ maxLength: 20 }), includeArchived: fc.boolean(), limit: page }) },
  "product.changes": { input: () => optional({ limit: page }) },
  "product.movements": { input: (s) => fc.record({ productId: fc.constantFrom(...s.products), limit: page }) },
  "product.restock": {
    input: (s) => fc.record({ productId: fc.constantFrom(...s.tracked), quantity, note: name }, { requiredKeys: ["productId", "quantity"] }),
  },
  "product.update": {
    input: (s) => fc.record({ id: fc.constantFrom(...s.tracked), name, unitPrice: money, reorderLevel: fc.option(stockLevel) }, { requiredKeys: ["id"] }),
  },
  "sale.byId": { input: (s) => fc.constantFrom(...s.sales).map((id) => ({ id })) },
  "sale.create": { input: (s) => saleInput(s), share: 0.02 },
  "sale.discardRejected": {
    input: (s) =>
      fc.record(
        { externalId, reason: name, sale: saleInput(s), rejection: fc.record({ code: fc.constantFrom("SALE_NOT_STORABLE", "INVALID_INPUT"), message: name }) },
        { requiredKeys: ["externalId", "reason", "sale"] },
      ),
  },
  "sale.discardedList": { input: () => optional({ limit: page }) },
  "sale.list": {
    input: (s) => optional({ productId: fc.constantFrom(...s.products), kind: fc.constantFrom("sale", "reversal", "refund"), limit: page, device: name }),
  },
  "sale.refund": {
    input: (s) =>
      fc.record({
        type: fc.constant("refund"),
        externalId,
        originalSaleId: fc.constantFrom(...s.sales),
        lines: fc.array(fc.record({ lineNo: fc.constant(1), quantity, restock: fc.boolean() }), { minLength: 1, maxLength: 2 }),
        tenders: fc.array(fc.record({ method: fc.constantFrom("cash", "card"), amount: money }), { maxLength: 2 }),
        reason: name,
      }),
  },
  "sale.refundable": { input: (s) => fc.constantFrom(...s.sales).map((saleId) => ({ saleId })) },
  "sale.reverse": {
    input: (s) => fc.record({ saleId: fc.constantFrom(...s.sales), externalId, reason: name }),
    refusals: ["SALE_ALREADY_REVERSED", "SALE_PARTLY_REFUNDED"],
  },
  "sale.sync": { input: (s) => fc.array(saleInput(s), { minLength: 1, maxLength: 3 }).map((sales) => ({ sales })), share: 0.01 },
  "shop.current": { input: () => fc.constant(undefined) },
  "shop.setup": { input: () => fc.constant(undefined) },
  "shop.dismissSetup": { input: () => fc.constant(undefined) },
  "shop.update": {
    input: () => optional({ name, timezone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York"), currency: fc.constantFrom("EUR", "usd") }),
  },
  "staff.invite": { input: () => fc.record({ email: externalId.map((id) => `${id}@fuzz.example`), role: fc.constantFrom("manager", "cashier") }) },
  "staff.list": { input: () => fc.constant(undefined) },
  "staff.remove": { input: (s) => fc.constantFrom(...s.removable).map((userId) => ({ userId })), refusals: ["NOT_FOUND"] },
  "staff.setRole": { input: (s) => fc.record({ userId: fc.constantFrom(...s.members), role: fc.constantFrom("manager", "cashier") }) },
  "till.list": { input: () => fc.constant(undefined) },
  "till.create": { input: () => fc.record({ name: tillName, series: fc.stringMatching(/^[A-Za-z0-9]{1,8}$/) }), refusals: ["TILL_SERIES_TAKEN"] },
  "till.update": { input: (s) => fc.record({ id: fc.constantFrom(...s.tills), name: tillName }, { requiredKeys: ["id"] }) },
  "till.claim": { input: (s) => fc.record({ tillId: fc.constantFrom(...s.tills), claimId: externalId }) },
  "till.status": { input: (s) => fc.record({ tillId: fc.constantFrom(...s.tills), claimId: externalId }) },
  "drawer.record": {
    input: (s) =>
      fc.record({
        type: fc.constant("drawer"),
        externalId,
        tillId: fc.constantFrom(...s.tills),
        sessionId: fc.constantFrom(...s.sessions),
        kind: fc.constantFrom("payIn", "payOut"),
        amount: money,
        reason: name,
      }),
  },
  "drawer.session": { input: (s) => fc.constantFrom(...s.sessions).map((sessionId) => ({ sessionId })) },
  "drawer.list": { input: (s) => fc.record({ tillId: fc.constantFrom(...s.tills), limit: page }, { requiredKeys: ["tillId"] }) },
  "drawer.cashUp": { input: (s) => fc.record({ date: day, tillId: fc.constantFrom(...s.tills) }, { requiredKeys: ["date"] }) },
  "audit.list": { input: () => optional({ action: fc.constantFrom(...auditActions), subjectKind: fc.constantFrom(...auditSubjectKinds), limit: page }) },
  "audit.exportCsv": { input: () => optional({ action: fc.constantFrom(...auditActions), subjectKind: fc.constantFrom(...auditSubjectKinds) }) },
  "review.list": { input: () => optional({ status: fc.constantFrom("unreviewed", "reviewed", "all"), limit: page }) },
  "review.count": { input: () => fc.constant(undefined) },
  "review.item": { input: (s) => fc.constantFrom(...s.flagged).map((subjectId) => ({ subject: "sale", subjectId })) },
  "review.markReviewed": {
    input: (s) => fc.record({ subject: fc.constant("sale"), subjectId: fc.constantFrom(...s.flagged), note: name }, { requiredKeys: ["subject", "subjectId"] }),
  },
};

export function saleInput(s: Seed) {
  const line = fc.oneof(
    fc.record({ productId: fc.constantFrom(...s.products), quantity, unitPrice: money }, { requiredKeys: ["productId", "quantity"] }),
    fc.record({ product: fc.record({ name, isVolatile: fc.constant(true), unitPrice: money }), quantity }),
  );
  return fc.record(
    {
      externalId,
      sourceDevice: fc.string({ maxLength: 128 }),
      clientTimestamp: fc.date({ min: new Date("2020-01-01"), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString()),
      items: fc.array(line, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ["externalId", "items"] },
  );
}

export interface Outcome {
  status: number;
  appCode?: string | null;
  code?: string;
}

/** One call's outcome in a batch answer (or the whole answer's, when the request as a whole failed). */
export function outcomes(status: number, text: string, calls: number): Outcome[] {
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    // Node itself answers some requests (431 headers too large) with no JSON body.
    return Array.from({ length: calls }, () => ({ status }));
  }
  const entries: any[] = Array.isArray(body) ? body : Array.from({ length: calls }, () => body);
  return entries.map((entry) =>
    entry?.error
      ? { status: entry.error.json?.data?.httpStatus ?? status, appCode: entry.error.json?.data?.appCode, code: entry.error.json?.data?.code }
      : { status: 200 },
  );
}

/**
 * Splits calls into batches that fit a URL (GET) or a modest body (POST). tRPC refuses a
 * whole batch when one call's superjson `meta` cannot be read, so those travel together,
 * and valid calls travel apart from the rest: what each is checked for is its own answer.
 */
export function batches(path: string, method: "GET" | "POST", calls: Call[]) {
  const group = (call: Call) => (call.kind === "valid" ? 0 : typeof call.body === "object" && call.body !== null && "meta" in call.body ? 1 : 2);
  const limit = method === "GET" ? MAX_URL_BYTES : MAX_POST_BYTES;
  const out: Call[][] = [];
  let current: Call[] = [];
  let size = 0;
  for (const call of [...calls].sort((a, b) => group(a) - group(b))) {
    if (current.length > 0 && group(current[0]!) !== group(call)) {
      out.push(current);
      current = [];
      size = 0;
    }
    const bytes = encodeURIComponent(JSON.stringify(call.body) ?? "").length + path.length + 1;
    if (current.length > 0 && size + bytes > limit) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(call);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Sign-ups so far: each comes from an address of its own. */
let shops = 0;

/**
 * A shop of its own for each procedure, so that what one procedure's fuzzing creates
 * (thousands of keys, products, invitations) is not what another one lists, and one
 * cannot take away what another's valid inputs need. Its owner signs up like a real one.
 * Its `seed` names rows made for valid inputs (ten products, the last volatile; sales,
 * low-stock alerts, members, API keys); `restKey` is a manager API key of the shop.
 */
export async function openShop(db: TestDatabase, base: string, label: string): Promise<FuzzedShop> {
  const signUp = await fetch(`${base}/api/auth/sign-up/shop`, {
    method: "POST",
    // Each from an address of its own: sign-up is rate limited per client.
    headers: { origin: WEB_ORIGIN, "content-type": "application/json", "x-forwarded-for": `198.51.100.${++shops}` },
    body: JSON.stringify({ shopName: `Fuzzed ${label}`, name: "Olga", email: `owner-${randomUUID()}@fuzz.example`, password: "olga's long password" }),
  });
  expect(signUp.status).toBe(200);
  const cookie = cookiesOf(signUp);
  const staff = await fetch(`${base}/trpc/staff.list`, { headers: { origin: WEB_ORIGIN, cookie } });
  const owner = ((await staff.json()) as any).result.data.json.members[0] as { userId: string };
  const shopId = (await db.prisma.shopMember.findUniqueOrThrow({ where: { userId: owner.userId } })).shopId;

  const actor = { shopId, userId: owner.userId, apiKeyId: null };
  const products: number[] = [];
  for (let n = 0; n < 10; n++) {
    const tracked = n < 9;
    products.push(
      (
        await createProduct(db.prisma, actor, {
          name: `Product ${n}`,
          isVolatile: !tracked,
          unitPrice: "2.50",
          initialStock: tracked ? "1000000" : undefined,
          reorderLevel: tracked ? "10" : undefined,
        })
      ).id,
    );
  }
  const sales: number[] = [];
  for (let n = 0; n < 10; n++)
    sales.push((await recordSale(db.prisma, actor, { externalId: randomUUID(), items: [{ productId: products[n]!, quantity: "1" }] })).sale.id);
  // Products that run low, for alerts to acknowledge.
  for (let n = 0; n < 3; n++) {
    const low = await createProduct(db.prisma, actor, { name: `Low ${n}`, isVolatile: false, unitPrice: "1.00", initialStock: "5", reorderLevel: "5" });
    await recordSale(db.prisma, actor, { externalId: randomUUID(), items: [{ productId: low.id, quantity: "1" }] });
  }
  const alerts = (await db.prisma.lowStockAlert.findMany({ where: { shopId }, select: { id: true } })).map((row) => row.id);
  const member = async (role: "manager" | "cashier") => {
    const { token } = await inviteStaff(db.prisma, actor, { email: `${randomUUID()}@staff.example`, role });
    return (await acceptStaffInvite(db.prisma, { token, user: { name: "Staff", passwordHash: "not-a-real-hash" } })).userId;
  };
  const members = [await member("cashier"), await member("manager")];
  const removable: string[] = [];
  for (let n = 0; n < 5; n++) removable.push(await member("cashier"));
  const apiKeys: number[] = [];
  for (let n = 0; n < 3; n++) apiKeys.push((await createApiKey(db.prisma, { shopId, name: `key-${n}`, role: "device" })).id);
  const restKey = (await createApiKey(db.prisma, { shopId, name: "rest-fuzz", role: "manager" })).key;

  const tills: number[] = [];
  const sessions: string[] = [];
  for (let n = 0; n < 2; n++) {
    const till = await createTill(db.prisma, actor, { name: `Till ${n}`, series: `T${n}` });
    const sessionId = randomUUID();
    await recordDrawerEvent(db.prisma, actor, { type: "drawer", externalId: randomUUID(), tillId: till.id, sessionId, kind: "open", amount: "100.00" });
    tills.push(till.id);
    sessions.push(sessionId);
  }

  const flagged: number[] = [];
  for (let n = 0; n < 3; n++)
    flagged.push(
      (await recordSale(db.prisma, actor, { externalId: randomUUID(), cashierId: `never-on-staff-${n}`, items: [{ productId: products[n]!, quantity: "1" }] }))
        .sale.id,
    );

  const seed: Seed = { products, tracked: products.slice(0, -1), alerts, sales, members, removable, apiKeys, tills, sessions, flagged };
  const hints: Hints = {
    ids: [...products, ...sales, ...alerts, ...apiKeys, ...tills, ...flagged, 0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER],
    strings: [...removable, "UTC", "Europe/Berlin", "Mars/Olympus", "EUR", "daily", "2024-02-29", "2023-02-29"],
    anything: fc.constant(null),
  };
  hints.anything = fc.oneof(shaped(inputSchema("sale.create")!, hints), fc.jsonValue({ maxDepth: 2 }));
  return { cookie, seed, hints, restKey, shopId };
}
