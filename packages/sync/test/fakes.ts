import { randomUUID } from "node:crypto";

import type { OutboxPayload, SaleInputRaw, SyncResult } from "@tillsync/validators";

import type { SyncTransport } from "../src/transport";

export const sale = (overrides: Partial<SaleInputRaw> = {}): SaleInputRaw => ({
  externalId: randomUUID(),
  clientTimestamp: "2026-11-23T10:00:00.000Z",
  items: [{ productId: 1, quantity: "1" }],
  ...overrides,
});

export const created = (sales: OutboxPayload[], offset = 0): SyncResult[] =>
  sales.map((s, index) => ({ externalId: s.externalId, status: "created", saleId: offset + index + 1 }));

/**
 * A transport that records every call and answers with `respond` (default: all created).
 * `inFlight`/`maxInFlight` show whether two drainers ever overlapped.
 */
export function fakeTransport(respond: (sales: OutboxPayload[], call: number) => Promise<SyncResult[]> | SyncResult[] = (sales) => created(sales)) {
  const calls: string[][] = [];
  const state = { inFlight: 0, maxInFlight: 0 };
  const transport: SyncTransport = async (sales) => {
    calls.push(sales.map((s) => s.externalId));
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      // Let other drainers run in between, as a real network call would.
      await new Promise((resolve) => setTimeout(resolve, 1));
      return await respond(sales, calls.length);
    } finally {
      state.inFlight--;
    }
  };
  return { transport, calls, state };
}
