import { saleInput, type SaleInput, type SyncResult } from "@tillsync/validators";
import { z } from "zod";

import { TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { DomainError } from "../errors";
import { saleFingerprint } from "./fingerprint";
import { findRecorded, recordSale, replay } from "./record";
import { writeSales, type PendingSale } from "./write";

/**
 * Records a till's queued sales in order; one bad sale is reported as rejected and never
 * blocks the ones after it. The batch is written in one transaction with a fixed number
 * of statements (see writeSales): sales already stored are answered from one lookup, sales
 * that are refused on their own (unknown product, total too large) are left out of the
 * write. Whenever the batch cannot be written as a whole (a concurrent request stored one
 * of its externalIds, or the database refused a statement), nothing of it is kept and its
 * sales are recorded one by one, each in its own transaction, which is what isolates the
 * culprit. Anything that is not a sale's own fault (the database going away) fails the
 * whole call, which the till retries; the sales already recorded are then replayed.
 */
export async function syncSales(prisma: PrismaClient, actor: Actor, sales: unknown[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  const valid: { index: number; input: SaleInput }[] = [];
  for (const [index, raw] of sales.entries()) {
    const claimedId = typeof (raw as { externalId?: unknown })?.externalId === "string" ? (raw as { externalId: string }).externalId : null;
    const parsed = saleInput.safeParse(raw);
    if (parsed.success) valid.push({ index, input: parsed.data });
    else results[index] = { externalId: claimedId, status: "rejected", error: { code: "INVALID_INPUT", message: describeIssues(parsed.error) } };
  }

  // A batch that names one externalId twice is rare and order-sensitive: take it sale by sale.
  const distinct = new Set(valid.map((entry) => entry.input.externalId)).size === valid.length;
  if (!distinct) {
    await recordEach(prisma, actor, valid, results);
    return results;
  }

  const pending: (PendingSale & { index: number })[] = [];
  const stored = await findRecorded(prisma, actor.shopId, valid.map((entry) => entry.input.externalId));
  for (const { index, input } of valid) {
    const fingerprint = saleFingerprint(input);
    const existing = stored.get(input.externalId);
    if (!existing) pending.push({ index, input, fingerprint });
    else results[index] = settle(input.externalId, () => replay(existing, fingerprint));
  }
  if (pending.length === 0) return results;

  let outcomes;
  try {
    outcomes = await prisma.$transaction(async (tx) => {
      const written = await writeSales(tx, actor, pending);
      // A refused sale must not leave the products it created inline behind.
      if (written.some((outcome, n) => "error" in outcome && pending[n]!.input.items.some((item) => item.product))) throw new RefusedWithInlineProducts();
      return written;
    }, TX_OPTIONS);
  } catch {
    await recordEach(prisma, actor, pending, results);
    return results;
  }
  for (const [n, outcome] of outcomes.entries()) {
    const { index, input } = pending[n]!;
    results[index] =
      "error" in outcome
        ? { externalId: input.externalId, status: "rejected", error: { code: outcome.error.code, message: outcome.error.message } }
        : { externalId: input.externalId, status: "created", saleId: outcome.sale.id };
  }
  return results;
}

class RefusedWithInlineProducts extends Error {}

/** The per-sale path: each sale in its own transaction, in order. */
async function recordEach(prisma: PrismaClient, actor: Actor, sales: { index: number; input: SaleInput }[], results: SyncResult[]) {
  for (const { index, input } of sales) {
    try {
      const { sale, replayed } = await recordSale(prisma, actor, input);
      results[index] = { externalId: sale.externalId, status: replayed ? "replayed" : "created", saleId: sale.id };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results[index] = { externalId: input.externalId, status: "rejected", error: { code: error.code, message: error.message } };
    }
  }
}

function settle(externalId: string, answer: () => { sale: { id: number }; replayed: boolean }): SyncResult {
  try {
    return { externalId, status: "replayed", saleId: answer().sale.id };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { externalId, status: "rejected", error: { code: error.code, message: error.message } };
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message)).join("; ");
}
