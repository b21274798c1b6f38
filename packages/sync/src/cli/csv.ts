import { createReadStream } from "node:fs";
import { basename } from "node:path";

import type { SaleInputRaw } from "@tillsync/validators";
import { parse } from "csv-parse";
import { v5 as uuidv5 } from "uuid";

/** Fixed namespace for the UUIDs of rows that bring no external_id. */
const ROW_NAMESPACE = "6f0c1c1e-8a43-5b0e-9d6e-3f1f6a2b7c41";

interface SaleRow {
  external_id?: string;
  client_timestamp?: string;
  source_device?: string;
  product_id?: string;
  quantity?: string;
  unit_price?: string;
}

/**
 * Reads sales from a CSV with a header row: external_id, client_timestamp, source_device,
 * product_id, quantity, unit_price. Rows sharing an external_id are the items of one sale
 * (its timestamp and device come from its first row); sales keep the order of their first
 * row. A row without external_id is a sale of its own, with a UUID v5 of the file's name
 * and the row's number, so running the same file again sends the same ids and the server
 * replays instead of duplicating. Values are passed on as written: the server validates
 * them and rejects a bad sale with its reason without holding up the others.
 */
export async function readSalesCsv(path: string): Promise<SaleInputRaw[]> {
  const sales = new Map<string, SaleInputRaw>();
  const parser = createReadStream(path).pipe(parse({ columns: true, trim: true, skip_empty_lines: true, bom: true }));
  let row = 0;
  for await (const record of parser as AsyncIterable<SaleRow>) {
    row++;
    const externalId = record.external_id?.toLowerCase() || uuidv5(`${basename(path)}:${row}`, ROW_NAMESPACE);
    const item = {
      productId: Number(record.product_id),
      quantity: record.quantity ?? "",
      ...(record.unit_price ? { unitPrice: record.unit_price } : {}),
    };
    const sale = sales.get(externalId);
    if (sale) {
      sale.items.push(item);
      continue;
    }
    sales.set(externalId, {
      externalId,
      ...(record.client_timestamp ? { clientTimestamp: record.client_timestamp } : {}),
      ...(record.source_device ? { sourceDevice: record.source_device } : {}),
      items: [item],
    });
  }
  return [...sales.values()];
}
