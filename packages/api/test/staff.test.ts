import { acceptStaffInvite, authenticateApiKey, createShopWithOwner } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import type { Principal } from "../src";
import { callerFor, useTestDatabase } from "./helpers";

const t = useTestDatabase();

async function shopWithOwner(label: string) {
  const { shop, userId } = await createShopWithOwner(t.db.prisma, {
    shop: { name: `${label} shop` },
    owner: { name: `${label} owner`, email: `owner@${label}.example`, passwordHash: "hash" },
  });
  const principal: Principal = { shopId: shop.id, role: "owner", userId, name: `${label} owner` };
  return { shop, ownerId: userId, owner: callerFor(t.db, principal) };
}

describe("staff", () => {
  it("an invitation is accepted once, before it expires, into the invited role", async () => {
    const { shop, owner } = await shopWithOwner("bakery");
    const { token, invite } = await owner.staff.invite({ email: "Ann@Bakery.example", role: "manager" });
    expect(invite).toMatchObject({ email: "ann@bakery.example", role: "manager" });
    expect((await owner.staff.list()).invites).toHaveLength(1);

    const member = await acceptStaffInvite(t.db.prisma, { token, user: { name: "Ann", passwordHash: "hash" } });
    expect(member).toMatchObject({ shopId: shop.id, role: "manager" });
    await expect(acceptStaffInvite(t.db.prisma, { token, user: { name: "Eve", passwordHash: "hash" } })).rejects.toMatchObject({ code: "INVITE_INVALID" });

    const { members, invites } = await owner.staff.list();
    expect(invites).toEqual([]);
    expect(members.map(({ name, email, role }) => ({ name, email, role }))).toEqual([
      { name: "bakery owner", email: "owner@bakery.example", role: "owner" },
      { name: "Ann", email: "ann@bakery.example", role: "manager" },
    ]);
  });

  it("an expired invitation cannot be accepted", async () => {
    const { owner } = await shopWithOwner("kiosk");
    const { token, invite } = await owner.staff.invite({ email: "late@kiosk.example", role: "cashier" });
    await t.db.prisma.staffInvite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptStaffInvite(t.db.prisma, { token, user: { name: "Late", passwordHash: "hash" } })).rejects.toMatchObject({ code: "INVITE_INVALID" });
  });

  it("owners change roles and remove staff, but never the last owner; removal ends sessions", async () => {
    const { owner, ownerId } = await shopWithOwner("deli");
    await expect(owner.staff.setRole({ userId: ownerId, role: "manager" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(owner.staff.remove({ userId: ownerId })).rejects.toMatchObject({ code: "CONFLICT" });

    const { token } = await owner.staff.invite({ email: "bob@deli.example", role: "cashier" });
    const bob = await acceptStaffInvite(t.db.prisma, { token, user: { name: "Bob", passwordHash: "hash" } });
    await t.db.prisma.session.create({ data: { id: "s-bob", userId: bob.userId, token: "t-bob", expiresAt: new Date(Date.now() + 60_000) } });

    // A second owner may be demoted or removed; then the first is the last again.
    await owner.staff.setRole({ userId: bob.userId, role: "owner" });
    await owner.staff.remove({ userId: bob.userId });
    expect(await t.db.prisma.session.count({ where: { userId: bob.userId } })).toBe(0);
    expect((await owner.staff.list()).members.map((m) => m.role)).toEqual(["owner"]);
    await expect(owner.staff.setRole({ userId: ownerId, role: "cashier" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("an email belongs to one account", async () => {
    await shopWithOwner("cafe");
    await expect(shopWithOwner("cafe")).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
  });
});

describe("API keys", () => {
  it("are shown once on creation, listed without the key, and stop working when revoked", async () => {
    const { owner } = await shopWithOwner("grocer");
    const created = await owner.apiKey.create({ name: "pos-02" });
    expect(created).toMatchObject({ name: "pos-02", role: "device", key: expect.stringMatching(/^tsk_/) });

    const listed = await owner.apiKey.list();
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: "pos-02", revokedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    expect(await authenticateApiKey(t.db.prisma, created.key)).toMatchObject({ name: "pos-02" });
    await owner.apiKey.revoke({ id: created.id });
    await owner.apiKey.revoke({ id: created.id });
    expect(await authenticateApiKey(t.db.prisma, created.key)).toBeNull();
  });
});
