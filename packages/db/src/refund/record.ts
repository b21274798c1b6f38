import { isStorableInstant, movesCash, settleTenders, type CashRoundingIncrement, type RefundInput, type SaleInput } from "@tillsync/validators";

import { recordAudit } from "../audit";
import { Prisma, TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { D, MAX_AMOUNT, MAX_AMOUNT_WORDS, roundMoney, toDec } from "../decimal";
import { DomainError, notFound } from "../errors";
import { findRecorded, loadSale } from "../sale/dto";
import { sha256 } from "../sale/fingerprint";
import { pendingSales } from "../sale/pending";
import type { RecordedSale } from "../sale/record";
import { occurredAtOf } from "../sale/write";
import { cashierStatusSql, managerAtTillSql } from "../staff/sql";
import { applyStockPlan, lockProducts } from "../stock/apply";
import { planStock, type StockEvent } from "../stock/rules";
import { findOriginal, refundableLines } from "./refunded";

/** The refund fingerprint definition refunds are stored under (sale.fingerprint_version of a `refund` row). */
export const REFUND_FINGERPRINT_VERSION = 1;

/**
 * What makes two submissions of one refund externalId "the same refund" (DESIGN.md §3.2, §8):
 * the original as named (id or externalId), the lines (line, quantity, restock), the tenders,
 * the reason, the instant of the till's clock (any spelling of one instant is the same refund)
 * and the cashier the till named. Delivery metadata (`sourceDevice`) is left out, so a retry
 * after the till app upgraded is a replay. Numbers are normalised ("0.5" = "0.500").
 */
export function refundFingerprint(input: RefundInput, at: Date | null): string {
  return sha256(
    JSON.stringify({
      refund: REFUND_FINGERPRINT_VERSION,
      original: [input.originalSaleId ?? null, input.originalExternalId ?? null],
      lines: input.lines.map((line) => [line.lineNo, toDec(line.quantity).toFixed(3), line.restock]),
      tenders: (input.tenders ?? []).map((t) => [
        t.method,
        t.label ?? null,
        toDec(t.amount).toFixed(2),
        t.tendered === undefined ? null : toDec(t.tendered).toFixed(2),
        t.reference ?? null,
      ]),
      reason: input.reason,
      at: at?.toISOString() ?? null,
      cashier: input.cashierId ?? null,
    }),
  );
}

/**
 * Records a partial refund exactly once (DESIGN.md §3.10, §8), in one transaction: a `refund`
 * sale row linked to the original (`refunds_sale_id`) with negative lines (quantity ×
 * the original line's unit price, rounded half-up to cents; `refunds_line_no` names the
 * original line), its tenders as sale_tender rows with positive amounts (how the money went
 * back; settleTenders on the refund's positive amount with the shop's cash rounding, so a
 * mismatch is flagged, never refused; `rounding` is on that positive amount), and tracked
 * products put back in stock for restocked lines (`refund` ledger rows via the stock rules).
 *
 * - The original is named by `originalSaleId` or `originalExternalId` (a till may refund a sale
 *   it has not synced; sale.sync records a batch's sales before its refunds). It must be this
 *   shop's (else ORIGINAL_SALE_NOT_FOUND, 404) and a sale, not a refund or reversal (else
 *   SALE_NOT_REVERSIBLE, 400). A line it does not have is REFUND_LINE_NOT_FOUND (404). Its row
 *   is locked FOR UPDATE, so concurrent refunds and reversals of one sale are serialised.
 * - Accepted refunds never exceed what was sold: when, on any line, what accepted refunds took
 *   back plus this refund is more than was sold (a sale reversed whole counts as all taken
 *   back), the refund is still recorded as it happened and flagged `overRefund` for a manager.
 * - `needsReview` when no manager was at the till: neither the principal (staff member or API
 *   key) nor the cashier the till named is an owner or manager of the shop (§8: recorded and
 *   flagged, never refused).
 * - The clock is read as a sale's (DESIGN.md §3.9, §7); the till as a sale's: `tillId` if it is
 *   one of the shop's tills (else none), or when none is named, the till the delivering device
 *   key is bound to; `drawerSessionId` as sent. Cash paid back with no drawer session of that till
 *   (none named, no till, a session the till has no event of) is flagged `cashWithoutDrawer` where a
 *   drawer could have been open: at a till, or by staff (not a device key bound to no till).
 * - Idempotent by (shop, externalId): the same refund again answers the stored one with
 *   `replayed: true`; a different payload under the key is IDEMPOTENCY_KEY_REUSED (422, naming
 *   the stored sale); concurrent duplicates store one row.
 * A refund total beyond DECIMAL(12,2), or a stock beyond its column, is AMOUNT_OUT_OF_RANGE (400).
 */
export async function recordRefund(prisma: PrismaClient, actor: Actor, input: RefundInput): Promise<RecordedSale> {
  // A refund carries its clock and cashier as a sale does; the sale path's reader reads only those.
  const [pending] = await pendingSales(prisma, actor, [{ clientTimestamp: input.clientTimestamp, cashierId: input.cashierId } as SaleInput]);
  const clock = pending!.clock;
  const fingerprint = refundFingerprint(input, clock?.at ?? null);
  const replay = async () => {
    const stored = (await findRecorded(prisma, actor.shopId, [input.externalId])).get(input.externalId);
    if (!stored) return null;
    if (stored.sale.kind !== "refund" || stored.fingerprint !== fingerprint) {
      throw new DomainError(
        "UNPROCESSABLE_CONTENT",
        "IDEMPOTENCY_KEY_REUSED",
        `externalId ${input.externalId} was already used for something else (sale ${stored.sale.id}); use a new externalId for a new refund.`,
        { storedSaleId: stored.sale.id },
      );
    }
    return { sale: stored.sale, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const refundId = await prisma.$transaction(async (tx) => {
    const original = await findOriginal(tx, actor.shopId, { saleId: input.originalSaleId, externalId: input.originalExternalId }, true);
    const named = input.originalSaleId !== undefined ? `Sale ${input.originalSaleId}` : `The sale with externalId ${input.originalExternalId}`;
    if (!original) {
      throw notFound(
        "ORIGINAL_SALE_NOT_FOUND",
        `${named} is not on the server, so it cannot be refunded yet. If the till still holds it (pending or rejected), sync or fix that sale first, then retry this refund.`,
      );
    }
    if (original.kind !== "sale")
      throw new DomainError("BAD_REQUEST", "SALE_NOT_REVERSIBLE", `${named} is a ${original.kind}, not a sale: only a sale can be refunded.`);

    const sold = new Map((await refundableLines(tx, actor.shopId, original.id)).map((line) => [line.lineNo, line]));
    const taking = new Map<number, InstanceType<typeof D>>();
    const lines = input.lines.map((line) => {
      const of = sold.get(line.lineNo);
      if (!of) throw notFound("REFUND_LINE_NOT_FOUND", `${named} has no line ${line.lineNo}.`);
      const quantity = toDec(line.quantity);
      taking.set(line.lineNo, (taking.get(line.lineNo) ?? new D(0)).plus(quantity));
      return { ...line, of, quantity, amount: roundMoney(quantity.times(of.unitPrice)) };
    });
    const amount = lines.reduce((sum, line) => sum.plus(line.amount), new D(0));
    if (amount.gt(MAX_AMOUNT))
      throw new DomainError("BAD_REQUEST", "AMOUNT_OUT_OF_RANGE", `The refund’s total would go beyond what can be recorded (${MAX_AMOUNT_WORDS}).`);
    const overRefund = [...taking].some(([lineNo, quantity]) => {
      const line = sold.get(lineNo)!;
      return line.refunded.plus(quantity).gt(line.sold);
    });

    const [context] = await tx.$queryRaw<{ cash_rounding: string | null; manager: boolean; till_id: number | null }[]>`
      SELECT (SELECT cash_rounding::text FROM shop WHERE id = ${actor.shopId}) AS cash_rounding,
             ${managerAtTillSql(actor, pending!.cashierId)} AS manager,
             -- The till as for sales (DESIGN.md §8): the one named if it is this shop's, else none; naming none, the delivering key's till.
             CASE WHEN ${input.tillId ?? null}::int IS NOT NULL THEN (SELECT id FROM till WHERE id = ${input.tillId ?? null}::int AND shop_id = ${actor.shopId})
                  ELSE (SELECT id FROM till WHERE api_key_id = ${actor.apiKeyId ?? null}::int AND shop_id = ${actor.shopId}) END AS till_id`;
    const settled = settleTenders(amount, input.tenders, context!.cash_rounding as CashRoundingIncrement | null);

    const receivedAt = new Date();
    const { occurredAt, adjusted } = occurredAtOf(pending!, receivedAt);
    // An instant PostgreSQL's timestamptz cannot take is kept only as the text sent, as for sales.
    const clientTimestamp = clock && isStorableInstant(clock.at) ? clock.at.toISOString() : null;
    const [row] = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO sale (shop_id, external_id, fingerprint, fingerprint_version, kind, refunds_sale_id, reason, source_device, api_key_id, user_id,
                        cashier_id, cashier_status, client_timestamp, client_clock, clock_assumed_local, occurred_at, received_at, clock_adjusted, total,
                        till_id, drawer_session_id, rounding, tender_mismatch, over_refund, needs_review, cash_without_drawer)
      VALUES (${actor.shopId}, ${input.externalId}::uuid, ${fingerprint}, ${REFUND_FINGERPRINT_VERSION}::smallint, 'refund', ${original.id}, ${input.reason},
              ${input.sourceDevice ?? null}, ${actor.apiKeyId ?? null}::int, ${actor.userId ?? null}, ${pending!.cashierId},
              ${cashierStatusSql(actor.shopId, Prisma.sql`${pending!.cashierId}`)},
              ${clientTimestamp}::timestamptz, ${clock?.text ?? null}, ${clock?.assumedLocal ?? false}, ${occurredAt.toISOString()}::timestamptz,
              ${receivedAt.toISOString()}::timestamptz, ${adjusted}, ${amount.negated().toFixed(2)}::numeric, ${context!.till_id}::int,
              ${input.drawerSessionId ?? null}::uuid, ${settled.rounding}::numeric, ${settled.mismatch}, ${overRefund}, ${!context!.manager},
              -- Cash paid back with no drawer session of its till (DESIGN.md §8), where one could have been open, as for a sale (sale/write.ts).
              ${movesCash(settled.tenders)} AND (${context!.till_id}::int IS NOT NULL OR ${actor.userId ?? null}::text IS NOT NULL) AND NOT EXISTS (SELECT FROM drawer_event e WHERE e.shop_id = ${actor.shopId} AND e.session_id = ${input.drawerSessionId ?? null}::uuid
                                                             AND e.till_id = ${context!.till_id}::int))
      -- A concurrent request stored this externalId first: nothing is written, the caller replays.
      ON CONFLICT (shop_id, external_id) DO NOTHING
      RETURNING id`;
    if (!row) return null;

    await tx.saleItem.createMany({
      data: lines.map((line, n) => ({
        saleId: row.id,
        shopId: actor.shopId,
        productId: line.of.productId,
        lineNo: n + 1,
        refundsLineNo: line.lineNo,
        quantity: line.quantity.negated().toFixed(3),
        unitPrice: line.of.unitPrice.toFixed(2),
        lineTotal: line.amount.negated().toFixed(2),
        occurredAt,
      })),
    });
    if (settled.tenders.length > 0) {
      await tx.saleTender.createMany({
        data: settled.tenders.map((tender, n) => ({ saleId: row.id, shopId: actor.shopId, lineNo: n + 1, ...tender, occurredAt })),
      });
    }
    const restocked = lines.filter((line) => line.restock);
    const products = await lockProducts(
      tx,
      actor.shopId,
      restocked.map((line) => line.of.productId),
    );
    const events: StockEvent<bigint>[] = restocked
      .filter((line) => products.get(line.of.productId)?.stock != null)
      .map((line) => ({ kind: "refund", productId: line.of.productId, quantity: line.quantity, note: input.reason, by: row.id }));
    await applyStockPlan(tx, actor, planStock(products.values(), events));
    await recordAudit(tx, actor, {
      action: "sale.refunded",
      subject: { kind: "sale", id: original.id },
      after: {
        refundSaleId: Number(row.id),
        total: amount.negated().toFixed(2),
        reason: input.reason,
        lines: lines.length,
        overRefund,
        needsReview: !context!.manager,
      },
    });
    return row.id;
  }, TX_OPTIONS);

  if (refundId === null) return (await replay())!;
  return { sale: (await loadSale(prisma, actor.shopId, refundId))!, replayed: false };
}
