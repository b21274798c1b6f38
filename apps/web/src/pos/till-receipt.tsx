"use client";

import type { CashRoundingIncrement, SaleInputRaw } from "@tillsync/validators";
import { Printer } from "lucide-react";
import { useState } from "react";
import { createPortal, flushSync } from "react-dom";

import { PrintedReceipt, receiptOfQueuedSale, type ReceiptContent } from "~/components/receipt/printed-receipt";
import { Button } from "~/components/ui/button";

import type { TillClaim } from "./local-store";

/**
 * The receipt of the till's last sale (DESIGN.md §9): printed at once after Charge when the
 * till is set to (`claim.printReceipt`, a manager's setting on the Tills page), else on
 * "Print receipt"; on the till's paper width (80 mm unless set). Printing is the browser's
 * print dialog (or the kiosk's silent printing), with the receipt alone on the page: the
 * sell screen is `print:hidden`, the receipt is portalled beside it.
 */
export function useTillReceipt(
  shop: { name: string; timezone: string; currency: string; cashRounding?: CashRoundingIncrement | null },
  claim: TillClaim | null,
) {
  const [receipt, setReceipt] = useState<ReceiptContent | null>(null);

  function print(content: ReceiptContent) {
    flushSync(() => setReceipt(content));
    window.print();
  }

  /** The sale just queued (with its receipt number), and its lines' product names. */
  function rungUp(sale: SaleInputRaw & { receiptNumber?: string }, names: readonly string[]) {
    const content = receiptOfQueuedSale(sale, names, shop.name, shop.cashRounding ?? null);
    if (claim?.printReceipt) print(content);
    else setReceipt(content);
  }

  const button = receipt ? (
    <Button variant="outline" size="sm" className="justify-self-start" onClick={() => print(receipt)}>
      <Printer /> Print receipt{receipt.receiptNumber ? ` ${receipt.receiptNumber}` : ""}
    </Button>
  ) : null;

  const element =
    receipt && typeof document !== "undefined"
      ? createPortal(<PrintedReceipt receipt={receipt} paperWidth={claim?.paperWidth ?? 80} timeZone={shop.timezone} currency={shop.currency} />, document.body)
      : null;

  return { rungUp, button, element };
}
