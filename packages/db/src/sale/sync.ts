import {
  describeIssuePath,
  discardEventInput,
  drawerEventInput,
  refundInput,
  saleInput,
  type DiscardEventInput,
  type DrawerEventInput,
  type RefundInput,
  type SaleInput,
  type SyncResult,
} from "@tillsync/validators";
import type { z } from "zod";

import { TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { DomainError, databaseFailure, isTransientDatabaseError } from "../errors";
import { recordDrawerEvent } from "../drawer/record";
import { recordRefund } from "../refund/record";
import { discardRejectedSale } from "./discard";
import { pendingSales, type PendingSale } from "./pending";
import { findRecorded } from "./dto";
import { recordPending, replay } from "./record";
import { writeSales } from "./write";

/**
 * Records a till's queued sales in order and answers every one of them (DESIGN.md §7): one
 * bad sale is reported as rejected and never blocks the ones after it. The batch is written
 * in one transaction with a fixed number of statements (see writeSales): sales already
 * stored are answered from one lookup, sales refused on their own (unknown product, total
 * too large) are left out of the write. Whenever the batch cannot be written as a whole (a
 * concurrent request stored one of its externalIds, or the database refused a statement),
 * nothing of it is kept and its sales are recorded one by one, each in its own transaction,
 * which is what isolates the culprit: a sale the database refuses on its own is rejected as
 * SALE_NOT_STORABLE with the database's reason.
 *
 * A failure that is not one sale's fault fails the whole call with a retryable
 * SERVICE_UNAVAILABLE and rejects nothing: a transient one (serialization failure,
 * deadlock, shutdown, lost connection), or one every sale written one by one met (a fault
 * of the deployment, not of the sales). The till retries; sales recorded meanwhile replay.
 */
export async function syncSales(prisma: PrismaClient, actor: Actor, sales: unknown[]): Promise<SyncResult[]> {
  try {
    return await syncOrFail(prisma, actor, sales);
  } catch (error) {
    if (error instanceof DomainError || !isTransientDatabaseError(error)) throw error;
    throw retryLater(error);
  }
}

/** A refund, drawer event or discard of the batch (DESIGN.md §8), recorded after the batch's sales, in input order. */
type OtherEntry =
  | { index: number; type: "refund"; input: RefundInput }
  | { index: number; type: "drawer"; input: DrawerEventInput }
  | { index: number; type: "discard"; input: DiscardEventInput };

/** Each outbox type's schema; anything else is a sale (a sale's `type` is "sale" or absent). */
const otherSchemas = { refund: refundInput, drawer: drawerEventInput, discard: discardEventInput } as const;
const isOtherType = (type: unknown): type is keyof typeof otherSchemas => typeof type === "string" && Object.hasOwn(otherSchemas, type);

async function syncOrFail(prisma: PrismaClient, actor: Actor, entries: unknown[]): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  const valid: { index: number; input: SaleInput }[] = [];
  const others: OtherEntry[] = [];
  for (const [index, raw] of entries.entries()) {
    const claimedId = typeof (raw as { externalId?: unknown })?.externalId === "string" ? (raw as { externalId: string }).externalId : null;
    const type = (raw as { type?: unknown }).type;
    const parsed = isOtherType(type) ? otherSchemas[type].safeParse(raw) : saleInput.safeParse(raw);
    if (!parsed.success) {
      results[index] = { externalId: claimedId, status: "rejected", error: { code: "INVALID_INPUT", message: describeIssues(parsed.error) } };
    } else if (isOtherType(type)) others.push({ index, type, input: parsed.data } as OtherEntry);
    else valid.push({ index, input: parsed.data as SaleInput });
  }
  await syncSalesOf(prisma, actor, valid, results);
  await recordOthers(prisma, actor, others, results);
  return results;
}

/**
 * Refunds, drawer events and discards, each in its own transaction, in input order, after the
 * batch's sales (a refund may name a sale queued just before it). Like recordEach: refused on its own
 * is `rejected`; a transient failure fails the call; a non-transient failure of the database
 * is this entry's SALE_NOT_STORABLE unless every entry met one.
 */
async function recordOthers(prisma: PrismaClient, actor: Actor, others: OtherEntry[], results: SyncResult[]) {
  const failed: { index: number; externalId: string; error: unknown }[] = [];
  for (const entry of others) {
    const { externalId } = entry.input;
    try {
      if (entry.type === "refund") {
        const { sale, replayed } = await recordRefund(prisma, actor, entry.input);
        results[entry.index] = { externalId, status: replayed ? "replayed" : "created", saleId: sale.id };
      } else if (entry.type === "drawer") {
        const { event, replayed } = await recordDrawerEvent(prisma, actor, entry.input);
        results[entry.index] = { externalId, status: replayed ? "replayed" : "created", eventId: event.id };
      } else {
        const { type: _type, externalId: _own, ...discard } = entry.input;
        const { id, replayed } = await discardRejectedSale(prisma, actor, discard);
        results[entry.index] = { externalId, status: replayed ? "replayed" : "created", discardId: id };
      }
    } catch (error) {
      // The sale a till discards turned out to be recorded: say which, so the till marks it sent.
      if (entry.type === "discard" && error instanceof DomainError && error.code === "SALE_ALREADY_RECORDED") {
        results[entry.index] = { externalId, status: "replayed", saleId: error.details.storedSaleId! };
      } else if (error instanceof DomainError) results[entry.index] = rejected(externalId, error);
      else if (isTransientDatabaseError(error)) throw error;
      else failed.push({ index: entry.index, externalId, error });
    }
  }
  rejectUnstorable(others.length, failed, results);
}

