import { randomBytes } from "node:crypto";

import type { StaffRole } from "../generated/prisma/client";
import type { Tx } from "../db";
import { DomainError, isUniqueViolation, UNIQUE } from "../errors";

export interface NewStaffUser {
  name: string;
  email: string;
  /** Better Auth's hash of the password (its scrypt format); the password never gets here. */
  passwordHash: string;
}

/**
 * A staff user with a password account and a membership, as Better Auth's email/password
 * sign-up would write them (providerId "credential", accountId = user id), but inside the
 * caller's transaction so the shop or invitation commits with it or not at all.
 */
export async function createStaffUser(tx: Tx, user: NewStaffUser, shopId: number, role: StaffRole) {
  const id = randomBytes(16).toString("hex");
  try {
    await tx.user.create({ data: { id, name: user.name, email: user.email.toLowerCase() } });
  } catch (error) {
    if (isUniqueViolation(error, UNIQUE.userEmail)) {
      throw new DomainError("CONFLICT", "EMAIL_TAKEN", "An account with this email already exists.");
    }
    throw error;
  }
  await tx.account.create({
    data: { id: randomBytes(16).toString("hex"), userId: id, accountId: id, providerId: "credential", password: user.passwordHash },
  });
  await tx.shopMember.create({ data: { shopId, userId: id, role } });
  return { userId: id, shopId, role };
}
