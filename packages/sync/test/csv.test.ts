import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { readSalesCsv } from "../src/cli/csv";

const dir = await mkdtemp(join(tmpdir(), "tillsync-csv-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

const A = "0b9a0a4e-1f57-4c1b-9b5e-8d2b8f0f6a11";

describe("readSalesCsv", () => {
  it("makes one sale of the rows sharing an external_id, and one of each row without", async () => {
    const path = join(dir, "sales.csv");
    await writeFile(
      path,
      [
        "external_id,client_timestamp,source_device,product_id,quantity,unit_price",
        `${A.toUpperCase()},2026-11-23T09:00:00Z,pos-01,1,2,2.50`,
        ",2026-11-23T09:01:00Z,pos-02,3,1,",
        `${A},2026-11-23T09:05:00Z,pos-09,2,0.5,`,
        ",,,4,1,1.00",
      ].join("\n"),
    );

    const sales = await readSalesCsv(path);

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
    // The same file gives the same ids, so a re-run replays instead of duplicating.
    expect((await readSalesCsv(path)).map((s) => s.externalId)).toEqual(sales.map((s) => s.externalId));
  });
});
