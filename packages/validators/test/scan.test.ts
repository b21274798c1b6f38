import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { gs1CheckDigit, gs1Preset, lineTotal, priceLabelLine, priceVerifierDigit, readScan, scanPrefixes, scanPrefixRule, type ScanPrefixRule } from "../src";

// fast-check picks a seed per run; printing it lets a failure be replayed with FC_SEED.
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`scan.test.ts: fast-check seed ${seed} (replay with FC_SEED=${seed})`);

// The shop's label set-up used by the table below (DESIGN.md §9):
// 21: weight, "21 IIIII WWWWW K"; 22: price, "22 IIIII PPPPP K"; 28: price with a verifier digit,
// "28 IIII V PPPPP K"; 02: US price labels read from a UPC-A, "0 2 IIIII V PPPP K";
// 24: weight, four-digit item code in positions 4–7 (position 3 unused), "24 x IIII WWWWW K".
const rules: ScanPrefixRule[] = [
  { prefix: "21", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false },
  { prefix: "22", measure: "price", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false },
  { prefix: "28", measure: "price", itemStart: 3, itemLength: 4, valueLength: 5, verifierDigit: true },
  { prefix: "02", measure: "price", itemStart: 3, itemLength: 5, valueLength: 4, verifierDigit: true },
  { prefix: "24", measure: "weight", itemStart: 4, itemLength: 4, valueLength: 5, verifierDigit: false },
];

describe("readScan: a table of real-format codes", () => {
  it.each([
    // GTINs with valid check digits (public examples: GS1, Stabilo, Wikipedia).
    ["4006381333931", { kind: "gtin", format: "EAN-13", keys: ["4006381333931"] }],
    ["5901234123457", { kind: "gtin", format: "EAN-13", keys: ["5901234123457"] }],
    ["96385074", { kind: "gtin", format: "EAN-8", keys: ["96385074"] }],
    // UPC-A and the same number as EAN-13 with a leading 0: each finds either spelling, its own first.
    ["036000291452", { kind: "gtin", format: "UPC-A", keys: ["036000291452", "0036000291452"] }],
    ["0036000291452", { kind: "gtin", format: "EAN-13", keys: ["0036000291452", "036000291452"] }],
    // Leading zeros are kept as scanned.
    ["0012345678905", { kind: "gtin", format: "EAN-13", keys: ["0012345678905", "012345678905"] }],
    ["  4006381333931\t", { kind: "gtin", format: "EAN-13", keys: ["4006381333931"] }],
    // An EAN-13 in 20–29 whose prefix the shop did not set up is an ordinary code.
    ["2377777003496", { kind: "gtin", format: "EAN-13", keys: ["2377777003496"] }],
    // Corrupt check digits: one digit off in the last place, or two digits swapped.
    ["4006381333932", { kind: "misread", reason: "check-digit" }],
    ["4006381339331", { kind: "misread", reason: "check-digit" }],
    ["96385075", { kind: "misread", reason: "check-digit" }],
    ["036000291453", { kind: "misread", reason: "check-digit" }],
    ["2112345004724", { kind: "misread", reason: "check-digit" }],
    // Not GTINs: looked up exactly as typed.
    ["MILK-1L", { kind: "sku", keys: ["MILK-1L"] }],
    ["5000001", { kind: "sku", keys: ["5000001"] }],
    ["00042", { kind: "sku", keys: ["00042"] }],
    ["12345678901234", { kind: "sku", keys: ["12345678901234"] }],
    // 21, weight: 0.472 kg of item 12345.
    ["2112345004723", { kind: "variable", measure: "weight", value: "0.472", itemCode: "12345", keys: ["12345", "2112345000008"] }],
    // 24, weight in another layout; the item code keeps its leading zeros.
    ["2400042010001", { kind: "variable", measure: "weight", value: "1.000", itemCode: "0042", keys: ["0042", "2400042000002"] }],
    // 22, price: 3.49 for item 12345.
    ["2212345003495", { kind: "variable", measure: "price", value: "3.49", itemCode: "12345", keys: ["12345", "2212345000005"] }],
    // 28, price with a five-digit verifier: 12.34 for item 0042 (verifier 1).
    ["2800421012341", { kind: "variable", measure: "price", value: "12.34", itemCode: "0042", keys: ["0042", "2800420000004"] }],
    // 02 (US), a UPC-A price label with a four-digit verifier: 3.49 for item 12345 (verifier 7).
    ["212345703496", { kind: "variable", measure: "price", value: "3.49", itemCode: "12345", keys: ["12345", "0212345000007", "212345000007"] }],
  ])("%j", (code, expected) => {
    expect(readScan(code, rules)).toMatchObject(expected);
  });

  it("a label whose verifier digit does not match its price is a misread, though its check digit is right", () => {
    // 2800421012341 with the verifier 1 replaced by 2 and the check digit recomputed: a bar
    // misread in the price field that the outer check digit happens not to catch.
    const body = "280042201234";
    const code = `${body}${gs1CheckDigit(body)}`;
    expect(readScan(code, rules)).toEqual({ kind: "misread", code, reason: "verifier-digit" });
    const us = "21234580349";
    expect(readScan(`${us}${gs1CheckDigit(`0${us}`)}`, rules)).toMatchObject({ kind: "misread", reason: "verifier-digit" });
  });

  it("blank input is nothing to look up; with no rules a 2x label is an ordinary EAN-13", () => {
    expect(readScan("   ", rules)).toBeNull();
    expect(readScan("2112345004723")).toEqual({ kind: "gtin", code: "2112345004723", format: "EAN-13", keys: ["2112345004723"] });
  });

  it("EAN-8 codes are never read as labels", () => {
    expect(readScan("21000003", rules)).toMatchObject({ kind: "gtin", format: "EAN-8" });
  });
});

