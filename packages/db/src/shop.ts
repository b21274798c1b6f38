import type { ShopUpdateInput } from "@tillsync/validators";

import type { PrismaClient } from "./generated/prisma/client";

export interface ShopInput {
  name: string;
  timezone?: string;
  currency?: string;
}

export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Takes a transaction too: sign-up creates the shop together with its owner. */
export async function createShop(prisma: Pick<PrismaClient, "shop">, input: ShopInput) {
  if (input.timezone && !isValidTimeZone(input.timezone)) throw new Error(`Unknown time zone: ${input.timezone}`);
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
  return prisma.shop.update({
    where: { id: shopId },
    data: input,
    select: { id: true, name: true, timezone: true, currency: true },
  });
}
