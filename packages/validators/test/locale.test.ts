// parseLocaleDecimal (issue 21): what staff type in their shop's language → the canonical
// decimal; decimalForField the other way, for values the app puts into a field. The rule:
// where only one of "," and "." appears it is the decimal separator; with both, the last one
// is. Checked by examples, and by seeded properties: every number as Intl formats it (with
// decimals), and every decimal as a field shows it, in each offered locale reads back as itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  canonicalDecimal,
  commonShopLocales,
  decimalForField,
  decimalFromField,
  fieldDecimalSeparator,
  money,
  parseLocaleDecimal,
  shopLocale,
  typedDecimal,
} from "../src";

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

describe("decimalForField", () => {
  it.each([
    ["2.50", "de-DE", "2,50"],
    ["2.50", "en-GB", "2.50"],
    ["0.500", "fr-FR", "0,500"],
    ["1234.5", "de-DE", "1234,5"],
    ["1234.5", "en-US", "1234.5"],
    ["-1.25", "de-DE", "-1,25"],
    ["20", "de-DE", "20"],
    ["", "de-DE", ""],
    ["abc", "de-DE", "abc"],
    ["1,000,000", "de-DE", "1,000,000"],
  ])("%j in %s is shown as %j", (value, locale, shown) => {
    expect(decimalForField(value, locale)).toBe(shown);
  });

  it("uses the locale's decimal separator: a comma for de-DE, sv-SE, pl-PL; a point for en-GB, de-CH", () => {
    expect(["de-DE", "sv-SE", "pl-PL", "en-GB", "de-CH"].map((locale) => fieldDecimalSeparator(locale))).toEqual([",", ",", ",", ".", "."]);
  });

  it(`reads back as the same number in each offered locale (seed ${SEED})`, () => {
    const decimals = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(decimals, fc.constantFrom(...commonShopLocales.map((l) => l.tag)), ([negative, digits, scale], locale) => {
        const padded = digits.toString().padStart(scale + 1, "0");
        const value = `${negative ? "-" : ""}${scale ? `${padded.slice(0, -scale)}.${padded.slice(-scale)}` : padded}`;
        const shown = decimalForField(value, locale);
        expect(parseLocaleDecimal(shown), `${value} shown as ${shown} (${locale})`).toBe(canonicalDecimal(value));
        expect(decimalFromField(shown)).toBe(canonicalDecimal(value));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe("decimalFromField", () => {
  it.each([
    ["2,5", "2.5"],
    ["2.5", "2.5"],
    ["2,", "2"],
    ["2,50", "2.5"],
    ["1.234,5", "1234.5"],
    ["1,234.5", "1234.5"],
    ["", ""],
    ["  ", ""],
    ["abc", "abc"],
    ["1,000,000", "1,000,000"],
  ])("the box showing %j stands for %j", (text, value) => {
    expect(decimalFromField(text)).toBe(value);
  });

  it("typed key by key, every step stands for a number or is left for validation", () => {
    // What the box shows is never rewritten; each prefix of what staff type is read on its own.
    let text = "";
    const seen: string[] = [];
    for (const key of "1.234,5") seen.push(decimalFromField((text += key)));
    expect(seen).toEqual(["1", "1", "1.2", "1.23", "1.234", "1234", "1234.5"]);
  });
});

describe("typedDecimal", () => {
  it("lets a validators decimal take what staff typed, and refuses what is no number with its own message", () => {
    const price = typedDecimal(money);
    expect(price.parse("2,5")).toBe("2.5");
    expect(price.parse("1.234,50")).toBe("1234.5");
    const refused = price.safeParse("two");
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe("Enter an amount of 0 or more, with at most 2 decimals");
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
