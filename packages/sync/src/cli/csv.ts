import type { SaleInputRaw } from "@tillsync/validators";
import { parse } from "csv-parse/sync";

interface SaleRecord {
  external_id?: string;
  client_timestamp?: string;
  source_device?: string;
  cashier_id?: string;
  product_id?: string;
  quantity?: string;
  unit_price?: string;
}

/** One data row of a sales CSV, as parsed. */
export interface SaleRow {
  /** Lower-cased; absent when the row has none (a sale of its own, with a derived id). */
  externalId?: string;
  clientTimestamp?: string;
  sourceDevice?: string;
  cashierId?: string;
  item: { productId: number; quantity: string; unitPrice?: string };
  /**
   * The row's facts in one canonical string (JSON of its parsed fields, external_id
   * excluded): the same for a row re-written with CRLF, a BOM, quotes, other spacing or
   * columns in another order, different when a value changes.
   */
  content: string;
  /** 1, 2, …: which of the rows without external_id and with this `content` it is, in file order. */
  occurrence: number;
}

/**
 * Reads the data rows of a CSV with a header row: external_id, client_timestamp,
 * source_device, cashier_id (optional), product_id, quantity, unit_price (any order).
 * Values are kept as written, trimmed (client_timestamp in any of DESIGN.md §7's
 * spellings): the server parses and validates them, and rejects a bad sale with its reason
 * without holding up the others. No data rows (header only, or an empty file) → [].
 *
 * Throws csv-parse's CsvError (with `code`) on a file that is not CSV.
 */
export function readSaleRows(content: Uint8Array | string): SaleRow[] {
  const records = parse<SaleRecord>(Buffer.from(content), { columns: true, trim: true, skip_empty_lines: true, bom: true });
  const seen = new Map<string, number>();
  return records.map((record) => {
    const productId = Number(record.product_id);
    const row = {
      ...(record.external_id ? { externalId: record.external_id.toLowerCase() } : {}),
      ...(record.client_timestamp ? { clientTimestamp: record.client_timestamp } : {}),
      ...(record.source_device ? { sourceDevice: record.source_device } : {}),
      ...(record.cashier_id ? { cashierId: record.cashier_id } : {}),
      item: { productId, quantity: record.quantity ?? "", ...(record.unit_price ? { unitPrice: record.unit_price } : {}) },
    };
    // An unreadable product_id stays as written, so editing it is a change of the row.
    const content = rowContent(row, Number.isFinite(productId) ? productId : (record.product_id ?? ""));
    const occurrence = row.externalId ? 0 : (seen.get(content) ?? 0) + 1;
    if (!row.externalId) seen.set(content, occurrence);
    return { ...row, content, occurrence };
  });
}

/** The canonical content of a row (or of the one-item sale a row became: `contentOfSale`). */
function rowContent(row: Omit<SaleRow, "content" | "occurrence">, productId: number | string): string {
  return JSON.stringify([row.clientTimestamp ?? "", row.sourceDevice ?? "", row.cashierId ?? "", productId, row.item.quantity, row.item.unitPrice ?? ""]);
}

/**
 * The content (`SaleRow.content`) of the row a one-item sale was read from: lets the
 * importer find which rows the sales of an earlier build's journal came from.
 */
export function contentOfSale(sale: SaleInputRaw): string | undefined {
  const item = sale.items[0];
  if (sale.items.length !== 1 || !item) return undefined;
  const at = sale.clientTimestamp;
  const row = {
    ...(typeof at === "string" ? { clientTimestamp: at } : {}),
    ...(sale.sourceDevice ? { sourceDevice: sale.sourceDevice } : {}),
    ...(sale.cashierId ? { cashierId: sale.cashierId } : {}),
    item: {
      productId: Number(item.productId),
      quantity: String(item.quantity),
      ...(item.unitPrice !== undefined ? { unitPrice: String(item.unitPrice) } : {}),
    },
  };
  return rowContent(row, row.item.productId);
}

/**
 * A row as the import history compares it (external_id included): two files hold the
 * same sales when their lists of these are equal.
 */
export const rowFingerprint = (row: SaleRow) => (row.externalId ? `${row.externalId}:${row.content}` : row.content);

/**
 * The sales of `rows`: rows sharing an external_id are the items of one sale (its
 * timestamp, device and cashier come from its first row); sales keep the order of their
 * first row. A row without external_id is a sale of its own, with the id `rowId(row)`
 * gives (the importer derives it from the import's id and the row's content).
 */
export function salesOf(rows: readonly SaleRow[], rowId: (row: SaleRow) => string): SaleInputRaw[] {
  const sales = new Map<string, SaleInputRaw>();
  for (const row of rows) {
    const externalId = row.externalId ?? rowId(row);
    const sale = sales.get(externalId);
    if (sale) {
      sale.items.push(row.item);
      continue;
    }
    sales.set(externalId, {
      externalId,
      ...(row.clientTimestamp ? { clientTimestamp: row.clientTimestamp } : {}),
      ...(row.sourceDevice ? { sourceDevice: row.sourceDevice } : {}),
      ...(row.cashierId ? { cashierId: row.cashierId } : {}),
      items: [{ ...row.item }],
    });
  }
  return [...sales.values()];
}
