import type { PrismaClient, StaffRole } from "../generated/prisma/client";
import { recordAudit } from "../audit";
import { TX_OPTIONS, type Actor, type Tx } from "../db";
import { DomainError, notFound } from "../errors";

/** The shop and role of a signed-in user, or null for a user without a shop. */
export function staffMembership(prisma: PrismaClient, userId: string) {
  return prisma.shopMember.findUnique({
    where: { userId },
    select: { shopId: true, role: true, user: { select: { name: true } } },
  });
}

export async function listStaff(prisma: PrismaClient, shopId: number) {
  const [members, invites] = await Promise.all([
    prisma.shopMember.findMany({
      where: { shopId },
      orderBy: { id: "asc" },
      select: { userId: true, role: true, createdAt: true, user: { select: { name: true, email: true } } },
    }),
    prisma.staffInvite.findMany({
      where: { shopId, acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { id: "asc" },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return {
    members: members.map(({ user, ...member }) => ({ ...member, name: user.name, email: user.email })),
    invites,
  };
}

/**
 * Removing a member signs them out everywhere; their past sales keep their user id, and
 * they are kept as a former member, so a sale a till rang up under their name before they
 * left and syncs later is recorded as theirs (DESIGN.md §7).
 */
export function removeStaff(prisma: PrismaClient, actor: Actor, userId: string) {
  return changeMember(prisma, actor, userId, null);
}

/** Gives a member another role (LAST_OWNER when that would leave the shop without an owner); the same role again changes and logs nothing. */
export function setStaffRole(prisma: PrismaClient, actor: Actor, userId: string, role: StaffRole) {
  return changeMember(prisma, actor, userId, role);
}

/** One membership change and its audit entry (`staff.roleChanged`, `staff.removed`: the member's name, email and role before). */
function changeMember(prisma: PrismaClient, actor: Actor, userId: string, role: StaffRole | null) {
  const shopId = actor.shopId;
  return prisma.$transaction(async (tx) => {
    // One membership change per shop at a time, so two owners demoting each other
    // concurrently cannot leave the shop without an owner.
    await tx.$executeRaw`SELECT id FROM shop WHERE id = ${shopId} FOR UPDATE`;
    const member = await tx.shopMember.findUnique({ where: { userId }, select: { shopId: true, role: true, user: { select: { name: true, email: true } } } });
    if (member?.shopId !== shopId) throw notFound("NOT_FOUND", "No such staff member in this shop.");
    if (member.role === "owner" && role !== "owner") await assertAnotherOwner(tx, shopId);
    const subject = { kind: "staffMember", id: userId } as const;
    // Written before the change, so an owner removing themselves is logged with the role they had.
    if (role === null) {
      await recordAudit(tx, actor, {
        action: "staff.removed",
        subject,
        before: { name: member.user.name, email: member.user.email, role: member.role },
        after: null,
      });
    } else if (role !== member.role) {
      await recordAudit(tx, actor, { action: "staff.roleChanged", subject, before: { name: member.user.name, role: member.role }, after: { role } });
    }
    if (role) {
      await tx.shopMember.update({ where: { userId }, data: { role } });
    } else {
      await tx.shopMember.delete({ where: { userId } });
      await tx.formerShopMember.upsert({
        where: { shopId_userId: { shopId, userId } },
        create: { shopId, userId, role: member.role },
        update: { role: member.role, removedAt: new Date() },
      });
      await tx.session.deleteMany({ where: { userId } });
    }
    return { userId, role };
  }, TX_OPTIONS);
}

async function assertAnotherOwner(tx: Tx, shopId: number) {
  const owners = await tx.shopMember.count({ where: { shopId, role: "owner" } });
  if (owners <= 1) throw new DomainError("CONFLICT", "LAST_OWNER", "A shop keeps at least one owner.");
}
