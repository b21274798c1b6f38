import { describe, expect, it } from "vitest";

import { money, quantity, saleInput, stockDelta } from "../src";

describe("decimal strings", () => {
  it.each([
    ["0.5", "0.5"],
    [" 2.50 ", "2.5"],
    ["1e3", "1000"],
    [".5", "0.5"],
    ["5.", "5"],
    [3, "3"],
    [0.125, "0.125"],
    ["1000000", "1000000"],
  ])("accepts quantity %j", (input, output) => {
    expect(quantity.parse(input)).toBe(output);
  });

  it.each([
    ["0"],
    ["0.000"],
    ["-1"],
    ["1.0001"],
    ["1e7"],
    ["NaN"],
    ["Infinity"],
    [Number.NaN],
    [Infinity],
    [0.1 + 0.2],
    ["10000000"],
    ["."],
    ["0x10"],
    [""],
    [null],
  ])("rejects quantity %j", (input) => {
    expect(quantity.safeParse(input).success).toBe(false);
  });

  it("money allows zero and two decimals only", () => {
    expect(money.parse("0")).toBe("0");
    expect(money.parse("99999999.99")).toBe("99999999.99");
    expect(money.safeParse("1.005").success).toBe(false);
    expect(money.safeParse("-0.01").success).toBe(false);
    expect(money.safeParse("100000000").success).toBe(false);
  });

  it("stock changes are signed but never zero", () => {
    expect(stockDelta.parse("-2.5")).toBe("-2.5");
    expect(stockDelta.safeParse("-0").success).toBe(false);
  });
});

describe("saleInput", () => {
  const externalId = "0b5c3c86-5f0a-4b8e-9a4e-2f1d8c7b6a59";

  it("needs exactly one of productId and product per item", () => {
    expect(saleInput.safeParse({ externalId, items: [{ quantity: "1" }] }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: [{ productId: 1, product: { name: "x", isVolatile: true }, quantity: "1" }] }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: [{ productId: 1, quantity: "1" }] }).success).toBe(true);
  });

  it("bounds items and ids; cuts device labels to what the database stores", () => {
    const item = { productId: 1, quantity: "1" };
    expect(saleInput.safeParse({ externalId, items: [] }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: Array(501).fill(item) }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: Array(500).fill(item) }).success).toBe(true);
    expect(saleInput.parse({ externalId, sourceDevice: "x".repeat(129), items: [item] }).sourceDevice).toBe("x".repeat(128));
    expect(saleInput.safeParse({ externalId: "not-a-uuid", items: [item] }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: [{ productId: 0, quantity: "1" }] }).success).toBe(false);
    expect(saleInput.safeParse({ externalId, items: [{ productId: 1.5, quantity: "1" }] }).success).toBe(false);
  });

  it("takes the client time as an ISO string with a zone, or a Date", () => {
    expect(saleInput.parse({ externalId, clientTimestamp: "2026-11-23T10:00:00+01:00", items: [{ productId: 1, quantity: "1" }] }).clientTimestamp).toEqual({
      text: "2026-11-23T10:00:00+01:00",
      instant: new Date("2026-11-23T09:00:00Z"),
    });
    expect(saleInput.safeParse({ externalId, clientTimestamp: "yesterday", items: [{ productId: 1, quantity: "1" }] }).success).toBe(false);
  });
});
