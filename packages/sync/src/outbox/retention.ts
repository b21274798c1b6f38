import { TILL_RETENTION_DAYS } from "@tillsync/validators";

import { payloadKind, type OutboxEntry } from "./types";

/**
 * How long a till keeps a synced sale or refund in its browser outbox when its shop says
 * nothing else (issue 21), counted from when the server recorded it. Each shop sets its own
 * (shop.tillRetentionDays, validators TILL_RETENTION_DAYS: why the default and the bounds);
 * the web till passes it to IndexedDbOutbox.prune and shows it in its sync panel.
 */
export const SYNCED_RETENTION_DAYS: number = TILL_RETENTION_DAYS.default;

const DAY_MS = 86_400_000;

/**
 * The entries a till may drop from its outbox at `now`: synced sales, refunds and discard
 * records whose server verdict is older than `retentionDays`. Never pending, rejected or
 * discarded entries (staff still have to act, or see what was discarded); never drawer
 * events; never an entry of a drawer session the outbox has no close event for (its X
 * and Z figures are counted from these entries, DESIGN.md §8); never a sale that a refund
 * still kept names (the refund dialog counts what is left to refund from both).
 */
export function prunableEntries(entries: readonly OutboxEntry[], now: Date, retentionDays = SYNCED_RETENTION_DAYS): OutboxEntry[] {
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const expired = (entry: OutboxEntry) =>
    entry.status === "synced" && payloadKind(entry.sale) !== "drawer" && entry.settledAt !== undefined && Date.parse(entry.settledAt) < cutoff;

  const closed = new Set<string>();
  for (const { sale } of entries) if (sale.type === "drawer" && sale.kind === "close") closed.add(String(sale.sessionId));
  const openSession = (entry: OutboxEntry) => {
    const session = "drawerSessionId" in entry.sale ? entry.sale.drawerSessionId : undefined;
    return typeof session === "string" && !closed.has(session);
  };
  const stillRefunding = new Set(
    entries.flatMap(({ sale, ...entry }) =>
      sale.type === "refund" && sale.originalExternalId && !expired({ sale, ...entry }) ? [String(sale.originalExternalId)] : [],
    ),
  );
  return entries.filter((entry) => expired(entry) && !openSession(entry) && !stillRefunding.has(entry.externalId));
}