describe("GS1 check digits", () => {
  it.each([
    ["400638133393", 1],
    ["590123412345", 7],
    ["9638507", 4],
    ["03600029145", 2],
    ["950110153100", 0],
  ])("mod-10 of %s is %i (GS1 GenSpecs §7.9.1)", (digits, check) => {
    expect(gs1CheckDigit(digits)).toBe(check);
  });

  it.each([
    ["2875", 9],
    ["0349", 7],
    ["14685", 6],
    ["01234", 1],
  ])("price verifier digit of %s is %i (GS1 GenSpecs §7.9.3)", (field, digit) => {
    expect(priceVerifierDigit(field)).toBe(digit);
  });

  it("catches every single-digit error in a price field", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4,5}$/), fc.nat(4), fc.integer({ min: 1, max: 9 }), (field, at, shift) => {
        const index = at % field.length;
        const changed = `${field.slice(0, index)}${(Number(field[index]) + shift) % 10}${field.slice(index + 1)}`;
        expect(priceVerifierDigit(changed)).not.toBe(priceVerifierDigit(field));
      }),
      { seed },
    );
  });

  it("refuses fields it is not defined for", () => {
    expect(() => priceVerifierDigit("123")).toThrow(RangeError);
    expect(() => priceVerifierDigit("12a4")).toThrow(RangeError);
  });
});

describe("the shop's prefix settings", () => {
  it("accepts the GS1 20–29 presets", () => {
    expect(scanPrefixes.parse(gs1Preset("weight"))).toHaveLength(10);
    expect(scanPrefixes.parse(rules)).toEqual(rules);
  });

  it.each([
    [{ prefix: "30", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false }, "prefix"],
    [{ prefix: "2", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false }, "prefix"],
    [{ prefix: "21", measure: "weight", itemStart: 2, itemLength: 5, valueLength: 5, verifierDigit: false }, "itemStart"],
    [{ prefix: "21", measure: "weight", itemStart: 3, itemLength: 6, valueLength: 5, verifierDigit: false }, "itemLength"],
    [{ prefix: "28", measure: "price", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: true }, "itemLength"],
    [{ prefix: "21", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 3, verifierDigit: false }, "valueLength"],
  ])("refuses %j (%s)", (rule, field) => {
    const result = scanPrefixRule.safeParse(rule);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it("refuses prefixes that overlap", () => {
    const result = scanPrefixes.safeParse([rules[0], { ...rules[0], prefix: "210", itemStart: 4, itemLength: 4 }]);
    expect(result.error?.issues[0]).toMatchObject({ path: [1, "prefix"], message: "Prefix 210 overlaps prefix 21" });
  });
});

describe("priceLabelLine: the line of a price label", () => {
  it.each([
    // 3.49 at 7.39/kg: 0.472 kg × 7.39 = 3.48808 → 3.49.
    ["3.49", "7.39", { quantity: "0.472", unitPrice: "7.39", derived: true }],
    // 10.00 at 2.50/kg: exactly 4 kg.
    ["10.00", "2.50", { quantity: "4.000", unitPrice: "2.50", derived: true }],
    // 1.00 at 45.90/kg: 0.021, 0.022, 0.023 kg come to 0.96, 1.01, 1.06; 0.022 kg at 45.45/kg is 0.9999 → 1.00.
    ["1.00", "45.90", { quantity: "0.022", unitPrice: "45.45", derived: true }],
    // 120.00 at 45.90/kg: 2.614 kg is 119.98 (120.01 at 45.91/kg), 2.615 kg is 120.03: no weight comes to the amount.
    ["120.00", "45.90", { quantity: "1", unitPrice: "120.00", derived: false }],
    // No price per kg: one unit at the label's amount.
    ["3.49", "0.00", { quantity: "1", unitPrice: "3.49", derived: false }],
  ])("%s at %s/kg", (amount, perKg, expected) => {
    expect(priceLabelLine(amount, perKg)).toEqual(expected);
  });

  it("always comes to exactly the label's amount", () => {
    const cents = (max: number) => fc.integer({ min: 1, max }).map((value) => `${Math.floor(value / 100)}.${String(value % 100).padStart(2, "0")}`);
    fc.assert(
      fc.property(cents(999_99), cents(999_99), (amount, perKg) => {
        const line = priceLabelLine(amount, perKg);
        expect(lineTotal(line.quantity, line.unitPrice).toFixed(2)).toBe(amount);
      }),
      { seed, numRuns: 2000 },
    );
  });
});
