import { z } from "zod";

import "./messages";
import { formatReceiptNumber, isReceiptSearch, parseReceiptNumber } from "./receipt-number";

// Receipt numbers and printed receipts (DESIGN.md §9). A receipt number is `<till series>-<counter>`:
// the till's series code (1-8 letters or digits, drawer.ts tillSeries) and a counter the till
// keeps, 1, 2, 3 … gapless per series. The till assigns it when the sale is rung up; the server
// stores it as sent and flags a duplicate or a gap, never refuses or renumbers (sale/dto.ts).

/**
 * A sale's receipt number as a till sends it (`saleInput.receiptNumber`): "A-14", the series
 * upper-cased ("a-14" is "A-14"); a counter from 1 without leading zeros, at most 999,999,999.
 */
export const receiptNumber = z
  .string()
  .max(32)
  .refine((text) => parseReceiptNumber(text) !== undefined, "A receipt number is the till's series, a hyphen and a number from 1, e.g. A-14")
  .transform((text) => {
    const { series, counter } = parseReceiptNumber(text)!;
    return formatReceiptNumber(series, counter);
  });

/**
 * What staff type to find a receipt (sale.list `receipt`): a whole number ("A-14", any case)
 * or just its counter ("14", every series).
 */
export const receiptSearch = z
  .string()
  .trim()
  .max(32)
  .refine(isReceiptSearch, "Type a receipt number such as A-14, or just 14")
  .transform((text): { series: string | null; counter: number } => {
    const parts = parseReceiptNumber(text);
    return parts ?? { series: null, counter: Number(text) };
  });

/**
 * Why a receipt number is flagged for staff (computed whenever the sale is read, so it follows
 * what has arrived): `duplicate`, another sale of the shop has the same number; `gap`, the
 * number before it in its series has not arrived (numbers skipped, or a till whose storage
 * was wiped). Null: neither, or the sale has no receipt number.
 */
export type ReceiptFlag = "duplicate" | "gap" | null;

/** Receipt roll widths a till prints on, in millimetres. */
export const paperWidth = z.union([z.literal(58), z.literal(80)]);
export type PaperWidth = z.output<typeof paperWidth>;
