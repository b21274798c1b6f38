import { saleInput, type SyncResult } from "@tillsync/validators";
import { z } from "zod";

import type { Actor, PrismaClient } from "../db";
import { DomainError } from "../errors";
import { recordSale } from "./record";

/**
 * Records a till's queued sales in order, each in its own transaction, so one bad sale is
 * reported as rejected and never blocks the ones after it. Anything that is not the sale's
 * own fault (the database going away) fails the whole call, which the till retries; the
 * sales already recorded are then replayed, not duplicated.
 */
export async function syncSales(prisma: PrismaClient, actor: Actor, sales: unknown[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const raw of sales) {
    const claimedId = typeof (raw as { externalId?: unknown })?.externalId === "string" ? (raw as { externalId: string }).externalId : null;
    const parsed = saleInput.safeParse(raw);
    if (!parsed.success) {
      results.push({ externalId: claimedId, status: "rejected", error: { code: "INVALID_INPUT", message: describeIssues(parsed.error) } });
      continue;
    }
    try {
      const { sale, replayed } = await recordSale(prisma, actor, parsed.data);
      results.push({ externalId: sale.externalId, status: replayed ? "replayed" : "created", saleId: sale.id });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ externalId: parsed.data.externalId, status: "rejected", error: { code: error.code, message: error.message } });
    }
  }
  return results;
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}
