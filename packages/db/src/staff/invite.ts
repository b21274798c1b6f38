import { createHash, randomBytes } from "node:crypto";

import type { PrismaClient, StaffRole } from "../generated/prisma/client";
import { recordAudit } from "../audit";
import { TX_OPTIONS, type Actor, type Tx } from "../db";
import { DomainError } from "../errors";
import { createStaffUser, type NewStaffUser } from "./user";

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Like API keys: a 256-bit random token, shown once, stored as SHA-256.
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * An invitation the owner hands over (as a link) however they like: no email is sent,
 * so a shop works without a mail server. The token is returned once.
 */
export async function inviteStaff(prisma: PrismaClient, actor: Actor, input: { email: string; role: StaffRole }) {
  const token = randomBytes(32).toString("base64url");
  const invite = await prisma.$transaction(async (tx) => {
    const created = await tx.staffInvite.create({
      data: {
        shopId: actor.shopId,
        email: input.email.toLowerCase(),
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actor.userId ?? "",
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    // The invitation's token is its secret: the log has whom and as what, never the token.
    await recordAudit(tx, actor, {
      action: "staff.invited",
      subject: { kind: "staffInvite", id: created.id },
      after: { email: created.email, role: created.role },
    });
    return created;
  }, TX_OPTIONS);
  return { invite, token };
}

/**
 * The account an open invitation's email already has (a former member of this shop, or
 * anyone who signed up before), or null when accepting it will create one. Throws
 * INVITE_INVALID for an unknown, used or expired invitation.
 */
export async function invitedAccount(prisma: PrismaClient, token: string): Promise<{ userId: string } | null> {
  const invite = await prisma.staffInvite.findFirst({
    where: { tokenHash: hashToken(token), acceptedAt: null, expiresAt: { gt: new Date() } },
    select: { email: true },
  });
  if (!invite) throw invalidInvite();
  const user = await prisma.user.findUnique({ where: { email: invite.email }, select: { id: true } });
  return user && { userId: user.id };
}

const invalidInvite = () => new DomainError("NOT_FOUND", "INVITE_INVALID", "This invitation is unknown, used or expired.");

/**
 * Uses the invitation up and makes the invitee a member, atomically: with `user`, a new
 * account (name and password hash); with `existingUserId`, the account the invitation's
 * email already has, once the caller has checked its password (packages/auth): a removed
 * member comes back this way, keeping their past sales. An account that is a member of a
 * shop already gets ALREADY_IN_A_SHOP (409): a person works for one shop (shop_member).
 */
export function acceptStaffInvite(
  prisma: PrismaClient,
  input: { token: string; user: Omit<NewStaffUser, "email"> } | { token: string; existingUserId: string },
) {
  return prisma.$transaction(async (tx) => {
    const tokenHash = hashToken(input.token);
    // Claiming the row first makes a second, concurrent acceptance find nothing to claim.
    const { count } = await tx.staffInvite.updateMany({
      where: { tokenHash, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (count !== 1) throw invalidInvite();
    const invite = await tx.staffInvite.findUniqueOrThrow({ where: { tokenHash }, select: { id: true, shopId: true, email: true, role: true } });
    if ("user" in input) return joined(tx, invite, await createStaffUser(tx, { ...input.user, email: invite.email }, invite.shopId, invite.role));

    const user = await tx.user.findUnique({ where: { id: input.existingUserId }, select: { email: true, memberships: { select: { shopId: true } } } });
    if (user?.email !== invite.email) throw invalidInvite();
    if (user.memberships.length > 0) {
      throw new DomainError("CONFLICT", "ALREADY_IN_A_SHOP", "This account already works for a shop. Ask its owner to remove you first, or use another email.");
    }
    await tx.shopMember.create({ data: { shopId: invite.shopId, userId: input.existingUserId, role: invite.role } });
    return joined(tx, invite, { userId: input.existingUserId, shopId: invite.shopId, role: invite.role });
  }, TX_OPTIONS);
}

/** Audits an accepted invitation (`staff.joined`, the new member as actor) and passes the membership on. */
async function joined<M extends { userId: string; shopId: number; role: StaffRole }>(tx: Tx, invite: { id: number; email: string }, member: M): Promise<M> {
  await recordAudit(
    tx,
    { shopId: member.shopId, userId: member.userId },
    {
      action: "staff.joined",
      subject: { kind: "staffMember", id: member.userId },
      after: { email: invite.email, role: member.role, invitation: invite.id },
    },
  );
  return member;
}
