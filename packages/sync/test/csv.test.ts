import { describe, expect, it } from "vitest";

import { readSalesCsv } from "../src/cli/csv";
import { rowIdOf, type ImportRecord } from "../src/cli/history";

const importOf = (importId: string): ImportRecord => ({ format: 1, importId, path: "/x/sales.csv", versions: [], rowIds: "import" });

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
    const rowId = rowIdOf(importOf("7d444840-9dc0-41d8-a5b8-0e6f0b7f3c11"), "/x/sales.csv");

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
    const other = readSalesCsv(csv, rowIdOf(importOf("0a6c3b52-4f0e-4d57-9d1c-54c0a0b5e8f2"), "/x/sales.csv"));
    expect(other[0]!.externalId).toBe(A);
    expect(other[1]!.externalId).not.toBe(sales[1]!.externalId);
  });

  it("passes client_timestamp in every spelling of DESIGN §7 and cashier_id through as written", () => {
    const spellings = ["2026-01-31T14:30:00", "2026-01-31 14:30:00Z", "2026-01-31T14:30Z", "2026-01-31T14:30:00-0500", "2026-01-31T14:30:00.123456789+05:30", "2026-01-31T14:30+01"];
    const csv = ["client_timestamp,cashier_id,product_id,quantity", ...spellings.map((at, index) => `${at},${index === 0 ? "user_42" : ""},1,1`)].join("\r\n");

    const sales = readSalesCsv(csv, (row) => `00000000-0000-4000-8000-${String(row).padStart(12, "0")}`);

    expect(sales.map((s) => s.clientTimestamp)).toEqual(spellings);
    expect(sales[0]).toMatchObject({ cashierId: "user_42" });
    expect(sales[1]).not.toHaveProperty("cashierId");
  });
});
