// A manager's review of flagged items (DESIGN.md §7, §8): every flag the server records instead
// of refusing appears in review.list with its reason until a manager marks it reviewed; reviews
// are append-only, one per item, idempotent and race-safe.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createApiKey, createShopWithOwner, inviteStaff } from "@tillsync/db";
import type { ReviewItemDTO } from "@tillsync/validators";
import type { inferProcedureInput } from "@trpc/server";
import { describe, expect, it } from "vitest";

import type { AppRouter, Principal } from "../src";
import { callerFor, drawerEvent, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

type RefundRaw = inferProcedureInput<AppRouter["sale"]["refund"]>;
type Caller = ReturnType<typeof callerFor>;

const refund = (originalSaleId: number, quantity: string, extra: Partial<RefundRaw> = {}): RefundRaw => ({
  type: "refund",
  externalId: randomUUID(),
  originalSaleId,
  lines: [{ lineNo: 1, quantity }],
  reason: "Cracked box",
  clientTimestamp: new Date().toISOString(),
  ...extra,
});

/** A shop with real staff (roles come from the database, as in production), keys and a tracked product. */
async function shopWithStaff(timezone = "UTC") {
  const label = randomUUID().slice(0, 8);
  const { shop, userId: ownerId } = await createShopWithOwner(t.db.prisma, {
    shop: { name: `Shop ${label}`, timezone },
    owner: { name: "Olga Owner", email: `owner@${label}.example`, passwordHash: "x" },
  });
  const member = async (name: string, role: "manager" | "cashier") => {
    const { token } = await inviteStaff(t.db.prisma, { shopId: shop.id, userId: ownerId }, { email: `${name}@${label}.example`, role });
    return (await acceptStaffInvite(t.db.prisma, { token, user: { name, passwordHash: "x" } })).userId;
  };
  const managerId = await member("Mia", "manager");
  const cashierId = await member("Carl", "cashier");
  const staff = (userId: string, role: Principal["role"]) => callerFor(t.db, { shopId: shop.id, role, userId, name: userId });
  const key = async (role: "device" | "manager") => {
    const created = await createApiKey(t.db.prisma, { shopId: shop.id, name: `${role}-key`, role });
    return callerFor(t.db, { shopId: shop.id, role, apiKeyId: created.id, name: `${role}-key` });
  };
  const product = await trackedProduct(t.db, shop.id, { stock: "100", unitPrice: "2.50" });
  return {
    shop,
    member,
    ownerId,
    managerId,
    cashierId,
    product,
    owner: staff(ownerId, "owner"),
    manager: staff(managerId, "manager"),
    cashier: staff(cashierId, "cashier"),
    deviceKey: await key("device"),
    managerKey: await key("manager"),
  };
}

/** Every item of the list, page by page. */
async function listAll(caller: Caller, status: "unreviewed" | "reviewed" | "all" = "unreviewed", limit = 50) {
  const items: ReviewItemDTO[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.review.list({ status, limit, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

const keyOf = (item: { subject: string; subjectId: number }) => `${item.subject}:${item.subjectId}`;

async function reviewRows(shopId: number) {
  return t.db.prisma.flagReview.count({ where: { shopId } });
}

describe("review.list", () => {
  it("lists each kind of flag with its reason, what, who, amount and link, newest first; unflagged records stay out", async () => {
    const s = await shopWithStaff("Pacific/Auckland");
    const ann = await s.member("Ann", "cashier");
    const { sale: original } = await s.manager.sale.create(sale([{ productId: s.product.id, quantity: "3" }], { clientTimestamp: "2026-11-29T09:00:00Z" }));

    // A cashier refunds at a till with no manager signed in.
    const { sale: byCashier } = await s.cashier.sale.refund(refund(original.id, "1", { clientTimestamp: "2026-11-29T10:00:00Z" }));
    // A manager refunds more than is left (two tills refunded the same sale offline).
    const { sale: over } = await s.manager.sale.refund(refund(original.id, "3", { clientTimestamp: "2026-11-29T11:00:00Z" }));
    // Tenders that do not add up: 2.50 owed, 1.00 paid by card.
    const { sale: mismatch } = await s.manager.sale.create(
      sale([{ productId: s.product.id, quantity: "1" }], { tenders: [{ method: "card", amount: "1.00" }], clientTimestamp: "2026-11-29T12:00:00Z" }),
    );
    // A sale rung up by Ann, who was removed before it synced; one by someone never on the staff.
    const byAnn = sale([{ productId: s.product.id, quantity: "1" }], { cashierId: ann, clientTimestamp: "2026-11-29T13:00:00Z" });
    await s.owner.staff.remove({ userId: ann });
    const { sale: removed } = await s.deviceKey.sale.create(byAnn);
    const { sale: stranger } = await s.deviceKey.sale.create(
      sale([{ productId: s.product.id, quantity: "1" }], { cashierId: "never-on-staff", clientTimestamp: "2026-11-29T14:00:00Z" }),
    );
    // A pay-out above the shop's limit with no manager at the till; its session opened the day before (shop time).
    await s.owner.shop.update({ payoutReviewAbove: "50.00" });
    const till = await s.manager.till.create({ name: "Front", series: "F" });
    const session = randomUUID();
    // 2026-11-28T12:00Z is 29 November 01:00 in Auckland (UTC+13): the session's cash-up day.
    await s.cashier.drawer.record(drawerEvent(till.id, session, "open", { clientTimestamp: "2026-11-28T12:00:00Z" }));
    const { event: payOut } = await s.cashier.drawer.record(
      drawerEvent(till.id, session, "payOut", { amount: "80.00", reason: "Window cleaner", clientTimestamp: "2026-11-29T15:00:00Z" }),
    );
    // Not flagged: a sale with tenders that add up, a manager's refund within what is left, a pay-out within the limit.
    await s.cashier.sale.create(sale([{ productId: s.product.id, quantity: "1" }], { tenders: [{ method: "card", amount: "2.50" }] }));
    await s.manager.sale.refund(refund(mismatch.id, "1"));
    await s.cashier.drawer.record(drawerEvent(till.id, session, "payOut", { amount: "50.00", reason: "Milk" }));

    const items = await listAll(s.manager);
    expect(items.map((item) => [item.subject, item.subjectId, item.what, item.reasons])).toEqual([
      ["drawerEvent", payOut.id, "payOut", ["payOutAboveLimit"]],
      ["sale", stranger.id, "sale", ["cashierUnknown"]],
      ["sale", removed.id, "sale", ["cashierRemoved"]],
      ["sale", mismatch.id, "sale", ["tenderMismatch"]],
      ["sale", over.id, "refund", ["overRefund"]],
      ["sale", byCashier.id, "refund", ["refundWithoutManager"]],
    ]);
    const item = Object.fromEntries(items.map((one) => [keyOf(one), one]));
    expect(item[`drawerEvent:${payOut.id}`]).toMatchObject({
      externalId: payOut.externalId,
      at: new Date("2026-11-29T15:00:00Z"),
      amount: "80.00",
      detail: "Window cleaner",
      cashier: { id: s.cashierId, name: "Carl", status: "member" },
      sentBy: { kind: "staff", userId: s.cashierId, name: "Carl" },
      till: { id: till.id, name: "Front" },
      link: { page: "cashUp", tillId: till.id, date: "2026-11-29" },
      review: null,
    });
    // The link names the day the cash-up page lists the session on.
    const cashUp = await s.manager.drawer.cashUp({ tillId: till.id, date: "2026-11-29" });
    expect(cashUp.tills[0]!.sessions.map((one) => one.sessionId)).toEqual([session]);
    expect(item[`sale:${byCashier.id}`]).toMatchObject({
      amount: "-2.50",
      detail: "Cracked box",
      cashier: { id: s.cashierId, status: "member" },
      link: { page: "sale", saleId: byCashier.id },
      till: null,
    });
    expect(item[`sale:${removed.id}`]).toMatchObject({
      amount: "2.50",
      cashier: { id: ann, name: "Ann", status: "former" },
      sentBy: { kind: "apiKey", name: "device-key" },
    });
    expect(item[`sale:${stranger.id}`]!.cashier).toEqual({ id: "never-on-staff", name: null, status: "unknown" });
    expect(await s.manager.review.count()).toEqual({ unreviewed: 6 });
    // The sale's page reads one item.
    expect(await s.manager.review.item({ subject: "sale", subjectId: over.id })).toEqual(item[`sale:${over.id}`]);
  });

  it("lists a rejected sale discarded at a till with no manager, with why the server had turned it down", async () => {
    const s = await shopWithStaff();
    const externalId = randomUUID();
    const rejection = { code: "PRODUCT_NOT_FOUND", message: "Product 999 not found." };
    const discarded = await s.cashier.sale.discardRejected({ externalId, reason: "Rang up twice", sale: { items: [] }, rejection });
    // A manager's own discard is approved, not flagged.
    await s.manager.sale.discardRejected({ externalId: randomUUID(), reason: "Test sale", sale: { items: [] } });

    const items = await listAll(s.manager);
    expect(items).toEqual([
      {
        subject: "discardedSale",
        subjectId: discarded.id,
        externalId,
        what: "discardedSale",
        reasons: ["discardWithoutManager"],
        at: discarded.discardedAt,
        amount: null,
        cashier: null,
        sentBy: { kind: "staff", userId: s.cashierId, name: "Carl" },
        till: null,
        detail: "Rang up twice",
        rejection,
        link: null,
        review: null,
      },
    ]);
    const { item } = await s.manager.review.markReviewed({ subject: "discardedSale", subjectId: discarded.id });
    expect(item.review).toMatchObject({ by: { kind: "staff", userId: s.managerId }, note: null });
    expect(await listAll(s.manager)).toEqual([]);
  });

  it("pages newest first without losing or repeating an item, ties at one instant included", async () => {
    const s = await shopWithStaff();
    const at = "2026-11-30T08:00:00.000Z";
    const till = await s.manager.till.create({ name: "Back", series: "B" });
    const session = randomUUID();
    const expected: string[] = [];
    for (let n = 0; n < 4; n++) {
      const { sale: flagged } = await s.deviceKey.sale.create(
        sale([{ productId: s.product.id, quantity: "1" }], { cashierId: `gone-${n}`, clientTimestamp: at }),
      );
      expected.push(`sale:${flagged.id}`);
      const { event } = await s.deviceKey.drawer.record(
        drawerEvent(till.id, session, "payIn", { reason: "Coins", cashierId: `gone-${n}`, clientTimestamp: at }),
      );
      expected.push(`drawerEvent:${event.id}`);
    }
    const { sale: older } = await s.deviceKey.sale.create(
      sale([{ productId: s.product.id, quantity: "1" }], { cashierId: "gone", clientTimestamp: "2026-11-30T07:59:59.999Z" }),
    );
    // Newest first: at one instant, sales before drawer events, each by id descending.
    const want = [
      ...expected.filter((key) => key.startsWith("sale:")).reverse(),
      ...expected.filter((key) => key.startsWith("drawerEvent:")).reverse(),
      `sale:${older.id}`,
    ];
    for (const limit of [1, 2, 3, 50]) expect((await listAll(s.manager, "unreviewed", limit)).map(keyOf)).toEqual(want);
    // A cursor the server did not make starts from the top.
    expect((await s.manager.review.list({ limit: 1, cursor: "not-a-cursor" })).items.map(keyOf)).toEqual(want.slice(0, 1));
  });
});

describe("review.markReviewed", () => {
  it("takes the item off the unreviewed list and records who, when and the note; the reviewed list and the item show it", async () => {
    const s = await shopWithStaff();
    const { sale: original } = await s.manager.sale.create(sale([{ productId: s.product.id, quantity: "2" }]));
    const { sale: flagged } = await s.cashier.sale.refund(refund(original.id, "1"));
    const { sale: other } = await s.cashier.sale.refund(refund(original.id, "1"));
    expect((await listAll(s.manager)).map(keyOf)).toEqual([`sale:${other.id}`, `sale:${flagged.id}`]);

    const before = new Date();
    const { item, replayed } = await s.manager.review.markReviewed({ subject: "sale", subjectId: flagged.id, note: "  Customer had the receipt  " });
    expect(replayed).toBe(false);
    expect(item).toMatchObject({ subjectId: flagged.id, reasons: ["refundWithoutManager"] });
    expect(item.review).toMatchObject({ by: { kind: "staff", userId: s.managerId, name: "Mia" }, note: "Customer had the receipt" });
    expect(item.review!.at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);

    expect((await listAll(s.manager)).map(keyOf)).toEqual([`sale:${other.id}`]);
    expect((await listAll(s.manager, "reviewed")).map((one) => [keyOf(one), one.review?.note])).toEqual([[`sale:${flagged.id}`, "Customer had the receipt"]]);
    expect((await listAll(s.manager, "all")).map(keyOf)).toEqual([`sale:${other.id}`, `sale:${flagged.id}`]);
    expect(await s.owner.review.item({ subject: "sale", subjectId: flagged.id })).toEqual(item);
    expect(await s.manager.review.count()).toEqual({ unreviewed: 1 });
    // The refund itself is unchanged: the flag stays, the review is a record of its own.
    expect(await s.manager.sale.byId({ id: flagged.id })).toMatchObject({ needsReview: true });

    // A blank note is none; a manager API key is recorded as itself.
    const byKey = await s.managerKey.review.markReviewed({ subject: "sale", subjectId: other.id, note: "   " });
    expect(byKey.item.review).toMatchObject({ by: { kind: "apiKey", name: "manager-key" }, note: null });
    expect(await s.manager.review.count()).toEqual({ unreviewed: 0 });
  });

  it("is idempotent: reviewing again answers the first review and stores nothing more", async () => {
    const s = await shopWithStaff();
    const { sale: flagged } = await s.manager.sale.create(
      sale([{ productId: s.product.id, quantity: "1" }], { tenders: [{ method: "cash", amount: "1.00" }] }),
    );
    const first = await s.manager.review.markReviewed({ subject: "sale", subjectId: flagged.id, note: "Counted the drawer" });
    const again = await s.owner.review.markReviewed({ subject: "sale", subjectId: flagged.id, note: "Owner's note" });
    expect(again).toEqual({ item: first.item, replayed: true });
    expect(again.item.review).toMatchObject({ by: { userId: s.managerId }, note: "Counted the drawer" });
    expect(await reviewRows(s.shop.id)).toBe(1);
  });

  it("records one review when managers review the same item at once", async () => {
    const s = await shopWithStaff();
    await s.owner.shop.update({ payoutReviewAbove: "10.00" });
    const till = await s.manager.till.create({ name: "Front", series: "F" });
    const { event } = await s.cashier.drawer.record(drawerEvent(till.id, randomUUID(), "payOut", { amount: "10.01", reason: "Taxi" }));
    const callers = [s.manager, s.owner, s.managerKey];
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) => callers[n % 3]!.review.markReviewed({ subject: "drawerEvent", subjectId: event.id, note: `Review ${n}` })),
    );
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    const winner = answers.find((answer) => !answer.replayed)!;
    for (const answer of answers) expect(answer.item).toEqual(winner.item);
    expect(await reviewRows(s.shop.id)).toBe(1);
    expect(await listAll(s.manager)).toEqual([]);
  });
});

describe("who may review, and what", () => {
  it("refuses cashiers and till keys (FORBIDDEN), writing nothing", async () => {
    const s = await shopWithStaff();
    const { sale: flagged } = await s.cashier.sale.create(sale([{ productId: s.product.id, quantity: "1" }], { cashierId: "never-on-staff" }));
    const target = { subject: "sale" as const, subjectId: flagged.id };
    for (const caller of [s.cashier, s.deviceKey]) {
      await expect(caller.review.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.review.count()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.review.item(target)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.review.markReviewed(target)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await reviewRows(s.shop.id)).toBe(0);
    expect((await listAll(s.manager)).map(keyOf)).toEqual([`sale:${flagged.id}`]);
  });

  it("answers NOT_FOUND (REVIEW_ITEM_NOT_FOUND) for another shop's item, an unknown id and a record that is not flagged, writing nothing", async () => {
    const mine = await shopWithStaff();
    const theirs = await shopWithStaff();
    const { sale: theirFlagged } = await theirs.cashier.sale.create(sale([{ productId: theirs.product.id, quantity: "1" }], { cashierId: "never-on-staff" }));
    const { sale: myPlain } = await mine.cashier.sale.create(sale([{ productId: mine.product.id, quantity: "1" }]));
    const notFound = { code: "NOT_FOUND", cause: { code: "REVIEW_ITEM_NOT_FOUND" } };
    for (const target of [
      { subject: "sale" as const, subjectId: theirFlagged.id },
      { subject: "sale" as const, subjectId: myPlain.id },
      { subject: "sale" as const, subjectId: Number.MAX_SAFE_INTEGER },
      { subject: "drawerEvent" as const, subjectId: theirFlagged.id },
      { subject: "discardedSale" as const, subjectId: 2 ** 40 },
    ]) {
      await expect(mine.manager.review.markReviewed({ ...target, note: "Seen" })).rejects.toMatchObject(notFound);
      await expect(mine.manager.review.item(target)).rejects.toMatchObject(notFound);
    }
    const error = await mine.manager.review.item({ subject: "sale", subjectId: theirFlagged.id }).catch((e: Error) => e);
    expect((error as Error).message).toBe(`There is no flagged sale ${theirFlagged.id} in this shop to review.`);
    expect(await reviewRows(mine.shop.id)).toBe(0);
    expect(await reviewRows(theirs.shop.id)).toBe(0);
    expect(await mine.manager.review.list({ status: "all" })).toEqual({ items: [], nextCursor: null });
    expect((await listAll(theirs.manager)).map(keyOf)).toEqual([`sale:${theirFlagged.id}`]);
  });

  it("refuses bad input with a typed error, writing nothing", async () => {
    const s = await shopWithStaff();
    const { sale: flagged } = await s.cashier.sale.create(sale([{ productId: s.product.id, quantity: "1" }], { cashierId: "never-on-staff" }));
    for (const input of [
      { subject: "invoice", subjectId: flagged.id },
      { subject: "sale", subjectId: 0 },
      { subject: "sale", subjectId: flagged.id, note: "x".repeat(501) },
      { subject: "sale", subjectId: flagged.id, note: "nul \u0000 inside" },
    ]) {
      await expect(s.manager.review.markReviewed(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    await expect(s.manager.review.list({ status: "pending" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await reviewRows(s.shop.id)).toBe(0);
  });
});

describe("flag_review is append-only", () => {
  it("rejects UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    const s = await shopWithStaff();
    const { sale: flagged } = await s.cashier.sale.create(sale([{ productId: s.product.id, quantity: "1" }], { cashierId: "never-on-staff" }));
    await s.manager.review.markReviewed({ subject: "sale", subjectId: flagged.id, note: "Seen" });
    await expect(t.db.prisma.$executeRaw`UPDATE flag_review SET note = 'changed' WHERE shop_id = ${s.shop.id}`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`DELETE FROM flag_review WHERE shop_id = ${s.shop.id}`).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.$executeRaw`TRUNCATE flag_review`).rejects.toThrow(/append-only/);
    expect((await s.manager.review.item({ subject: "sale", subjectId: flagged.id })).review?.note).toBe("Seen");
  });
});
