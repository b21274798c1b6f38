import { describe, expect, it } from "vitest";

import { readSaleRows, salesOf, type SaleRow } from "../src/cli/csv";
import { rowIdOf } from "../src/cli/history";

const importOf = (importId: string) => ({ importId });
const readSalesCsv = (csv: string | Uint8Array, rowId: (row: SaleRow) => string) => salesOf(readSaleRows(csv), rowId);

const A = "0b9a0a4e-1f57-4c1b-9b5e-8d2b8f0f6a11";

describe("readSalesCsv", () => {
  it("makes one sale of the rows sharing an external_id, and one of each row without", () => {
    const csv = [
      "external_id,client_timestamp,source_device,product_id,quantity,unit_price",
      `${A.toUpperCase()},2026-11-23T09:00:00Z,pos-01,1,2,2.50`,
      ",2026-11-23T09:01:00Z,pos-02,3,1,",
      `${A},2026-11-23T09:05:00Z,pos-09,2,0.5,`,
      ",,,4,1,1.00",
    ].join("\n");
    const rowId = rowIdOf(importOf("7d444840-9dc0-41d8-a5b8-0e6f0b7f3c11"));

    const sales = readSalesCsv(csv, rowId);

    expect(sales).toHaveLength(3);
    expect(sales[0]).toEqual({
      externalId: A,
      clientTimestamp: "2026-11-23T09:00:00Z",
      sourceDevice: "pos-01",
      items: [
        { productId: 1, quantity: "2", unitPrice: "2.50" },
        { productId: 2, quantity: "0.5" },
      ],
    });
    expect(sales[1]).toMatchObject({ clientTimestamp: "2026-11-23T09:01:00Z", sourceDevice: "pos-02", items: [{ productId: 3, quantity: "1" }] });
    expect(sales[2]).toEqual({ externalId: expect.any(String), items: [{ productId: 4, quantity: "1", unitPrice: "1.00" }] });
    expect(sales[1]!.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The same import gives the same ids, so a re-run replays instead of duplicating...
    expect(readSalesCsv(csv, rowId).map((s) => s.externalId)).toEqual(sales.map((s) => s.externalId));
    // ...and another import of a file with the same name and rows gets ids of its own.
    const other = readSalesCsv(csv, rowIdOf(importOf("0a6c3b52-4f0e-4d57-9d1c-54c0a0b5e8f2")));
    expect(other[0]!.externalId).toBe(A);
    expect(other[1]!.externalId).not.toBe(sales[1]!.externalId);
  });

  it("passes client_timestamp in every spelling of DESIGN §7 and cashier_id through as written", () => {
    const spellings = [
      "2026-01-31T14:30:00",
      "2026-01-31 14:30:00Z",
      "2026-01-31T14:30Z",
      "2026-01-31T14:30:00-0500",
      "2026-01-31T14:30:00.123456789+05:30",
      "2026-01-31T14:30+01",
    ];
    const csv = ["client_timestamp,cashier_id,product_id,quantity", ...spellings.map((at, index) => `${at},${index === 0 ? "user_42" : ""},1,1`)].join("\r\n");

    const sales = readSalesCsv(csv, rowIdOf(importOf("7d444840-9dc0-41d8-a5b8-0e6f0b7f3c11")));

    expect(sales.map((s) => s.clientTimestamp)).toEqual(spellings);
    expect(sales[0]).toMatchObject({ cashierId: "user_42" });
    expect(sales[1]).not.toHaveProperty("cashierId");
  });

  it("keys a row without external_id by its content and its occurrence among identical rows, not by its position or spelling", () => {
    const rowId = rowIdOf(importOf("7d444840-9dc0-41d8-a5b8-0e6f0b7f3c11"));
    const header = "external_id,client_timestamp,source_device,product_id,quantity,unit_price";
    const rows = [",2026-11-20T09:00:00Z,till-1,7,1,2.50", ",2026-11-20T09:00:00Z,till-1,7,1,2.50", ",2026-11-21T09:00:00Z,till-1,7,2,2.50"];
    const ids = (csv: string | Uint8Array) => readSalesCsv(csv, rowId).map((sale) => sale.externalId);
    const plain = ids([header, ...rows].join("\n") + "\n");

    expect(new Set(plain).size).toBe(3);
    // CRLF, a BOM, quotes, spaces, columns in another order and a product id written 007: the same rows.
    const reordered = [
      "product_id,quantity,unit_price,client_timestamp,source_device,external_id",
      ...rows.map((row) => {
        const [, at, device, , quantity, price] = row.split(",");
        return `007 , "${quantity}",${price}, "${at}",${device},`;
      }),
    ];
    expect(ids(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(reordered.join("\r\n"))]))).toEqual(plain);
    // A row inserted at the top shifts every position but changes no other row's id.
    expect(ids([header, ",2026-11-19T08:00:00Z,till-1,7,5,2.50", ...rows].join("\n")).slice(1)).toEqual(plain);
    // A changed value is another sale; the identical row after it keeps its id (now the only one of its content).
    const edited = ids([header, ",2026-11-20T09:00:00Z,till-1,7,1,2.55", ...rows.slice(1)].join("\n"));
    expect(edited[0]).not.toContain(plain[0]);
    expect(edited.slice(1)).toEqual([plain[0], plain[2]]);
  });

  it("reads no rows from a file with a header only, or nothing at all", () => {
    expect(readSaleRows("external_id,product_id,quantity\n")).toEqual([]);
    expect(readSaleRows("")).toEqual([]);
  });
});
