import { canonicalTimeZone, type ShopUpdateInput } from "@tillsync/validators";

import { DomainError } from "./errors";
import type { PrismaClient } from "./generated/prisma/client";

export interface ShopInput {
  name: string;
  timezone?: string;
  currency?: string;
}

/**
 * Is `timezone` an IANA zone name the runtime knows (any spelling: validators
 * canonicalTimeZone, which also refuses offsets such as "+01:00" that PostgreSQL would read
 * as POSIX zones)? Saving a zone still asks PostgreSQL too (assertDatabaseTimeZone).
 */
export function isValidTimeZone(timezone: string): boolean {
  return canonicalTimeZone(timezone) !== null;
}

/**
 * Refuses (BAD_REQUEST UNKNOWN_TIME_ZONE) a time zone PostgreSQL does not know by name:
 * reports bucket sales with `AT TIME ZONE shop.timezone`, and the runtime's Intl list (what
 * the validators check) and PostgreSQL's tzdata differ from machine to machine (DESIGN.md §7).
 */
export async function assertDatabaseTimeZone(prisma: Pick<PrismaClient, "$queryRaw">, timezone: string) {
  const [row] = await prisma.$queryRaw<{ known: boolean }[]>`SELECT EXISTS (SELECT FROM pg_timezone_names WHERE name = ${timezone}) AS known`;
  if (!row?.known)
    throw new DomainError("BAD_REQUEST", "UNKNOWN_TIME_ZONE", `The time zone ${timezone} is not known here; pick another name for it (e.g. Europe/Berlin).`);
}

/** Takes a transaction too: sign-up creates the shop together with its owner. */
export async function createShop(prisma: Pick<PrismaClient, "shop" | "$queryRaw">, input: ShopInput) {
  if (input.timezone && !isValidTimeZone(input.timezone)) throw new DomainError("BAD_REQUEST", "UNKNOWN_TIME_ZONE", `Unknown time zone: ${input.timezone}`);
  if (input.timezone) await assertDatabaseTimeZone(prisma, input.timezone);
  return prisma.shop.create({
    data: { name: input.name, timezone: input.timezone ?? "UTC", currency: input.currency ?? "EUR" },
    select: { id: true, name: true, timezone: true, currency: true },
  });
}

export async function getShop(prisma: PrismaClient, shopId: number) {
  return prisma.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { id: true, name: true, timezone: true, currency: true },
  });
}

/** Changing the time zone re-buckets all reports at once: they are computed from occurredAt. */
export async function updateShop(prisma: PrismaClient, shopId: number, input: ShopUpdateInput) {
  if (input.timezone) await assertDatabaseTimeZone(prisma, input.timezone);
  return prisma.shop.update({
    where: { id: shopId },
    data: input,
    select: { id: true, name: true, timezone: true, currency: true },
  });
}
