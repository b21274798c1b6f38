import type { DrawerSessionReportDTO } from "@tillsync/validators";
import Papa from "papaparse";

import { formatInstant } from "./format";

export type CsvCell = string | number;

/**
 * CSV text of `rows` under `fields` (RFC 4180: CRLF, quoted when a cell holds a comma, quote or
 * newline), starting with a BOM so spreadsheet apps read it as UTF-8 (product names with accents).
 * Money stays the API's decimal string ("12.50"): a spreadsheet reads it exactly.
 */
export const csvText = (fields: string[], rows: CsvCell[][]) => "\uFEFF" + Papa.unparse({ fields, data: rows }, { newline: "\r\n" });

/** A flag as a CSV cell. */
export const yesNo = (flag: boolean) => (flag ? "yes" : "no");

/** Downloads rows as a CSV file (csvText). */
export const downloadCsv = (filename: string, fields: string[], rows: CsvCell[][]) => downloadCsvText(filename, csvText(fields, rows));

/** Downloads CSV text as a file, with a BOM in front unless it has one, so spreadsheet apps read it as UTF-8. */
export function downloadCsvText(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text.startsWith("\uFEFF") ? text : "\uFEFF" + text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** A file-name-safe slug ("Äpfel, rot" → "apfel-rot"). */
export const slug = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "product";

/** The shape of drawer.cashUp's answer that the export reads (DESIGN.md §8). */
interface CashUpForCsv {
  date: string;
  tills: { tillName: string; sessions: DrawerSessionReportDTO[] }[];
}

/**
 * The cash-up of a day as CSV: one row per drawer session and tender method (cash first),
 * with the session's figures repeated on each of its rows so a spreadsheet can filter and sum
 * them: expected, counted and over/short of the method; float, cash taken and refunded,
 * pay-ins, pay-outs, rounding, expected cash and over/short of the drawer; the Z number and its
 * flag; and, when events or sales arrived after the Z report, the method's expected amount
 * with them (the amendment, never folded into the Z figures). Times in the shop's zone.
 */
export function cashUpCsv(cashUp: CashUpForCsv, timeZone: string) {
  const fields = [
    "date",
    "till",
    "session_id",
    "report",
    "z_number",
    "z_number_flag",
    "opened_at",
    "closed_at",
    "method",
    "expected",
    "counted",
    "over_short",
    "float",
    "cash_taken",
    "cash_refunded",
    "pay_ins",
    "pay_outs",
    "rounding",
    "expected_cash",
    "cash_over_short",
    "sale_count",
    "sales_total",
    "refund_count",
    "refunds_total",
    "needs_review",
    "amended",
    "amended_expected",
  ];
  const at = (instant: Date | null) => (instant ? formatInstant(instant, timeZone, "yyyy-MM-dd HH:mm:ss") : "");
  const rows: CsvCell[][] = [];
  for (const till of cashUp.tills) {
    for (const session of till.sessions) {
      const r = session.report;
      for (const line of r.methods) {
        const amended = session.amendment?.report.methods.find((other) => other.key === line.key);
        rows.push([
          cashUp.date,
          till.tillName,
          session.sessionId,
          session.type,
          session.zNumber ?? "",
          session.zNumberFlag ?? "",
          at(session.openedAt),
          at(session.closedAt),
          line.key,
          line.expected,
          line.counted ?? "",
          line.difference ?? "",
          r.float,
          r.cashSales,
          r.cashRefunds,
          r.payIns,
          r.payOuts,
          r.rounding,
          r.expectedCash,
          r.overShort ?? "",
          session.saleCount,
          session.salesTotal,
          session.refundCount,
          session.refundsTotal,
          yesNo(session.events.some((event) => event.needsReview)),
          yesNo(session.amendment !== null),
          amended?.expected ?? "",
        ]);
      }
    }
  }
  return { fields, rows };
}
