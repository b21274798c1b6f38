// DESIGN.md §7 "Who rang it up": the cashier the till captured at ring-up, recorded with the
// principal that delivered the sale. Before: every sale was credited to whoever synced it.
import { randomUUID } from "node:crypto";

import { acceptStaffInvite, createApiKey, createShopWithOwner, inviteStaff } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import type { Principal } from "../src";
import { callerFor, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

async function shopWithStaff() {
  const label = randomUUID().slice(0, 8);
  const { shop, userId: ownerId } = await createShopWithOwner(t.db.prisma, {
    shop: { name: `Shop ${label}` },
    owner: { name: "Olga Owner", email: `owner@${label}.example`, passwordHash: "x" },
  });
  const member = async (name: string) => {
    const { token } = await inviteStaff(t.db.prisma, { shopId: shop.id, userId: ownerId }, { email: `${name}@${label}.example`, role: "cashier" });
    return (await acceptStaffInvite(t.db.prisma, { token, user: { name, passwordHash: "x" } })).userId;
  };
  const staff = (userId: string, role: Principal["role"] = "cashier"): Principal => ({ shopId: shop.id, role, userId, name: userId });
  const product = await trackedProduct(t.db, shop.id);
  return { shop, ownerId, member, staff, product, owner: callerFor(t.db, staff(ownerId, "owner")) };
}

describe("who rang a sale up", () => {
  it("records sales rung up by cashier A and delivered by cashier B's session as A's, delivered by B", async () => {
    const { member, staff, product } = await shopWithStaff();
    const [ann, bob] = [await member("Ann"), await member("Bob")];
    const asBob = callerFor(t.db, staff(bob));
    const queued = [0, 1, 2].map(() => sale([{ productId: product.id, quantity: "1" }], { cashierId: ann }));

    const { results } = await asBob.sale.sync({ sales: queued });
    expect(results.map((r) => r.status)).toEqual(["created", "created", "created"]);
    for (const result of results) {
      const stored = await asBob.sale.byId({ id: result.saleId! });
      expect(stored.cashier).toEqual({ id: ann, name: "Ann", status: "member" });
      expect(stored.deliveredBy).toEqual({ kind: "staff", userId: bob, name: "Bob" });
    }
    const created = await asBob.sale.create(sale([{ productId: product.id, quantity: "1" }], { cashierId: ann }));
    expect(created.sale).toMatchObject({ cashier: { id: ann, name: "Ann", status: "member" }, deliveredBy: { kind: "staff", userId: bob, name: "Bob" } });
    expect(await asBob.sale.byId({ id: created.sale.id })).toEqual(created.sale);

    const anns = await asBob.sale.list({ cashierId: ann });
    expect(anns.items).toHaveLength(4);
    expect((await asBob.sale.list({ cashierId: bob })).items).toHaveLength(0);
  });

  it("takes the signed-in staff member as the cashier when none is sent; an API key without one records none", async () => {
    const { shop, member, staff, product } = await shopWithStaff();
    const ann = await member("Ann");
    const bySession = await callerFor(t.db, staff(ann)).sale.create(sale([{ productId: product.id, quantity: "1" }]));
    expect(bySession.sale.cashier).toEqual({ id: ann, name: "Ann", status: "member" });

    const key = await createApiKey(t.db.prisma, { shopId: shop.id, name: "pos-02", role: "device" });
    const till = callerFor(t.db, { shopId: shop.id, role: "device", apiKeyId: key.id, name: "pos-02" });
    const byKey = await till.sale.create(sale([{ productId: product.id, quantity: "1" }]));
    expect(byKey.sale).toMatchObject({ cashier: null, deliveredBy: { kind: "apiKey", name: "pos-02" }, deviceName: "pos-02" });
    const claimed = await till.sale.create(sale([{ productId: product.id, quantity: "1" }], { cashierId: ann }));
    expect(claimed.sale).toMatchObject({ cashier: { id: ann, status: "member" }, deliveredBy: { kind: "apiKey", name: "pos-02" } });
  });

  it("records a cashier removed before the sale synced, flagged former; an id never of this shop as unknown, with no name", async () => {
    const { ownerId, member, product, owner } = await shopWithStaff();
    const ann = await member("Ann");
    const input = sale([{ productId: product.id, quantity: "1" }], { cashierId: ann });
    await owner.staff.remove({ userId: ann });

    const late = await owner.sale.create(input);
    expect(late.sale.cashier).toEqual({ id: ann, name: "Ann", status: "former" });
    expect(late.sale.deliveredBy).toEqual({ kind: "staff", userId: ownerId, name: "Olga Owner" });

    const elsewhere = await shopWithStaff();
    const stranger = await elsewhere.member("Stranger");
    for (const cashierId of [stranger, "never-a-member"]) {
      const { sale: stored } = await owner.sale.create(sale([{ productId: product.id, quantity: "1" }], { cashierId }));
      expect(stored.cashier).toEqual({ id: cashierId, name: null, status: "unknown" });
      expect((await owner.sale.byId({ id: stored.id })).cashier).toEqual({ id: cashierId, name: null, status: "unknown" });
    }
  });

  it("shop.current tells a till who is signed in (null for an API key)", async () => {
    const { shop, member, staff } = await shopWithStaff();
    const ann = await member("Ann");
    expect((await callerFor(t.db, staff(ann)).shop.current()).principal).toMatchObject({ userId: ann, role: "cashier" });
    const till = callerFor(t.db, { shopId: shop.id, role: "device", apiKeyId: 1, name: "pos" });
    expect((await till.shop.current()).principal.userId).toBeNull();
  });
});
