import { clockInstant, type SaleInput } from "@tillsync/validators";

import type { Actor, PrismaClient } from "../db";

/** The till's clock of a sale, read: its instant, the text as sent, and whether it was naive. */
export interface SaleClock {
  at: Date;
  text: string;
  assumedLocal: boolean;
}

/** A validated sale about to be written or compared with a stored one. */
export interface PendingSale {
  input: SaleInput;
  clock: SaleClock | null;
  /** Who rang it up: the cashier the till named, else the signed-in staff member delivering it (DESIGN.md §7). */
  cashierId: string | null;
}

/**
 * Reads the clocks of these sales and who rang them up. The shop's time zone is read
 * only when a clock is naive (DESIGN.md §7), so sales with an offset cost no round trip.
 */
export async function pendingSales(prisma: PrismaClient, actor: Actor, inputs: SaleInput[]): Promise<PendingSale[]> {
  const naive = inputs.some((input) => input.clientTimestamp?.local);
  const timeZone = naive ? (await prisma.shop.findUniqueOrThrow({ where: { id: actor.shopId }, select: { timezone: true } })).timezone : "UTC";
  return inputs.map((input) => pendingSale(actor, input, timeZone));
}

export function pendingSale(actor: Actor, input: SaleInput, timeZone: string): PendingSale {
  const sent = input.clientTimestamp;
  const clock = sent ? { at: clockInstant(sent, timeZone), text: sent.text, assumedLocal: !sent.instant } : null;
  return { input, clock, cashierId: input.cashierId ?? actor.userId ?? null };
}