async function syncSalesOf(prisma: PrismaClient, actor: Actor, valid: { index: number; input: SaleInput }[], results: SyncResult[]) {
  if (valid.length === 0) return;
  const read = await pendingSales(
    prisma,
    actor,
    valid.map((entry) => entry.input),
  );
  const entries = valid.map(({ index }, n) => ({ index, pending: read[n]! }));

  // A batch that names one externalId twice is rare and order-sensitive: take it sale by sale.
  const distinct = new Set(valid.map((entry) => entry.input.externalId)).size === valid.length;
  if (!distinct) {
    await recordEach(prisma, actor, entries, results);
    return;
  }

  const pending: (PendingSale & { index: number })[] = [];
  const stored = await findRecorded(
    prisma,
    actor.shopId,
    valid.map((entry) => entry.input.externalId),
  );
  for (const { index, pending: sale } of entries) {
    const existing = stored.get(sale.input.externalId);
    if (!existing) pending.push({ ...sale, index });
    else results[index] = settle(sale.input.externalId, () => replay(existing, sale));
  }
  if (pending.length === 0) return;

  let outcomes;
  try {
    outcomes = await prisma.$transaction(async (tx) => {
      const written = await writeSales(tx, actor, pending);
      // A refused sale must not leave the products it created inline behind.
      if (written.some((outcome, n) => "error" in outcome && pending[n]!.input.items.some((item) => item.product))) throw new RefusedWithInlineProducts();
      return written;
    }, TX_OPTIONS);
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await recordEach(
      prisma,
      actor,
      pending.map((sale) => ({ index: sale.index, pending: sale })),
      results,
    );
    return;
  }
  for (const [n, outcome] of outcomes.entries()) {
    const { index, input } = pending[n]!;
    results[index] =
      "error" in outcome ? rejected(input.externalId, outcome.error) : { externalId: input.externalId, status: "created", saleId: outcome.sale.id };
  }
}

class RefusedWithInlineProducts extends Error {}

/**
 * The per-sale path: each sale in its own transaction, in order. A sale the database
 * refuses is its own fault only if the failure is not transient and not shared by every
 * sale tried: when each of them failed so, nothing is rejected and the call fails.
 */
async function recordEach(prisma: PrismaClient, actor: Actor, sales: { index: number; pending: PendingSale }[], results: SyncResult[]) {
  const failed: { index: number; externalId: string; error: unknown }[] = [];
  for (const { index, pending } of sales) {
    try {
      const { sale, replayed } = await recordPending(prisma, actor, pending);
      results[index] = { externalId: sale.externalId, status: replayed ? "replayed" : "created", saleId: sale.id };
    } catch (error) {
      if (error instanceof DomainError) results[index] = rejected(pending.input.externalId, error);
      else if (isTransientDatabaseError(error)) throw error;
      else failed.push({ index, externalId: pending.input.externalId, error });
    }
  }
  rejectUnstorable(sales.length, failed, results);
}

/** Entries the database refused: each its own SALE_NOT_STORABLE, unless all `tried` failed alike (a fault of the deployment). */
function rejectUnstorable(tried: number, failed: { index: number; externalId: string; error: unknown }[], results: SyncResult[]) {
  if (failed.length > 0 && failed.length === tried && !failed.every(({ error }) => isValueError(error))) throw retryLater(failed[0]!.error);
  for (const { index, externalId, error } of failed) {
    results[index] = {
      externalId,
      status: "rejected",
      error: {
        code: "SALE_NOT_STORABLE",
        message: `The database could not store this sale: ${databaseReason(error)}. Fix the sale, then retry it, or discard it.`,
      },
    };
  }
}

// Class 22 (data exception) and 23 (integrity constraint violation): the values of this
// sale, whichever other sales the call carries.
const isValueError = (error: unknown) => /^2[23]/.test(databaseFailure(error)?.sqlState ?? "");

/** The database's own words for a refused sale, with its SQLSTATE; never a stack. */
function databaseReason(error: unknown): string {
  const failure = databaseFailure(error);
  const text = (failure?.message ?? (error instanceof Error ? error.message.split("\n")[0] : undefined))?.slice(0, 300) ?? "unknown error";
  if (failure?.sqlState) return `${text} (SQLSTATE ${failure.sqlState})`;
  return failure?.prismaCode ? `${text} (${failure.prismaCode})` : text;
}

const retryLater = (cause: unknown) => {
  const error = new DomainError("SERVICE_UNAVAILABLE", "RETRY_LATER", "The sales could not be recorded just now; nothing was rejected. Retry shortly.");
  (error as { cause?: unknown }).cause = cause;
  return error;
};

/** A refused entry's result; IDEMPOTENCY_KEY_REUSED also names what is stored under the key (a sale or a drawer event). */
function rejected(externalId: string, error: DomainError): SyncResult {
  const { storedSaleId, storedEventId } = error.details;
  if (storedSaleId !== undefined)
    return { externalId, status: "rejected", saleId: storedSaleId, error: { code: error.code, message: error.message, storedSaleId } };
  if (storedEventId !== undefined)
    return { externalId, status: "rejected", eventId: storedEventId, error: { code: error.code, message: error.message, storedEventId } };
  return { externalId, status: "rejected", error: { code: error.code, message: error.message } };
}

function settle(externalId: string, answer: () => { sale: { id: number }; replayed: boolean }): SyncResult {
  try {
    return { externalId, status: "replayed", saleId: answer().sale.id };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return rejected(externalId, error);
  }
}

function describeIssues(error: z.ZodError): string {
  // Staff read it (Needs review, the till's rejected sales): "Item 1 quantity: Enter a quantity more than 0, …".
  return error.issues.map((issue) => (issue.path.length ? `${describeIssuePath(issue.path)}: ${issue.message}` : issue.message)).join("; ");
}
