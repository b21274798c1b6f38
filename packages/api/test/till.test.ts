// Tills (DESIGN.md §8): created by a manager, bound to a device key, claimed by one browser at
// a time; a browser whose storage was wiped continues from the server's counters.
import { randomUUID } from "node:crypto";

import { createApiKey } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import { appCode, newShop, rejection, useTestDatabase } from "./helpers";

const t = useTestDatabase();

const close = (tillId: number, sessionId: string, zNumber: number) => ({
  type: "drawer" as const,
  externalId: randomUUID(),
  tillId,
  sessionId,
  kind: "close" as const,
  counted: [{ method: "cash" as const, amount: "0.00" }],
  zNumber,
});
const open = (tillId: number, sessionId: string, amount = "100.00") => ({
  type: "drawer" as const,
  externalId: randomUUID(),
  tillId,
  sessionId,
  kind: "open" as const,
  amount,
});

describe("till management", () => {
  it("a manager creates, renames and archives tills; series are unique per shop whatever their case", async () => {
    const { manager, cashier } = await newShop(t.db);
    const front = await manager.till.create({ name: "Front", series: "a" });
    expect(front).toMatchObject({ name: "Front", series: "A", apiKeyId: null, claimedAt: null, archivedAt: null });

    const taken = await rejection(manager.till.create({ name: "Back", series: "A" }));
    expect(taken.code).toBe("CONFLICT");
    expect(appCode(taken)).toBe("TILL_SERIES_TAKEN");
    const back = await manager.till.create({ name: "Back", series: "B" });
    const renamedTaken = await rejection(manager.till.update({ id: back.id, series: "a" }));
    expect(appCode(renamedTaken)).toBe("TILL_SERIES_TAKEN");

    expect((await rejection(cashier.till.create({ name: "Mine", series: "C" }))).code).toBe("FORBIDDEN");
    expect((await rejection(cashier.till.update({ id: front.id, name: "Mine" }))).code).toBe("FORBIDDEN");

    const archived = await manager.till.update({ id: back.id, name: "Back room", archived: true });
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await cashier.till.list()).map((till) => [till.name, till.archivedAt === null])).toEqual([
      ["Front", true],
      ["Back room", false],
    ]);
    // An archived till is not claimed.
    const archivedClaim = await rejection(cashier.till.claim({ tillId: back.id, claimId: randomUUID() }));
    expect([appCode(archivedClaim), archivedClaim.message]).toEqual(["TILL_NOT_FOUND", expect.stringContaining("archived")]);
    expect((await manager.till.update({ id: back.id, archived: false })).archivedAt).toBeNull();
  });

  it("binds a device key of the shop (binding it elsewhere moves it), unbinds it, and refuses keys that are not the shop's devices", async () => {
    const { shop, manager } = await newShop(t.db);
    const other = await newShop(t.db, "Other shop");
    const device = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
    const tool = await createApiKey(t.db.prisma, { shopId: shop.id, name: "report-job", role: "manager" });
    const foreign = await createApiKey(t.db.prisma, { shopId: other.shop.id, name: "pos-01", role: "device" });

    const front = await manager.till.create({ name: "Front", series: "F", apiKeyId: device.id });
    expect(front.apiKeyId).toBe(device.id);
    const back = await manager.till.create({ name: "Back", series: "B" });
    expect((await manager.till.update({ id: back.id, apiKeyId: device.id })).apiKeyId).toBe(device.id);
    expect((await manager.till.list()).find((till) => till.id === front.id)!.apiKeyId).toBeNull();
    expect((await manager.till.update({ id: back.id, apiKeyId: null })).apiKeyId).toBeNull();

    for (const apiKeyId of [tool.id, foreign.id]) {
      const error = await rejection(manager.till.update({ id: back.id, apiKeyId }));
      expect(error.code).toBe("NOT_FOUND");
    }
    expect(await t.db.prisma.till.count({ where: { apiKeyId: { not: null } } })).toBe(0);
  });

  it("moves the claim to the browser that claims last; a wiped browser continues from the server's last Z number", async () => {
    const { shop, manager, as } = await newShop(t.db);
    const till = await manager.till.create({ name: "Front", series: "F" });
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
    const device = as("device", { apiKeyId: key.id, name: "pos-01" });
    const [first, second] = [randomUUID(), randomUUID()];

    const claimed = await device.till.claim({ tillId: till.id, claimId: first });
    expect(claimed).toMatchObject({ lastZNumber: 0, openSessionId: null, tookOver: false, till: { id: till.id } });
    expect(claimed.till.claimedAt).toBeInstanceOf(Date);
    expect((await device.till.claim({ tillId: till.id, claimId: first })).tookOver).toBe(false);

    // The first browser works two sessions and opens a third.
    const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [n, session] of [s1, s2].entries()) {
      await device.drawer.record(open(till.id, session));
      await device.drawer.record(close(till.id, session, n + 1));
    }
    await device.drawer.record(open(till.id, s3));

    // Its storage is wiped: a claim under a new id takes over and learns the counters.
    const again = await device.till.claim({ tillId: till.id, claimId: second });
    expect(again).toMatchObject({ lastZNumber: 2, openSessionId: s3, tookOver: true });
    expect(await device.till.status({ tillId: till.id, claimId: first })).toMatchObject({ held: false, till: { id: till.id } });
    expect((await device.till.status({ tillId: till.id, claimId: second })).held).toBe(true);

    // It closes with the next number: no flag. A till that restarted at 1 instead is flagged.
    await device.drawer.record(close(till.id, s3, again.lastZNumber + 1));
    expect((await device.drawer.session({ sessionId: s3 })).zNumberFlag).toBeNull();
    const s4 = randomUUID();
    await device.drawer.record(open(till.id, s4));
    await device.drawer.record(close(till.id, s4, 1));
    expect((await device.drawer.session({ sessionId: s4 })).zNumberFlag).toBe("duplicate");
    expect((await device.drawer.session({ sessionId: s1 })).zNumberFlag).toBe("duplicate");
    expect((await device.till.claim({ tillId: till.id, claimId: second })).openSessionId).toBeNull();
  });

  it("a wiped browser that re-claims a till learns its open session as recorded: float, tenders, pay-ins and the ids counted", async () => {
    const { shop, manager, as } = await newShop(t.db);
    const till = await manager.till.create({ name: "Front", series: "F" });
    const product = await manager.product.create({ name: "Eggs", unitPrice: "5.50", initialStock: "10" });
    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-01", role: "device" });
    const device = as("device", { apiKeyId: key.id, name: "pos-01" });
    await device.till.claim({ tillId: till.id, claimId: randomUUID() });

    const session = randomUUID();
    const opened = open(till.id, session, "80.00");
    await device.drawer.record(opened);
    const saleId = randomUUID();
    // 2 × 5.50 = 11.00: 6.00 on card, 5.00 in cash from a 10 note.
    await device.sale.create({
      externalId: saleId,
      tillId: till.id,
      drawerSessionId: session,
      items: [{ productId: product.id, quantity: "2" }],
      tenders: [
        { method: "card", amount: "6.00" },
        { method: "cash", amount: "5.00", tendered: "10.00" },
      ],
    });
    const payIn = {
      type: "drawer" as const,
      externalId: randomUUID(),
      tillId: till.id,
      sessionId: session,
      kind: "payIn" as const,
      amount: "20.00",
      reason: "Change from the bank",
    };
    await device.drawer.record(payIn);

    const again = await device.till.claim({ tillId: till.id, claimId: randomUUID() });
    expect(again.openSession).toMatchObject({
      sessionId: session,
      activity: {
        float: "80.00",
        payments: [
          { direction: 1, method: "card", amount: "6.00" },
          { direction: 1, method: "cash", amount: "5.00" },
        ],
        payIns: ["20.00"],
        payOuts: [],
        counted: null,
      },
    });
    expect(again.openSession?.openedAt).toBeInstanceOf(Date);
    expect(new Set(again.openSession?.externalIds)).toEqual(new Set([opened.externalId, payIn.externalId, saleId]));

    // Closed, the next claim has no open session to adopt.
    await device.drawer.record(close(till.id, session, 1));
    expect((await device.till.claim({ tillId: till.id, claimId: randomUUID() })).openSession).toBeNull();
  });

  it("the Sales filter finds a till's sales by the till's name, in any case, as well as by device label", async () => {
    const { manager } = await newShop(t.db);
    const till = await manager.till.create({ name: "Front counter", series: "F" });
    const product = await manager.product.create({ name: "Eggs", unitPrice: "5.50", initialStock: "10" });
    const rung = await manager.sale.create({
      externalId: randomUUID(),
      tillId: till.id,
      sourceDevice: "web-pos-81a02486",
      items: [{ productId: product.id, quantity: "1" }],
    });
    await manager.sale.create({ externalId: randomUUID(), sourceDevice: "pos-02", items: [{ productId: product.id, quantity: "1" }] });
    for (const device of ["Front counter", "front COUNTER", "web-pos-81a02486"]) {
      expect(
        (await manager.sale.list({ device })).items.map((sale) => sale.id),
        device,
      ).toEqual([rung.sale.id]);
    }
    expect((await manager.sale.list({ device: "Front" })).items).toEqual([]);
  });

  it("keeps another shop's tills out of sight", async () => {
    const mine = await newShop(t.db);
    const theirs = await newShop(t.db, "Their shop");
    const till = await theirs.manager.till.create({ name: "Theirs", series: "T" });
    await theirs.cashier.till.claim({ tillId: till.id, claimId: randomUUID() });

    expect(await mine.manager.till.list()).toEqual([]);
    for (const call of [
      () => mine.cashier.till.claim({ tillId: till.id, claimId: randomUUID() }),
      () => mine.cashier.till.status({ tillId: till.id, claimId: randomUUID() }),
      () => mine.manager.till.update({ id: till.id, name: "Mine now" }),
      () => mine.manager.drawer.list({ tillId: till.id }),
    ]) {
      const error = await rejection(call());
      expect([error.code, appCode(error)]).toEqual(["NOT_FOUND", "TILL_NOT_FOUND"]);
    }
    expect((await theirs.manager.till.list())[0]!.name).toBe("Theirs");
    // Same series in another shop is fine.
    expect((await mine.manager.till.create({ name: "Mine", series: "T" })).series).toBe("T");
  });
});
