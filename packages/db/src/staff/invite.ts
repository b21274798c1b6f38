import { createHash, randomBytes } from "node:crypto";

import type { PrismaClient, StaffRole } from "../generated/prisma/client";
import { TX_OPTIONS, type Actor } from "../db";
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
  const invite = await prisma.staffInvite.create({
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
  return { invite, token };
}

/** Creates the invitee's account and membership and uses the invitation up, atomically. */
export function acceptStaffInvite(prisma: PrismaClient, input: { token: string; user: Omit<NewStaffUser, "email"> }) {
  return prisma.$transaction(async (tx) => {
    const tokenHash = hashToken(input.token);
    // Claiming the row first makes a second, concurrent acceptance find nothing to claim.
    const { count } = await tx.staffInvite.updateMany({
      where: { tokenHash, acceptedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (count !== 1) throw new DomainError("NOT_FOUND", "INVITE_INVALID", "This invitation is unknown, used or expired.");
    const invite = await tx.staffInvite.findUniqueOrThrow({ where: { tokenHash }, select: { shopId: true, email: true, role: true } });
    return createStaffUser(tx, { ...input.user, email: invite.email }, invite.shopId, invite.role);
  }, TX_OPTIONS);
}
