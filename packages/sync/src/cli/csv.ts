import type { SaleInputRaw } from "@tillsync/validators";
import { parse } from "csv-parse/sync";

interface SaleRow {
  external_id?: string;
  client_timestamp?: string;
  source_device?: string;
  cashier_id?: string;
  product_id?: string;
  quantity?: string;
  unit_price?: string;
}

/**
 * Reads sales from a CSV with a header row: external_id, client_timestamp, source_device,
 * cashier_id (optional), product_id, quantity, unit_price. Rows sharing an external_id are
 * the items of one sale (its timestamp, device and cashier come from its first row); sales
 * keep the order of their first row. A row without external_id is a sale of its own, with
 * the id `rowId(row)` gives (row 1 = the first row after the header): the importer derives
 * it from the import's own id, so the same rows of the same import always get the same
 * ids and another file's rows never do. Values are passed on as written (client_timestamp
 * in any of DESIGN.md §7's spellings): the server parses and validates them, and rejects a
 * bad sale with its reason without holding up the others.
 *
 * Throws csv-parse's CsvError (with `code`) on a file that is not CSV.
 */
export function readSalesCsv(content: Uint8Array | string, rowId: (row: number) => string): SaleInputRaw[] {
  const sales = new Map<string, SaleInputRaw>();
  const records = parse(Buffer.from(content), { columns: true, trim: true, skip_empty_lines: true, bom: true }) as SaleRow[];
  records.forEach((record, index) => {
    const externalId = record.external_id?.toLowerCase() || rowId(index + 1);
    const item = {
      productId: Number(record.product_id),
      quantity: record.quantity ?? "",
      ...(record.unit_price ? { unitPrice: record.unit_price } : {}),
    };
    const sale = sales.get(externalId);
    if (sale) {
      sale.items.push(item);
      return;
    }
    sales.set(externalId, {
      externalId,
      ...(record.client_timestamp ? { clientTimestamp: record.client_timestamp } : {}),
      ...(record.source_device ? { sourceDevice: record.source_device } : {}),
      ...(record.cashier_id ? { cashierId: record.cashier_id } : {}),
      items: [item],
    });
  });
  return [...sales.values()];
}
