import type { RefundInput } from "@tillsync/validators";

import type { Actor, PrismaClient } from "../db";
import type { RecordedSale } from "../sale/record";

/**
 * Records a partial refund exactly once (DESIGN.md §8): a `refund` sale row with negative
 * lines linked to the original, its tenders, stock put back for restocked tracked lines;
 * over-refunds recorded and flagged. Replays like a sale (idempotent by externalId;
 * IDEMPOTENCY_KEY_REUSED on a changed payload). Throws DomainError when refused on its own.
 */
export function recordRefund(_prisma: PrismaClient, _actor: Actor, _input: RefundInput): Promise<RecordedSale> {
  throw new Error("recordRefund: not implemented yet");
}
