import { lineTotal, settleTenders, type CashRoundingIncrement, type PaperWidth, type SaleDTO, type SaleInputRaw, type TenderDTO } from "@tillsync/validators";
import Decimal from "decimal.js";

import { isZero } from "~/lib/decimal";
import { formatInstant, formatMoney, formatQuantity, tenderName } from "~/lib/format";

/** What a printed receipt says (DESIGN.md §9); built from a stored sale or from the sale the till just queued. */
export interface ReceiptContent {
  shopName: string;
  receiptNumber: string | null;
  at: Date;
  lines: { name: string; quantity: string; unitPrice: string; lineTotal: string }[];
  total: string;
  /** Cash rounding ("0.00" when none): the customer owed total + rounding. */
  rounding: string;
  tenders: Pick<TenderDTO, "method" | "label" | "amount" | "tendered" | "change">[];
  /** A reprint: marked COPY, as reprinted Z reports are. */
  copy: boolean;
}

/** A stored sale's receipt, as the admin sale page reprints it (marked COPY). */
export function receiptOfSale(sale: SaleDTO, shopName: string): ReceiptContent {
  return {
    shopName,
    receiptNumber: sale.receiptNumber,
    at: sale.occurredAt,
    lines: sale.items.map((item) => ({ name: item.productName, quantity: item.quantity, unitPrice: item.unitPrice, lineTotal: item.lineTotal })),
    total: sale.total,
    rounding: sale.rounding,
    tenders: sale.tenders,
    copy: true,
  };
}

/**
 * The receipt of a sale the till just queued, before the server has it: the tenders settled by
 * settleTenders with the shop's cash rounding, the rule the server records them by (DESIGN.md
 * §8), so the printed change is the change the server stores. `names` are the lines' product names.
 */
export function receiptOfQueuedSale(
  sale: SaleInputRaw & { receiptNumber?: string },
  names: readonly string[],
  shopName: string,
  cashRounding: CashRoundingIncrement | null,
): ReceiptContent {
  const lines = sale.items.map((item, index) => {
    const unitPrice = new Decimal(item.unitPrice ?? 0);
    return {
      name: names[index] ?? "",
      quantity: new Decimal(item.quantity).toFixed(3),
      unitPrice: unitPrice.toFixed(2),
      lineTotal: lineTotal(item.quantity, unitPrice).toFixed(2),
    };
  });
  const total = lines.reduce((sum, line) => sum.plus(line.lineTotal), new Decimal(0)).toFixed(2);
  const settled = settleTenders(total, sale.tenders, cashRounding);
  const at = sale.clientTimestamp instanceof Date ? sale.clientTimestamp : new Date(sale.clientTimestamp ?? Date.now());
  return { shopName, receiptNumber: sale.receiptNumber ?? null, at, lines, total, rounding: settled.rounding, tenders: settled.tenders, copy: false };
}

/** Roll paper is cut, not paged: the page is as long as the receipt (an estimate in mm, generous). */
const pageLength = (receipt: ReceiptContent) => 60 + receipt.lines.length * 9 + receipt.tenders.length * 10;

/**
 * A receipt for 58 mm or 80 mm roll paper (DESIGN.md §9), shown only when printing (the print
 * CSS hides the rest of the page): shop name, receipt number, time in the shop's time zone,
 * lines, total, rounding, tenders with what was handed over and the change; "COPY" on
 * reprints. The @page rule sizes the page to the roll.
 */
export function PrintedReceipt({
  receipt,
  paperWidth,
  timeZone,
  currency,
}: {
  receipt: ReceiptContent;
  paperWidth: PaperWidth;
  timeZone: string;
  currency: string;
}) {
  const money = (value: string) => formatMoney(value, currency);
  const narrow = paperWidth === 58;
  const due = new Decimal(receipt.total).plus(receipt.rounding).toFixed(2);
  return (
    <section
      aria-label="Printed receipt"
      data-receipt={paperWidth}
      // At the page's top left whatever page it is printed from (the admin pages' padding would push it off a 58 mm roll).
      className="hidden bg-white font-mono text-black print:absolute print:top-0 print:left-0 print:block"
      style={{ width: `${paperWidth}mm`, padding: narrow ? "2mm" : "3mm 4mm", fontSize: narrow ? "9pt" : "10.5pt", lineHeight: 1.3 }}
    >
      <style>{`@page { size: ${paperWidth}mm ${pageLength(receipt)}mm; margin: 0; }`}</style>
      <header className="text-center">
        <p className="font-bold" style={{ fontSize: narrow ? "11pt" : "13pt" }}>
          {receipt.shopName}
        </p>
        {receipt.copy ? <p className="font-bold tracking-widest">COPY</p> : null}
        {receipt.receiptNumber ? <p>Receipt {receipt.receiptNumber}</p> : null}
        <p>{formatInstant(receipt.at, timeZone, "d MMM yyyy HH:mm")}</p>
      </header>
      <hr className="my-[1.5mm] border-dashed border-black" />
      <ul className="grid gap-[1mm]">
        {receipt.lines.map((line, index) => (
          <li key={index}>
            <p className="break-words">{line.name}</p>
            <p className="flex justify-between gap-2">
              <span>
                {formatQuantity(line.quantity)} × {money(line.unitPrice)}
              </span>
              <span>{money(line.lineTotal)}</span>
            </p>
          </li>
        ))}
      </ul>
      <hr className="my-[1.5mm] border-dashed border-black" />
      <p className="flex justify-between font-bold" style={{ fontSize: narrow ? "10.5pt" : "12pt" }}>
        <span>TOTAL</span>
        <span>{money(receipt.total)}</span>
      </p>
      {isZero(receipt.rounding) ? null : (
        <>
          <Row label="Cash rounding" value={money(receipt.rounding)} />
          <Row label="To pay" value={money(due)} />
        </>
      )}
      {receipt.tenders.length > 0 ? <hr className="my-[1.5mm] border-dashed border-black" /> : null}
      {receipt.tenders.map((tender, index) => (
        <div key={index}>
          <Row label={tenderName(tender)} value={money(tender.tendered ?? tender.amount)} />
          {isZero(tender.change) ? null : <Row label="Change" value={money(tender.change)} />}
        </div>
      ))}
      <p className="mt-[2mm] text-center">Thank you</p>
    </section>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <p className="flex justify-between gap-2">
      <span>{label}</span>
      <span>{value}</span>
    </p>
  );
}
