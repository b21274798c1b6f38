// The REST shapes map onto the tRPC ones: the same sale sent either way reaches recordSale
// as the same SaleInput, so REST and tRPC can never record it differently.
import { describe, expect, it } from "vitest";

import { analyticsByProductInput, restAnalyticsInput, restSaleInput, saleInput } from "../src";

const saleId = "3F2B8C1E-9A4D-4F6B-8E2A-1C5D7E9F0A12";
const productId = "b7e4d2a0-5c3f-4e1b-9d8a-6f0e2c4b1a37";

describe("REST schemas", () => {
  it("a snake_case sale parses to the SaleInput its camelCase twin does", () => {
    const rest = restSaleInput.parse({
      external_id: saleId,
      source_device: " pos-01 ",
      client_timestamp: "2026-11-20T09:15:00+01:00",
      items: [
        { product: 7, quantity: 0.5, unit_price: null },
        { product_data: { external_id: productId, name: "Tomatoes", is_volatile: true, sku: null }, quantity: "1.25", unit_price: "4.20" },
      ],
    });
    const trpc = saleInput.parse({
      externalId: saleId,
      sourceDevice: " pos-01 ",
      clientTimestamp: "2026-11-20T09:15:00+01:00",
      items: [
        { productId: 7, quantity: 0.5 },
        { product: { externalId: productId, name: "Tomatoes", isVolatile: true }, quantity: "1.25", unitPrice: "4.20" },
      ],
    });
    expect(JSON.parse(JSON.stringify(rest))).toEqual(JSON.parse(JSON.stringify(trpc)));
  });

  it("an item needs exactly one of product and product_data", () => {
    const issues = (item: object) => restSaleInput.safeParse({ external_id: saleId, items: [item] }).error?.issues.map((i) => i.path.join("."));
    expect(issues({ quantity: "1" })).toEqual(["items.0.product"]);
    expect(issues({ product: 1, product_data: { name: "Both" }, quantity: "1" })).toEqual(["items.0.product"]);
  });

  it("an analytics query parses to analytics.byProduct's input and keeps its range rules", () => {
    const query = { product_id: "12", start_date: "2024-01-01", end_date: "2024-01-21", period: "weekly" };
    expect(restAnalyticsInput.parse(query)).toEqual(
      analyticsByProductInput.parse({ productId: 12, startDate: "2024-01-01", endDate: "2024-01-21", period: "weekly" }),
    );
    expect(restAnalyticsInput.safeParse({ ...query, start_date: "2024-02-01" }).error?.issues.map((i) => i.path.join("."))).toEqual(["end_date"]);
    expect(restAnalyticsInput.safeParse({ ...query, product_id: "abc" }).success).toBe(false);
  });
});
