// Drawer sessions (DESIGN.md §8): events with their own UUIDs, recorded exactly once through
// drawer.record and sale.sync, replayed and rejected exactly like sales (§3.2); late events
// are amendments to an immutable Z report.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createShopWithOwner, inviteStaff } from "@tillsync/db";
import type { TestDatabase } from "@tillsync/db/testing";
import type { DrawerEventInputRaw } from "@tillsync/validators";
import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import type { Principal } from "../src";
import { callerFor, newShop, rejection, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase({ poolSize: 20 });

const causeOf = (error: TRPCError) => error.cause as { code?: string; details?: { storedEventId?: number } };

type Kind = DrawerEventInputRaw["kind"];
/** One drawer event as a till queues it. */
const event = (tillId: number, sessionId: string, kind: Kind, extra: Partial<DrawerEventInputRaw> = {}): DrawerEventInputRaw => ({
  type: "drawer",
  externalId: randomUUID(),
  tillId,
  sessionId,
  kind,
  clientTimestamp: new Date().toISOString(),
  ...(kind === "close" ? { counted: [{ method: "cash", amount: "0.00" }], zNumber: 1 } : { amount: "10.00" }),
  ...(kind === "payIn" || kind === "payOut" ? { reason: "Change from the bank" } : {}),
  ...extra,
});

async function drawerRows(db: TestDatabase, shopId: number) {
  return db.prisma.drawerEvent.count({ where: { shopId } });
}

async function shopWithTill(name = "Corner shop", timezone = "UTC") {
  const shop = await newShop(t.db, name, timezone);
  const till = await shop.manager.till.create({ name: "Front", series: "F" });
  return { ...shop, till };
}

describe("drawer events are recorded exactly once", () => {
  it("replays the same event by UUID (any spelling of the clock, another device label) and rejects changed facts, naming the stored event", async () => {
    const { shop, cashier, till } = await shopWithTill();
    const session = randomUUID();
    const input = event(till.id, session, "payIn", { amount: "25.5", clientTimestamp: "2026-11-30T10:15:00Z", sourceDevice: "pos-01" });

    const first = await cashier.drawer.record(input);
    expect(first.replayed).toBe(false);
    expect(first.event).toMatchObject({ kind: "payIn", amount: "25.50", reason: "Change from the bank", sessionId: session, late: false, needsReview: false });
    expect(first.event.occurredAt.toISOString()).toBe("2026-11-30T10:15:00.000Z");
    for (const same of [input, { ...input, amount: "25.50", clientTimestamp: "2026-11-30 11:15+01:00", sourceDevice: "pos-01 v2" }]) {
      expect(await cashier.drawer.record(same)).toEqual({ event: first.event, replayed: true });
    }

    for (const changed of [
      { ...input, amount: "25.51" },
      { ...input, reason: "Float top-up" },
      { ...input, clientTimestamp: "2026-11-30T10:16:00Z" },
      { ...input, kind: "payOut" as const },
      { ...input, sessionId: randomUUID() },
      { ...input, cashierId: "someone-else" },
    ]) {
      const error = await rejection(cashier.drawer.record(changed));
      expect(error.code).toBe("UNPROCESSABLE_CONTENT");
      expect(causeOf(error).code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(causeOf(error).details?.storedEventId).toBe(first.event.id);
      expect(error.message).toContain(`event ${first.event.id}`);
    }
    expect(await drawerRows(t.db, shop.id)).toBe(1);
  });

  it("replays and rejects through sale.sync the same way, answering per entry in input order with sales and a bad entry in the batch", async () => {
    const { shop, cashier, till } = await shopWithTill();
    const product = await trackedProduct(t.db, shop.id, { stock: "10" });
    const session = randomUUID();
    const opened = event(till.id, session, "open", { amount: "150.00" });
    const firstSale = sale([{ productId: product.id, quantity: "1" }]);
    const payOut = event(till.id, session, "payOut", { amount: "4.20", reason: "Milk for the staff room" });
    const unknownTill = event(987_654, session, "payIn");
    const invalid = { ...event(till.id, session, "payIn"), reason: undefined };
    const secondSale = sale([{ productId: product.id, quantity: "2" }]);

    const { results } = await cashier.sale.sync({ sales: [opened, firstSale, payOut, unknownTill, invalid, secondSale] });
    expect(results.map((r) => [r.externalId, r.status, r.error?.code])).toEqual([
      [opened.externalId, "created", undefined],
      [firstSale.externalId, "created", undefined],
      [payOut.externalId, "created", undefined],
      [unknownTill.externalId, "rejected", "TILL_NOT_FOUND"],
      [invalid.externalId, "rejected", "INVALID_INPUT"],
      [secondSale.externalId, "created", undefined],
    ]);
    expect(results[3]!.error!.message).toContain("987654");
    expect(results[4]!.error!.message).toContain("reason");
    const report = await cashier.drawer.session({ sessionId: session });
    expect(report.events.map((e) => [e.id, e.kind])).toEqual([
      [results[0]!.eventId, "open"],
      [results[2]!.eventId, "payOut"],
    ]);
    expect(report.report.expectedCash).toBe("145.80");
    expect(await drawerRows(t.db, shop.id)).toBe(2);

    // The till sends the batch again (it never saw the answer), with one event changed since.
    const again = await cashier.sale.sync({ sales: [opened, firstSale, { ...payOut, amount: "42.00" }] });
    expect(again.results.map((r) => [r.status, r.eventId ?? r.saleId, r.error?.code])).toEqual([
      ["replayed", results[0]!.eventId, undefined],
      ["replayed", results[1]!.saleId, undefined],
      ["rejected", results[2]!.eventId, "IDEMPOTENCY_KEY_REUSED"],
    ]);
    expect(again.results[2]!.error!.message).toContain(`event ${results[2]!.eventId}`);
    // Like a sale's, the rejection names what is stored under the key, for the till to reconcile.
    expect(again.results[2]!.error!.storedEventId).toBe(results[2]!.eventId);
    // drawer.record and sale.sync are one path: an event synced replays through drawer.record.
    expect(await cashier.drawer.record(opened)).toMatchObject({ replayed: true, event: { id: results[0]!.eventId } });
    expect(await drawerRows(t.db, shop.id)).toBe(2);
  });

  it("stores one row for 20 concurrent copies of an event and answers every copy with it", async () => {
    const { shop, cashier, till } = await shopWithTill();
    const input = event(till.id, randomUUID(), "open", { amount: "80.00" });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cashier.drawer.record(input)));
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    for (const answer of answers) expect(answer.event).toEqual(answers[0]!.event);
    expect(await drawerRows(t.db, shop.id)).toBe(1);
  });

  it("keeps one Z report when one session is closed from two tills at once; the other close is recorded late", async () => {
    const { manager, cashier, till } = await shopWithTill();
    const back = await manager.till.create({ name: "Back", series: "B" });
    for (let round = 0; round < 5; round++) {
      const session = randomUUID();
      await cashier.drawer.record(event(till.id, session, "open", { amount: "10.00" }));
      const closes = await Promise.all([till.id, back.id].map((tillId) => cashier.drawer.record(event(tillId, session, "close", { zNumber: round + 1 }))));
      expect(closes.map((close) => close.event.late).sort()).toEqual([false, true]);
      expect(await t.db.prisma.zReport.count({ where: { sessionId: session } })).toBe(1);
      expect((await cashier.drawer.session({ sessionId: session })).amendment?.events.map((e) => e.kind)).toEqual(["close"]);
    }
  });

  it("reads the clock as sales do: a naive time in the shop's zone, a clock far ahead replaced by the arrival time (recorded, never refused)", async () => {
    const { cashier, till } = await shopWithTill("Berlin shop", "Europe/Berlin");
    const session = randomUUID();
    const naive = await cashier.drawer.record(event(till.id, session, "open", { clientTimestamp: "2026-11-30 09:00" }));
    expect(naive.event.occurredAt.toISOString()).toBe("2026-11-30T08:00:00.000Z");
    const ahead = await cashier.drawer.record(event(till.id, session, "payIn", { clientTimestamp: "2099-01-01T00:00:00Z" }));
    expect(ahead.event.occurredAt.getTime()).toBe(ahead.event.receivedAt.getTime());
  });
});

