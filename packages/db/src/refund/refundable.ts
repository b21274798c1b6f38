import type { SaleDTO, SaleRefundableInput } from "@tillsync/validators";

import { Prisma, type PrismaClient } from "../db";
import { D } from "../decimal";
import { DomainError, notFound } from "../errors";
import { storedSales, toSaleDTO, type StoredRow } from "../sale/dto";
import { findOriginal, refundableLines } from "./refunded";

/** A line of a sale as a refund dialog shows it: quantities "0.000", unit price "0.00". */
export interface RefundableLineDTO {
  lineNo: number;
  productId: number;
  productName: string;
  unitPrice: string;
  sold: string;
  /** Taken back by accepted refunds (not those flagged overRefund); all of it once the sale was reversed whole. */
  refunded: string;
  /** sold − refunded, never below 0: what can still be refunded without an over-refund. */
  remaining: string;
}

/** What the till's and the admin app's refund dialogs show for a sale (DESIGN.md §8). */
export interface RefundableDTO {
  sale: SaleDTO;
  lines: RefundableLineDTO[];
  /** Its partial refunds, accepted and flagged, in the order they were recorded. */
  refunds: SaleDTO[];
}

/**
 * A sale of the shop, by id or externalId, with per line the quantity sold, refunded so far
 * by accepted refunds and remaining, and the unit price a refund of it is paid back at; plus
 * its refunds (DESIGN.md §8). Another shop's sale, or none, is SALE_NOT_FOUND (404); a refund
 * or reversal is SALE_NOT_REVERSIBLE (400): only a sale can be refunded.
 */
export async function refundableSale(prisma: PrismaClient, shopId: number, input: SaleRefundableInput): Promise<RefundableDTO> {
  const original = await findOriginal(prisma, shopId, "saleId" in input ? { saleId: input.saleId } : { externalId: input.externalId }, false);
  const named = "saleId" in input ? `Sale ${input.saleId}` : `The sale with externalId ${input.externalId}`;
  if (!original) throw notFound("SALE_NOT_FOUND", `${named} was not found.`);
  if (original.kind !== "sale") throw new DomainError("BAD_REQUEST", "SALE_NOT_REVERSIBLE", `${named} is a ${original.kind}, not a sale.`);
  const [lines, rows] = await Promise.all([
    refundableLines(prisma, shopId, original.id),
    prisma.$queryRaw<StoredRow[]>(
      Prisma.sql`${storedSales(shopId, Prisma.sql`(s.id = ${original.id} OR (s.refunds_sale_id = ${original.id} AND s.kind = 'refund'))`)} ORDER BY s.id`,
    ),
  ]);
  const [sale, ...refunds] = rows.map(toSaleDTO);
  // The sale's items and its lines are both in line order.
  return {
    sale: sale!,
    lines: lines.map((line, n) => ({
      lineNo: line.lineNo,
      productId: line.productId,
      productName: sale!.items[n]!.productName,
      unitPrice: line.unitPrice.toFixed(2),
      sold: line.sold.toFixed(3),
      refunded: line.refunded.toFixed(3),
      remaining: D.max(line.sold.minus(line.refunded), 0).toFixed(3),
    })),
    refunds,
  };
}
