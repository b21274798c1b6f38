import type { SaleReverseInput } from "@tillsync/validators";

import { recordAudit } from "../audit";
import { TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { toDec } from "../decimal";
import { DomainError, notFound } from "../errors";
import { applyStockPlan, lockProducts } from "../stock/apply";
import { planStock } from "../stock/rules";
import { findRecorded, loadSale } from "./dto";
import { sha256 } from "./fingerprint";
import type { RecordedSale } from "./record";

/**
 * Voids or refunds a sale by appending a reversal: the same items with negated quantities
 * and totals, linked to the original, with tracked stock put back. Idempotent by the
 * reversal's own externalId; a sale can be reversed once (else SALE_ALREADY_REVERSED, 409), and
 * not once it has partial refunds (SALE_PARTLY_REFUNDED, 409: refund the remaining lines
 * instead, DESIGN.md §3.10, §8). Only a sale can be reversed (SALE_NOT_REVERSIBLE, 400).
 */
export async function reverseSale(prisma: PrismaClient, actor: Actor, input: SaleReverseInput): Promise<RecordedSale> {
  const fingerprint = sha256(JSON.stringify({ reverses: input.saleId, reason: input.reason }));
  // A replay is answered from the one stored-sale reader, as sale.create's are.
  const replay = async () => {
    const stored = (await findRecorded(prisma, actor.shopId, [input.externalId])).get(input.externalId);
    if (!stored) return null;
    if (stored.sale.kind !== "reversal" || stored.fingerprint !== fingerprint) {
      throw new DomainError(
        "UNPROCESSABLE_CONTENT",
        "IDEMPOTENCY_KEY_REUSED",
        `externalId ${input.externalId} was already used for something else (sale ${stored.sale.id}).`,
        { storedSaleId: stored.sale.id },
      );
    }
    return { sale: stored.sale, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const reversalId = await prisma.$transaction(async (tx) => {
    // Locking the original serialises concurrent reversals of it (a lock is not an UPDATE,
    // so the append-only trigger allows it).
    const [original] = await tx.$queryRaw<{ id: bigint; kind: string }[]>`
      SELECT id, kind FROM sale WHERE id = ${input.saleId} AND shop_id = ${actor.shopId} FOR UPDATE`;
    if (!original) throw notFound("SALE_NOT_FOUND", `Sale ${input.saleId} not found.`);
    if (original.kind !== "sale") {
      throw new DomainError("BAD_REQUEST", "SALE_NOT_REVERSIBLE", `A ${original.kind} cannot itself be reversed; only a sale can.`);
    }
    const already = await tx.sale.findUnique({ where: { reversesSaleId: original.id }, select: { externalId: true } });
    if (already) {
      if (already.externalId === input.externalId) return null;
      throw new DomainError("CONFLICT", "SALE_ALREADY_REVERSED", `Sale ${input.saleId} has already been reversed.`);
    }
    // Reversing a partly refunded sale whole would pay its refunded lines back twice (DESIGN.md §8).
    // Any refund counts, an over-refund too: it also put money and stock back.
    const refunded = await tx.sale.findFirst({ where: { refundsSaleId: original.id, shopId: actor.shopId, kind: "refund" }, select: { id: true } });
    if (refunded) {
      throw new DomainError(
        "CONFLICT",
        "SALE_PARTLY_REFUNDED",
        `Sale ${input.saleId} has been partly refunded (refund ${refunded.id}); refund the remaining lines instead of reversing the whole sale.`,
      );
    }

    const items = await tx.saleItem.findMany({
      where: { saleId: original.id },
      orderBy: { lineNo: "asc" },
      select: { productId: true, lineNo: true, quantity: true, unitPrice: true, lineTotal: true },
    });
    const products = await lockProducts(
      tx,
      actor.shopId,
      items.map((item) => item.productId),
    );
    const total = items.reduce((sum, item) => sum.plus(toDec(item.lineTotal)), toDec(0)).negated();
    const now = new Date();
    const reversal = await tx.sale.create({
      data: {
        shopId: actor.shopId,
        externalId: input.externalId,
        fingerprint,
        kind: "reversal",
        reversesSaleId: original.id,
        reason: input.reason,
        apiKeyId: actor.apiKeyId ?? null,
        userId: actor.userId ?? null,
        occurredAt: now,
        receivedAt: now,
        total: total.toFixed(2),
      },
      select: { id: true },
    });
    await tx.saleItem.createMany({
      data: items.map((item) => ({
        saleId: reversal.id,
        shopId: actor.shopId,
        productId: item.productId,
        lineNo: item.lineNo,
        quantity: toDec(item.quantity).negated().toFixed(3),
        unitPrice: item.unitPrice,
        lineTotal: toDec(item.lineTotal).negated().toFixed(2),
        occurredAt: now,
      })),
    });
    const events = items
      .filter((item) => !products.get(item.productId)!.isVolatile)
      .map((item) => ({ kind: "reversal" as const, productId: item.productId, quantity: toDec(item.quantity), note: input.reason, by: reversal.id }));
    await applyStockPlan(tx, actor, planStock(products.values(), events));
    await recordAudit(tx, actor, {
      action: "sale.reversed",
      subject: { kind: "sale", id: original.id },
      before: { reversed: false },
      after: { reversed: true, reversalSaleId: Number(reversal.id), total: total.toFixed(2), reason: input.reason },
    });
    return reversal.id;
  }, TX_OPTIONS);

  if (reversalId === null) return (await replay())!;
  return { sale: (await loadSale(prisma, actor.shopId, reversalId))!, replayed: false };
}
