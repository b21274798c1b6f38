import { z } from "zod";

import { currencyCode, id, storable, timeZone } from "./common";
import "./messages";

export const staffRoles = ["owner", "manager", "cashier"] as const;
export const staffRole = z.enum(staffRoles);
export type StaffRole = z.infer<typeof staffRole>;

export const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
/** Better Auth's own bounds for a password (8..128 characters). */
export const password = z.string().min(8).max(128);
export const personName = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine(...storable);
/** Better Auth user ids: opaque strings. */
export const userId = z
  .string()
  .min(1)
  .max(64)
  .refine(...storable);

/** Sign-up: a new shop and its first owner, who is signed in at once. */
export const signUpInput = z.object({
  shopName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine(...storable),
  timezone: timeZone.optional(),
  currency: currencyCode.optional(),
  name: personName,
  email,
  password,
});
export type SignUpInput = z.output<typeof signUpInput>;

/** Accepting an invitation: the invitee chooses their name and password. */
export const acceptInviteInput = z.object({
  token: z
    .string()
    .min(1)
    .max(128)
    .refine(...storable),
  name: personName,
  password,
});
export type AcceptInviteInput = z.output<typeof acceptInviteInput>;

export const staffInviteInput = z.object({ email, role: staffRole });
export const staffRemoveInput = z.object({ userId });
export const staffSetRoleInput = z.object({ userId, role: staffRole });

export const apiKeyCreateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .refine(...storable),
  role: z.enum(["device", "manager"]).default("device"),
});
export const apiKeyRevokeInput = z.object({ id });
