import type { OutboxEntry, Settlement } from "./types";

/** The entry after the server's verdict; shared so every store records the same fields. */
export function settledEntry(entry: OutboxEntry, settlement: Settlement, at: Date): OutboxEntry {
  const settledAt = at.toISOString();
  return settlement.status === "synced"
    ? { ...entry, status: "synced", settledAt, saleId: settlement.saleId }
    : { ...entry, status: "rejected", settledAt, rejection: settlement.rejection };
}
