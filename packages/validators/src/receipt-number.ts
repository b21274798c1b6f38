// A receipt number's text (DESIGN.md §9), `<till series>-<counter>`, read and written without
// zod: the till numbers its sales in the browser, whose first load must not carry zod
// (issue 21). The schemas that accept one are receipt.ts's.

/** Series, hyphen, counter from 1 without leading zeros: at most 9 digits, so it fits the INTEGER column. */
const RECEIPT_NUMBER = /^([A-Za-z0-9]{1,8})-([1-9][0-9]{0,8})$/;

/** A receipt number in its two parts, as stored (sale.receipt_series, sale.receipt_counter). */
export interface ReceiptNumberParts {
  series: string;
  counter: number;
}

/**
 * Whether staff typed something a receipt can be found by (sale.list `receipt`, receipt.ts
 * receiptSearch): a whole number ("A-14", any case) or just its counter ("14"). Without zod, for
 * the sales list's first load (issue 21).
 */
export const isReceiptSearch = (text: string) => /^([A-Za-z0-9]{1,8}-)?[1-9][0-9]{0,8}$/.test(text.trim());

/** "a-14" → { series: "A", counter: 14 }; undefined when the text is not a receipt number. */
export function parseReceiptNumber(text: string): ReceiptNumberParts | undefined {
  const match = RECEIPT_NUMBER.exec(text.trim());
  return match ? { series: match[1]!.toUpperCase(), counter: Number(match[2]) } : undefined;
}

/** { series: "A", counter: 14 } → "A-14". */
export const formatReceiptNumber = (series: string, counter: number) => `${series}-${counter}`;
