import { canonicalTimeZone, scanPrefixes, type CashRoundingIncrement, type ScanPrefixRule, type ShopUpdateInput } from "@tillsync/validators";

import { changedFields, recordAudit } from "./audit";
import { TX_OPTIONS, type Actor } from "./db";
import { DomainError } from "./errors";
import type { Prisma, PrismaClient } from "./generated/prisma/client";

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

/** What shop.current and shop.update answer; money settings per DESIGN.md §8. */
export interface ShopDTO {
  id: number;
  name: string;
  timezone: string;
  currency: string;
  /** Cash rounding increment ("0.05", "0.10", "0.50", "1.00"); null: none. */
  cashRounding: CashRoundingIncrement | null;
  /** A pay-out above this amount ("0.00") with no manager at the till is flagged for review; null: none is. */
  payoutReviewAbove: string | null;
  /** The shop's names for `other` tenders, in the order the owner gave them. */
  tenderLabels: string[];
  /** GS1 variable-measure label prefixes the till reads (DESIGN.md §9); [] for none. */
  scanPrefixes: ScanPrefixRule[];
  /** The BCP 47 locale every screen formats numbers, dates and money in ("de-DE"); null: the browser's language. */
  locale: string | null;
  /** Days each till keeps a synced sale in its browser outbox (validators tillRetentionDays). */
  tillRetentionDays: number;
}

const shopSelect = {
  id: true,
  name: true,
  timezone: true,
  currency: true,
  cashRounding: true,
  payoutReviewAbove: true,
  tenderLabels: true,
  scanPrefixes: true,
  locale: true,
  tillRetentionDays: true,
} as const;

type ShopRow = Prisma.ShopGetPayload<{ select: typeof shopSelect }>;

const toShopDTO = (row: ShopRow): ShopDTO => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  currency: row.currency,
  cashRounding: (row.cashRounding?.toFixed(2) ?? null) as CashRoundingIncrement | null,
  payoutReviewAbove: row.payoutReviewAbove?.toFixed(2) ?? null,
  tenderLabels: row.tenderLabels,
  // Written only through shopUpdateInput; a row that no longer parses (a rule tightened
  // since) reads as none rather than failing every till's shop.current.
  scanPrefixes: scanPrefixes.safeParse(row.scanPrefixes).data ?? [],
  locale: row.locale,
  tillRetentionDays: row.tillRetentionDays,
});

/** The shop with its settings. Errors: Prisma's not-found when there is no such shop (callers hold a valid principal). */
export async function getShop(prisma: PrismaClient, shopId: number): Promise<ShopDTO> {
  return toShopDTO(await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: shopSelect }));
}

/**
 * Changes the settings given (shopUpdateInput: null clears cashRounding or payoutReviewAbove;
 * tenderLabels and scanPrefixes replace their lists). Changing the time zone re-buckets all reports at once: they
 * are computed from occurredAt. A new cash rounding applies to sales recorded from then on,
 * never to stored ones (their rounding is a recorded fact). Errors: UNKNOWN_TIME_ZONE.
 */
export async function updateShop(prisma: PrismaClient, actor: Actor, input: ShopUpdateInput): Promise<ShopDTO> {
  if (input.timezone) await assertDatabaseTimeZone(prisma, input.timezone);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM shop WHERE id = ${actor.shopId} FOR UPDATE`;
    const { id: _before, ...before } = toShopDTO(await tx.shop.findUniqueOrThrow({ where: { id: actor.shopId }, select: shopSelect }));
    const updated = toShopDTO(await tx.shop.update({ where: { id: actor.shopId }, data: input, select: shopSelect }));
    // The settings as staff see them (ShopDTO), only those this update changed: one entry, or none for no change.
    const { id: _after, ...after } = updated;
    const change = changedFields(before, after);
    if (change) await recordAudit(tx, actor, { action: "shop.settingsChanged", subject: { kind: "shop", id: actor.shopId }, ...change });
    return updated;
  }, TX_OPTIONS);
}

/**
 * The dashboard's first-run checklist (issue 21), each step read from what the shop has done:
 * `products` — a product exists (archived ones count: the step was done); `till` — a browser
 * has picked a till or a sale has been recorded (by a till, a device key or an import);
 * `staff` — a second staff member or an invitation exists. `dismissed` — a manager put the
 * list away (dismissSetupChecklist). Errors: none for the caller's own shop.
 */
export interface SetupChecklist {
  products: boolean;
  till: boolean;
  staff: boolean;
  dismissed: boolean;
}

export async function setupChecklist(prisma: PrismaClient, shopId: number): Promise<SetupChecklist> {
  const [row] = await prisma.$queryRaw<{ products: boolean; till: boolean; staff: boolean; dismissed: boolean }[]>`
    SELECT EXISTS (SELECT FROM product WHERE shop_id = ${shopId}) AS products,
           EXISTS (SELECT FROM till WHERE shop_id = ${shopId} AND claimed_at IS NOT NULL)
             OR EXISTS (SELECT FROM sale WHERE shop_id = ${shopId}) AS till,
           (SELECT count(*) FROM shop_member WHERE shop_id = ${shopId}) > 1
             OR EXISTS (SELECT FROM staff_invite WHERE shop_id = ${shopId}) AS staff,
           (SELECT setup_dismissed_at IS NOT NULL FROM shop WHERE id = ${shopId}) AS dismissed`;
  return { products: row!.products, till: row!.till, staff: row!.staff, dismissed: row!.dismissed };
}

/** Puts the first-run checklist away for the whole shop (every manager's dashboard); the first dismissal's time is kept. */
export async function dismissSetupChecklist(prisma: PrismaClient, shopId: number): Promise<SetupChecklist> {
  await prisma.$executeRaw`UPDATE shop SET setup_dismissed_at = now() WHERE id = ${shopId} AND setup_dismissed_at IS NULL`;
  return setupChecklist(prisma, shopId);
}
