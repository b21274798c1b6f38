import { isReceiptSearch } from "@tillsync/validators";

import { dateParam } from "~/lib/dates";

import { idParam } from "../address-params";

/** Sales per page of the sales list (sale.list's `limit`). */
export const SALE_PAGE = 50;

export type Kind = "" | "sale" | "reversal" | "refund";

/**
 * The sales list's filters as the address holds them (?from=&to=&product=&till=&kind=&receipt=),
 * anything unreadable as no filter. Shared by the view (sales-view.tsx) and page.tsx, which reads
 * the first page on the server with the very input the view then asks for, so the browser finds
 * it in its cache. A module of its own: a server component cannot call into a client module.
 */
export function saleFilters(params: { get(key: string): string | null }) {
  const kindParam = params.get("kind");
  const kind: Kind = kindParam === "sale" || kindParam === "reversal" || kindParam === "refund" ? kindParam : "";
  return {
    startDate: dateParam(params.get("from")) ?? "",
    endDate: dateParam(params.get("to")) ?? "",
    productId: idParam(params.get("product")),
    device: params.get("till") ?? "",
    kind,
    receipt: params.get("receipt") ?? "",
  };
}

/**
 * sale.list's input for `filters` (limit SALE_PAGE), and whether to ask at all: not for a range
 * that ends before it starts or a receipt number that cannot be one (the view says why instead).
 */
export function saleListInput(filters: ReturnType<typeof saleFilters>) {
  const rangeInvalid = filters.startDate !== "" && filters.endDate !== "" && filters.startDate > filters.endDate;
  const receiptInvalid = filters.receipt !== "" && !isReceiptSearch(filters.receipt);
  const input = {
    startDate: filters.startDate || undefined,
    endDate: filters.endDate || undefined,
    productId: filters.productId,
    device: filters.device || undefined,
    kind: filters.kind || undefined,
    receipt: filters.receipt && !receiptInvalid ? filters.receipt : undefined,
    limit: SALE_PAGE,
  };
  return { input, rangeInvalid, receiptInvalid, enabled: !rangeInvalid && !receiptInvalid };
}
