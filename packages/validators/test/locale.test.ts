// parseLocaleDecimal (issue 21): what staff type in their shop's language → the canonical
// decimal. The rule: where only one of "," and "." appears it is the decimal separator; with
// both, the last one is. Checked by examples, and by a seeded property: every number as Intl
// formats it (with decimals) in each offered locale reads back as itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { commonShopLocales, decimalAsTyped, money, parseLocaleDecimal, shopLocale, typedDecimal } from "../src";

const SEED = Number(process.env.LOCALE_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("parseLocaleDecimal", () => {
  it.each([
    ["2,5", "2.5"],
    ["2.5", "2.5"],
    ["2", "2"],
    [" 0,50 ", "0.5"],
    [",5", "0.5"],
    ["-2,5", "-2.5"],
    ["−2,5", "-2.5"],
    ["1.234,56", "1234.56"],
    ["1,234.56", "1234.56"],
    ["1.234.567,8", "1234567.8"],
    ["1 234,5", "1234.5"],
    ["1\u202f234,5", "1234.5"],
    ["1’234.50", "1234.5"],
    // One separator, once: decimals, whatever the locale groups with.
    ["1,000", "1"],
    ["1.000", "1"],
  ])("%j → %j", (typed, canonical) => {
    expect(parseLocaleDecimal(typed)).toBe(canonical);
  });

  it.each(["", ",", "abc", "2,5,0", "1.2.3", "1,234,567", "1.23,4.5", "12,34.5,6", "1,23.5", "2,5€"])("%j is no number", (typed) => {
    expect(parseLocaleDecimal(typed)).toBeNull();
  });

  it(`reads back every number Intl writes with decimals in each offered locale (seed ${SEED})`, () => {
    const cents = fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n });
    fc.assert(
      fc.property(cents, fc.constantFrom(...commonShopLocales.map((l) => l.tag)), (value, locale) => {
        const abs = value < 0n ? -value : value;
        const text = `${value < 0n ? "-" : ""}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
        const written = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(text as Intl.StringNumericLiteral);
        expect(parseLocaleDecimal(written), `${written} (${locale})`).toBe(Number(text) === 0 ? "0" : text.replace(/\.?0+$/, "").replace(/^-0$/, "0"));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe("decimalAsTyped", () => {
  it.each([
    ["2,5", "2.5"],
    ["2,", "2."],
    ["0,0", "0.0"],
    ["2.05", "2.05"],
    ["1.234,5", "1234.5"],
    ["1,234.5", "1234.5"],
    ["1,000,000", "1,000,000"],
    ["abc", "abc"],
  ])("%j is typed as %j", (typed, shown) => {
    expect(decimalAsTyped(typed)).toBe(shown);
  });

  it("typed key by key, ends as the number parseLocaleDecimal reads", () => {
    // Not "1,234.56": its first comma is, as typed, the only separator, hence decimals.
    for (const whole of ["1.234,56", "2,5", "0,05", "12,500"]) {
      let field = "";
      for (const key of whole) field = decimalAsTyped(field + key);
      expect(parseLocaleDecimal(field), whole).toBe(parseLocaleDecimal(whole));
    }
  });
});

describe("typedDecimal", () => {
  it("lets a validators decimal take what staff typed, and refuses what is no number with its own message", () => {
    const price = typedDecimal(money);
    expect(price.parse("2,5")).toBe("2.5");
    expect(price.parse("1.234,50")).toBe("1234.5");
    const refused = price.safeParse("two");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/^Amount must be a decimal number/);
  });
});

describe("shopLocale", () => {
  it("keeps a known tag in its canonical spelling and refuses nonsense for staff", () => {
    expect(shopLocale.parse("de-de")).toBe("de-DE");
    expect(shopLocale.parse(" en-GB ")).toBe("en-GB");
    const refused = shopLocale.safeParse("not a locale");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("“not a locale” is not a language and region this app knows, e.g. de-DE or en-GB");
  });
});
