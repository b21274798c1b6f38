import type { PrismaClient } from "./generated/prisma/client";

export type { PrismaClient } from "./generated/prisma/client";
export { Prisma } from "./generated/prisma/client";

/** A Prisma interactive-transaction client. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Who is acting: every domain function is scoped to one shop. */
export interface Actor {
  shopId: number;
  userId?: string | null;
  apiKeyId?: number | null;
}

// Interactive transactions wait for a pooled connection under load (hundreds of tills
// syncing at once) rather than failing after Prisma's 2 s default.
export const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 } as const;
