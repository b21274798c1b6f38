import type { DrawerEventDTO, DrawerEventInput } from "@tillsync/validators";

import type { Actor, PrismaClient } from "../db";

export interface RecordedDrawerEvent {
  event: DrawerEventDTO;
  replayed: boolean;
}

/**
 * Records a drawer event exactly once (DESIGN.md §8). Replays like a sale (idempotent by
 * externalId; IDEMPOTENCY_KEY_REUSED on a changed payload). Throws DomainError when refused
 * on its own.
 */
export function recordDrawerEvent(_prisma: PrismaClient, _actor: Actor, _input: DrawerEventInput): Promise<RecordedDrawerEvent> {
  throw new Error("recordDrawerEvent: not implemented yet");
}
