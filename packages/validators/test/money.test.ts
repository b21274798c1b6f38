import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { canonicalTimeZone, currencyCode, formatMoney, lineTotal, roundMoney, shopUpdateInput, signUpInput, timeZone } from "../src";

// fast-check picks a seed per run; printing it lets a failure be replayed with FC_SEED.
const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`money.test.ts: fast-check seed ${seed} (replay with FC_SEED=${seed})`);

/** `units` × 10^-scale (scale ≥ 3) rounded half away from zero to cents, in integers: what `roundMoney` must agree with. */
function referenceRound(sign: 1 | -1, units: bigint, scale: number): string {
  const factor = 10n ** BigInt(scale - 2);
  const cents = (units + factor / 2n) / factor;
  const text = `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
  return sign < 0 && cents !== 0n ? `-${text}` : text;
}

describe("roundMoney", () => {
  it.each([
    ["0.125", "0.13"],
    ["0.124", "0.12"],
    ["-0.125", "-0.13"],
    ["2.675", "2.68"],
    ["1.005", "1.01"],
    ["0.004", "0.00"],
  ])("%s → %s (half away from zero)", (value, rounded) => {
    expect(roundMoney(value).toFixed(2)).toBe(rounded);
  });

  it("agrees with integer half-up rounding on any decimal of up to 6 places", () => {
    fc.assert(
      fc.property(fc.constantFrom<1 | -1>(1, -1), fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.integer({ min: 3, max: 6 }), (sign, units, scale) => {
        const digits = units.toString().padStart(scale + 1, "0");
        const text = `${sign < 0 ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
        expect(roundMoney(text).toFixed(2)).toBe(referenceRound(sign, units, scale));
      }),
      { seed, numRuns: 2_000 },
    );
  });
});

describe("lineTotal", () => {
  it("is exact for the largest quantity and price a sale accepts, and rounds the half cent up", () => {
    // 9,999,999.999 × 99,999,999.99 = 999,999,999,800,000.00001 → …800,000.00
    expect(lineTotal("9999999.999", "99999999.99").toFixed(2)).toBe("999999999800000.00");
    expect(lineTotal("3", "0.335").toFixed(2)).toBe("1.01");
  });
});

describe("formatMoney", () => {
  it("shows two decimals in the shop's currency, exactly, rounding a third decimal half-up", () => {
    expect(formatMoney("1234.5", "EUR", "en-GB")).toBe("€1,234.50");
    expect(formatMoney("0.125", "USD", "en-US")).toBe("$0.13");
    expect(formatMoney("99999999999999.99", "EUR", "en-GB")).toBe("€99,999,999,999,999.99");
  });
});

describe("time zones", () => {
  it.each([
    ["europe/berlin", "Europe/Berlin"],
    ["UTC", "UTC"],
    ["US/Pacific", "America/Los_Angeles"],
  ])("%s is spelled %s", (name, canonical) => {
    expect(canonicalTimeZone(name)).toBe(canonical);
    expect(timeZone.parse(name)).toBe(canonical);
  });

  it.each(["+01:00", "-05:00", "+0100", "Mars/Olympus_Mons", ""])("%j is no zone PostgreSQL knows by name", (name) => {
    expect(canonicalTimeZone(name)).toBeNull();
    expect(timeZone.safeParse(name).success).toBe(false);
  });
});

describe("currency codes", () => {
  it("are three letters, stored upper-case, the same for sign-up and shop settings", () => {
    expect(currencyCode.parse(" eur ")).toBe("EUR");
    expect(signUpInput.shape.currency.parse("usd")).toBe("USD");
    expect(shopUpdateInput.shape.currency.parse("usd")).toBe("USD");
    for (const bad of ["EU", "EURO", "E1R", ""]) expect(currencyCode.safeParse(bad).success).toBe(false);
  });
});