describe("drawer sessions and Z reports", () => {
  it("computes expected cash and over/short from the float, pay-ins and pay-outs, and keeps the Z report as it was when a late event arrives", async () => {
    const { cashier, till } = await shopWithTill();
    const session = randomUUID();
    await cashier.drawer.record(event(till.id, session, "open", { amount: "100.00" }));
    await cashier.drawer.record(event(till.id, session, "payIn", { amount: "20.00" }));
    await cashier.drawer.record(event(till.id, session, "payOut", { amount: "7.35" }));

    const x = await cashier.drawer.session({ sessionId: session });
    // 100.00 + 20.00 − 7.35 = 112.65
    expect(x).toMatchObject({ type: "X", zNumber: null, closedAt: null, amendment: null });
    expect(x.report).toMatchObject({ float: "100.00", payIns: "20.00", payOuts: "7.35", expectedCash: "112.65", overShort: null });

    const closed = await cashier.drawer.record(
      event(till.id, session, "close", {
        zNumber: 1,
        counted: [
          { method: "cash", amount: "110.00" },
          { method: "other", label: "Voucher", amount: "5.00" },
        ],
      }),
    );
    const z = await cashier.drawer.session({ sessionId: session });
    expect(z).toMatchObject({ type: "Z", zNumber: 1, zNumberFlag: null, amendment: null });
    expect(z.closedAt).toEqual(closed.event.occurredAt);
    // Counted 110.00 against 112.65: 2.65 short; a voucher counted that nothing expected: 5.00 over.
    expect(z.report).toMatchObject({ expectedCash: "112.65", overShort: "-2.65" });
    expect(z.report.methods.map((m) => [m.key, m.expected, m.counted, m.difference])).toEqual([
      ["cash", "112.65", "110.00", "-2.65"],
      ["other:Voucher", "0.00", "5.00", "5.00"],
    ]);

    // A pay-out queued before the close on another tab arrives after it.
    const late = await cashier.drawer.record(event(till.id, session, "payOut", { amount: "2.65", reason: "Window cleaner" }));
    expect(late.event.late).toBe(true);
    const amended = await cashier.drawer.session({ sessionId: session });
    expect(amended.report).toEqual(z.report);
    expect(amended.events).toEqual(z.events);
    expect(amended.amendment!.events.map((e) => e.id)).toEqual([late.event.id]);
    expect(amended.amendment!.report).toMatchObject({ payOuts: "10.00", expectedCash: "110.00", overShort: "0.00" });
    // A second close of the same session is recorded late too, and changes no Z report.
    const closedAgain = await cashier.drawer.record(event(till.id, session, "close", { zNumber: 2 }));
    expect(closedAgain.event.late).toBe(true);
    expect((await cashier.drawer.session({ sessionId: session })).report).toEqual(z.report);
    expect(await t.db.prisma.zReport.count({ where: { tillId: till.id } })).toBe(1);
  });

  it("flags a Z number that skips while the one before it is missing, and one that repeats", async () => {
    const { cashier, till } = await shopWithTill();
    const closeSession = async (zNumber: number) => {
      const session = randomUUID();
      await cashier.drawer.record(event(till.id, session, "open"));
      await cashier.drawer.record(event(till.id, session, "close", { zNumber }));
      return session;
    };
    const first = await closeSession(1);
    const third = await closeSession(3);
    expect((await cashier.drawer.session({ sessionId: first })).zNumberFlag).toBeNull();
    expect((await cashier.drawer.session({ sessionId: third })).zNumberFlag).toBe("gap");
    // Z 2 arrives (it was queued on a till that was offline): no gap any more.
    const second = await closeSession(2);
    expect((await cashier.drawer.session({ sessionId: third })).zNumberFlag).toBeNull();
    const repeat = await closeSession(2);
    for (const session of [second, repeat]) expect((await cashier.drawer.session({ sessionId: session })).zNumberFlag).toBe("duplicate");
    expect((await cashier.drawer.list({ tillId: till.id })).map((s) => s.zNumber)).toEqual([2, 2, 3, 1]);
  });

  it("flags a pay-out above the shop's limit for review when no manager is at the till, and records it either way", async () => {
    const label = randomUUID().slice(0, 8);
    const { shop, userId: ownerId } = await createShopWithOwner(t.db.prisma, {
      shop: { name: `Shop ${label}` },
      owner: { name: "Olga", email: `owner@${label}.example`, passwordHash: "x" },
    });
    await t.db.prisma.shop.update({ where: { id: shop.id }, data: { payoutReviewAbove: "50.00" } });
    const member = async (name: string, role: "cashier" | "manager") => {
      const { token } = await inviteStaff(t.db.prisma, { shopId: shop.id, userId: ownerId }, { email: `${name}@${label}.example`, role });
      return (await acceptStaffInvite(t.db.prisma, { token, user: { name, passwordHash: "x" } })).userId;
    };
    const [ann, max] = [await member("Ann", "cashier"), await member("Max", "manager")];
    const staff = (userId: string, role: Principal["role"]) => callerFor(t.db, { shopId: shop.id, role, userId, name: userId });
    const asAnn = staff(ann, "cashier");
    const till = await staff(max, "manager").till.create({ name: "Front", series: "F" });
    const session = randomUUID();
    const payOut = (amount: string, extra: Partial<DrawerEventInputRaw> = {}) => event(till.id, session, "payOut", { amount, ...extra });

    const large = await asAnn.drawer.record(payOut("50.01"));
    expect(large.event).toMatchObject({ needsReview: true, amount: "50.01", cashier: { id: ann, name: "Ann", status: "member" } });
    expect((await asAnn.drawer.record(payOut("50.00"))).event.needsReview).toBe(false);
    // Max signed in at the till, or named as its cashier while Ann's session delivers: approved.
    expect((await staff(max, "manager").drawer.record(payOut("80.00"))).event.needsReview).toBe(false);
    expect((await asAnn.drawer.record(payOut("80.00", { cashierId: max }))).event.needsReview).toBe(false);
    // A cashier the shop never had is recorded and shown by id only.
    const stranger = await asAnn.drawer.record(payOut("1.00", { cashierId: "not-a-member" }));
    expect(stranger.event.cashier).toEqual({ id: "not-a-member", name: null, status: "unknown" });
    expect((await asAnn.drawer.session({ sessionId: session })).report.payOuts).toBe("261.01");
  });

  it("keeps another shop's sessions and tills out of sight; the same UUID in another shop is another event", async () => {
    const mine = await shopWithTill();
    const theirs = await shopWithTill("Their shop");
    const session = randomUUID();
    const opened = event(theirs.till.id, session, "open", { amount: "60.00" });
    const theirEvent = await theirs.cashier.drawer.record(opened);

    const hidden = await rejection(mine.manager.drawer.session({ sessionId: session }));
    expect([hidden.code, causeOf(hidden).code]).toEqual(["NOT_FOUND", "NOT_FOUND"]);
    const foreignTill = await rejection(mine.cashier.drawer.record({ ...opened, externalId: randomUUID() }));
    expect([foreignTill.code, causeOf(foreignTill).code]).toEqual(["NOT_FOUND", "TILL_NOT_FOUND"]);
    const mineToo = await mine.cashier.drawer.record({ ...opened, tillId: mine.till.id });
    expect(mineToo.replayed).toBe(false);
    expect(mineToo.event.id).not.toBe(theirEvent.event.id);
    expect((await mine.manager.drawer.cashUp({ date: new Date().toISOString().slice(0, 10) })).tills.map((till) => till.tillId)).toEqual([mine.till.id]);
    expect(await drawerRows(t.db, theirs.shop.id)).toBe(1);
  });

  it("cash-up lists the sessions opened on a day in the shop's time zone, per till, for managers only", async () => {
    const { manager, cashier, till } = await shopWithTill("Auckland shop", "Pacific/Auckland");
    const back = await manager.till.create({ name: "Back", series: "B" });
    const opened = async (tillId: number, at: string) => {
      const session = randomUUID();
      await cashier.drawer.record(event(tillId, session, "open", { clientTimestamp: at }));
      return session;
    };
    // 2026-11-29 11:30Z is 00:30 on the 30th in Auckland (UTC+13); 10:30Z is still the 29th there.
    const front30 = await opened(till.id, "2026-11-29T11:30:00Z");
    await opened(till.id, "2026-11-29T10:30:00Z");
    const back30 = await opened(back.id, "2026-11-30T10:00:00Z");

    const day = await manager.drawer.cashUp({ date: "2026-11-30" });
    expect(day.tills.map((entry) => [entry.tillName, entry.sessions.map((s) => s.sessionId)])).toEqual([
      ["Back", [back30]],
      ["Front", [front30]],
    ]);
    expect((await manager.drawer.cashUp({ date: "2026-11-30", tillId: back.id })).tills.map((entry) => entry.tillId)).toEqual([back.id]);
    expect((await rejection(cashier.drawer.cashUp({ date: "2026-11-30" }))).code).toBe("FORBIDDEN");
  });
});
