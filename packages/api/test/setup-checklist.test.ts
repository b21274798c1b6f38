// The dashboard's first-run checklist (issue 21): each step ticks from what the shop did —
// a product, then a till picked by a browser or a sale recorded, then a second staff member or
// an invitation — never from a flag a client sets; a manager puts it away for the whole shop,
// and the first dismissal stays. Cashiers and device keys cannot read or dismiss it.
// Real PostgreSQL, through the tRPC stack.
import { randomUUID } from "node:crypto";

import { createShopWithOwner } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import { callerFor, newShop, rejection, sale, useTestDatabase } from "./helpers";

const t = useTestDatabase();

/** A shop with its owner only, as sign-up leaves it. */
async function freshShop() {
  const label = randomUUID().slice(0, 8);
  const { shop, userId } = await createShopWithOwner(t.db.prisma, {
    shop: { name: `Shop ${label}` },
    owner: { name: "Olga Owner", email: `owner@${label}.example`, passwordHash: "x" },
  });
  return { shop, owner: callerFor(t.db, { shopId: shop.id, role: "owner", userId, name: "Olga Owner" }) };
}

describe("first-run checklist", () => {
  it("ticks each step from the shop's own data", async () => {
    const { owner } = await freshShop();
    expect(await owner.shop.setup()).toEqual({ products: false, till: false, staff: false, dismissed: false });
    const bread = await owner.product.create({ name: "Bread", unitPrice: "2.00" });
    expect(await owner.shop.setup()).toEqual({ products: true, till: false, staff: false, dismissed: false });
    // A till created but not picked by any browser is not yet "open".
    const till = await owner.till.create({ name: "Front", series: "A" });
    expect((await owner.shop.setup()).till).toBe(false);
    await owner.till.claim({ tillId: till.id, claimId: randomUUID() });
    expect((await owner.shop.setup()).till).toBe(true);
    await owner.staff.invite({ email: `cara-${randomUUID().slice(0, 6)}@example.com`, role: "cashier" });
    expect(await owner.shop.setup()).toEqual({ products: true, till: true, staff: true, dismissed: false });
    expect(bread.name).toBe("Bread");
  });

  it("counts a sale as an opened till", async () => {
    const { owner } = await freshShop();
    const bread = await owner.product.create({ name: "Bread", unitPrice: "2.00" });
    await owner.sale.create(sale([{ productId: bread.id, quantity: "1" }]));
    expect((await owner.shop.setup()).till).toBe(true);
  });

  it("is put away for the whole shop by a manager; cashiers and device keys cannot read or dismiss it", async () => {
    const shop = await newShop(t.db);
    expect((await shop.manager.shop.dismissSetup()).dismissed).toBe(true);
    expect((await shop.as("owner").shop.setup()).dismissed).toBe(true);
    const [first] = await t.db.prisma.$queryRaw<{ at: Date }[]>`SELECT setup_dismissed_at AS at FROM shop WHERE id = ${shop.shop.id}`;
    await shop.as("owner").shop.dismissSetup();
    const [again] = await t.db.prisma.$queryRaw<{ at: Date }[]>`SELECT setup_dismissed_at AS at FROM shop WHERE id = ${shop.shop.id}`;
    expect(again!.at).toEqual(first!.at);
    for (const caller of [shop.cashier, shop.as("device")]) {
      expect((await rejection(caller.shop.setup())).code).toBe("FORBIDDEN");
      expect((await rejection(caller.shop.dismissSetup())).code).toBe("FORBIDDEN");
    }
    // Another shop's checklist is its own.
    expect((await (await freshShop()).owner.shop.setup()).dismissed).toBe(false);
  });
});
