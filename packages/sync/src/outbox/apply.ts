import type { OutboxEntry, Settlement } from "./types";

/** The entry after the server's verdict; shared so every store records the same fields. */
export function settledEntry(entry: OutboxEntry, settlement: Settlement, at: Date): OutboxEntry {
  const settledAt = at.toISOString();
  if (settlement.status === "rejected") return { ...entry, status: "rejected", settledAt, rejection: settlement.rejection };
  const { rejection: _previous, ...rest } = entry;
  return {
    ...rest,
    status: "synced",
    settledAt,
    saleId: settlement.saleId,
    ...(settlement.eventId === undefined ? {} : { eventId: settlement.eventId }),
    replayed: settlement.replayed,
  };
}

/** Rejected → pending at the same `seq`; the last rejection stays until the next verdict. */
export function requeuedEntry(entry: OutboxEntry): OutboxEntry | undefined {
  if (entry.status !== "rejected") return undefined;
  const { settledAt: _at, ...rest } = entry;
  return { ...rest, status: "pending" };
}

/** Rejected → discarded; any other status is a caller's mistake. */
export function discardedEntry(entry: OutboxEntry | undefined, externalId: string, reason: string, at: Date): OutboxEntry {
  if (entry?.status !== "rejected") throw new Error(`Sale ${externalId} is not a rejected sale of this outbox (${entry?.status ?? "unknown"})`);
  return { ...entry, status: "discarded", settledAt: at.toISOString(), discardReason: reason };
}
