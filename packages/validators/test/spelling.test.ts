// A sale is never refused for how a value was spelled (DESIGN.md §7, issue 15): decimals,
// UUIDs and the till's label in the spellings tills and their languages write.
import { describe, expect, it } from "vitest";

import { canonicalDecimal, money, quantity, saleInput, sourceDevice, stockDelta, uuid } from "../src";

describe("decimals", () => {
  it.each([
    ["1", "1"],
    ["+1", "1"],
    ["01", "1"],
    [".5", "0.5"],
    ["5.", "5"],
    ["1.0000", "1"],
    ["0.500000", "0.5"],
    ["2.5e-1", "0.25"],
    ["1E3", "1000"],
    ["12.5e+0", "12.5"],
    ["-0.0", "0"],
    ["-1.50", "-1.5"],
    ["0", "0"],
  ])("%s is %s", (text, canonical) => {
    expect(canonicalDecimal(text)).toBe(canonical);
  });

  it.each(["", ".", "e5", "1e", "1.2.3", "0x10", "1,5", "Infinity", "NaN", "1 000", "9".repeat(65)])("%j is not a decimal", (text) => {
    expect(canonicalDecimal(text)).toBeNull();
  });

  it("accepts a value exactly representable at the scale however it is written, and refuses one that is not", () => {
    expect(quantity.parse("1.0000")).toBe("1");
    expect(quantity.parse(".250")).toBe("0.25");
    expect(quantity.parse("+2")).toBe("2");
    expect(quantity.parse(1.5)).toBe("1.5");
    expect(money.parse("2.500")).toBe("2.5");
    expect(money.parse("-0")).toBe("0");
    expect(quantity.safeParse("1.0005").success).toBe(false);
    expect(money.safeParse("1.999").success).toBe(false);
    expect(money.safeParse(0.1 + 0.2).success).toBe(false);
    expect(quantity.safeParse("0.000").success).toBe(false);
    expect(quantity.safeParse("1e7").success).toBe(false);
    expect(money.safeParse("-1").success).toBe(false);
    expect(stockDelta.safeParse("-0.0").success).toBe(false);
  });
});

describe("UUIDs", () => {
  const canonical = "550e8400-e29b-41d4-a716-446655440000";
  it.each([canonical, canonical.toUpperCase(), `{${canonical}}`, `urn:uuid:${canonical}`, canonical.replaceAll("-", ""), ` ${canonical} `])(
    "%s is the same key",
    (text) => {
      expect(uuid.parse(text)).toBe(canonical);
    },
  );
  it.each(["550e8400", "not-a-uuid", `${canonical}0`, "{550e8400e29b41d4a716446655440000"])("%s is refused", (text) => {
    expect(uuid.safeParse(text).success).toBe(false);
  });
});

describe("the till's label (delivery metadata)", () => {
  it("is kept as far as the database can store it, never a reason to refuse the sale", () => {
    expect(sourceDevice.parse("x".repeat(300))).toBe("x".repeat(128));
    expect(sourceDevice.parse(" pos\u0000-02 ")).toBe("pos-02");
    expect(sourceDevice.parse("till \ud800")).toBe("till \ufffd");
    // 128 characters, counted as PostgreSQL's VARCHAR counts them (code points, not UTF-16 units).
    expect(Array.from(sourceDevice.parse("🍎".repeat(200)))).toHaveLength(128);
    const sale = saleInput.parse({
      externalId: "550e8400-e29b-41d4-a716-446655440000",
      sourceDevice: "y".repeat(129),
      items: [{ productId: 1, quantity: "1" }],
    });
    expect(sale.sourceDevice).toHaveLength(128);
  });
});

describe("a clock that is not one", () => {
  it("is refused with a spelling staff can follow, not zod's union dump", () => {
    for (const clientTimestamp of ["2026-01-31 at 14:30", 5]) {
      const result = saleInput.safeParse({ externalId: "550e8400-e29b-41d4-a716-446655440000", clientTimestamp, items: [{ productId: 1, quantity: "1" }] });
      expect(result.success).toBe(false);
      expect(result.error!.issues).toEqual([
        expect.objectContaining({
          path: ["clientTimestamp"],
          message: expect.stringMatching(/^The sale’s time is not a date and time Tillsync can read: write it like 2026-01-31 14:30/),
        }),
      ]);
    }
  });
});
