import { describe, expect, it } from "vitest";

import { clientClock, isStorableInstant, parseClientClock, resolveLocalTime, restSaleInput, saleInput } from "../src";

const at = (iso: string) => new Date(iso);
const local = (text: string) => parseClientClock(text)!.local!;

describe("clock spellings (DESIGN.md §7)", () => {
  it("accepts each spelling, as the instant it names", () => {
    const cases: [string, string][] = [
      ["2026-01-31T14:30:00Z", "2026-01-31T14:30:00.000Z"],
      ["2026-01-31 14:30:00Z", "2026-01-31T14:30:00.000Z"],
      ["2026-01-31T14:30Z", "2026-01-31T14:30:00.000Z"],
      ["2026-01-31T14:30:00-0500", "2026-01-31T19:30:00.000Z"],
      ["2026-01-31T14:30:00-05:00", "2026-01-31T19:30:00.000Z"],
      ["2026-01-31T14:30:00+05", "2026-01-31T09:30:00.000Z"],
      ["2026-01-31T14:30:00.1Z", "2026-01-31T14:30:00.100Z"],
      ["2026-01-31T14:30:00.123456789+01:00", "2026-01-31T13:30:00.123Z"],
      ["0000-06-15T12:00:00Z", "0000-06-15T12:00:00.000Z"],
      ["0001-01-01T00:30:00+01:00", "0000-12-31T23:30:00.000Z"],
      ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"],
    ];
    for (const [text, iso] of cases) expect(parseClientClock(text), text).toEqual({ text, instant: at(iso) });
  });

  it("reads a time without offset as naive (local), with or without seconds and fraction", () => {
    expect(parseClientClock("2026-01-31T14:30:00")).toEqual({
      text: "2026-01-31T14:30:00",
      local: { year: 2026, month: 1, day: 31, hour: 14, minute: 30, second: 0, millisecond: 0 },
    });
    expect(local("2026-01-31 14:30")).toMatchObject({ hour: 14, minute: 30, second: 0 });
    expect(local("2026-01-31T14:30:05.5")).toMatchObject({ second: 5, millisecond: 500 });
  });

  it("refuses anything else", () => {
    for (const text of [
      "2026-01-31",
      "2026-01-31T14",
      "2026-01-31T14:30:00.Z",
      "2026-01-31T14:30:00.1234567890Z",
      "2026-01-31t14:30:00Z",
      "2026-01-31T14:30:00z",
      "2026-02-29T10:00:00Z",
      "2026-13-01T10:00:00Z",
      "2026-01-31T24:00:00Z",
      "2026-01-31T14:60:00Z",
      "2026-01-31T14:30:60Z",
      "2026-01-31T14:30:00+0",
      "2026-01-31T14:30:00+05:0",
      "2026-01-31T14:30:00+24:00",
      "20260131T143000Z",
      "+002026-01-31T14:30:00Z",
      "2026-01-31T14:30:00 +01:00",
      "Sat, 31 Jan 2026 14:30:00 GMT",
      " 2026-01-31T14:30:00Z",
    ]) {
      expect(parseClientClock(text), text).toBeNull();
    }
    expect(parseClientClock("2024-02-29T10:00:00Z")).not.toBeNull();
    expect(parseClientClock("2000-02-29T10:00:00Z")).not.toBeNull();
    expect(parseClientClock("1900-02-29T10:00:00Z")).toBeNull();
  });

  it("takes superjson Dates of any year JavaScript has", () => {
    for (const date of [new Date(Date.UTC(2026, 0, 31)), new Date(-62_198_755_200_000), new Date(8.64e15), new Date(-8.64e15)]) {
      expect(clientClock.parse(date)).toEqual({ text: date.toISOString(), instant: date });
    }
    expect(clientClock.safeParse(new Date(Number.NaN)).success).toBe(false);
  });

  it("is what sale input and the REST body use", () => {
    const items = [{ productId: 1, quantity: "1" }];
    const externalId = "550e8400-e29b-41d4-a716-446655440000";
    expect(saleInput.parse({ externalId, items, clientTimestamp: "2026-01-31T14:30:00" }).clientTimestamp).toMatchObject({ local: { hour: 14 } });
    expect(saleInput.safeParse({ externalId, items, clientTimestamp: "yesterday" }).success).toBe(false);
    const rest = restSaleInput.parse({ external_id: externalId, client_timestamp: "2026-01-31T14:30:00-0500", items: [{ product: 1, quantity: "1" }] });
    expect(rest.clientTimestamp).toEqual({ text: "2026-01-31T14:30:00-0500", instant: at("2026-01-31T19:30:00Z") });
  });
});

describe("naive times in a time zone (luxon's offsets, §7's DST rules)", () => {
  it("takes the earlier instant in the autumn overlap and moves forward by the gap in spring", () => {
    // 02:30 happens twice on 2026-10-25 in Berlin: first in CEST (+02:00).
    expect(resolveLocalTime(local("2026-10-25T02:30:00"), "Europe/Berlin")).toEqual(at("2026-10-25T00:30:00Z"));
    // 02:30 never happens on 2026-03-29: it is read as 03:30 CEST.
    expect(resolveLocalTime(local("2026-03-29T02:30:00"), "Europe/Berlin")).toEqual(at("2026-03-29T01:30:00Z"));
    expect(resolveLocalTime(local("2026-01-31T14:30:00"), "Europe/Berlin")).toEqual(at("2026-01-31T13:30:00Z"));
    expect(resolveLocalTime(local("2026-07-01T12:00:00"), "America/New_York")).toEqual(at("2026-07-01T16:00:00Z"));
    // New York falls back at 02:00 EDT to 01:00 EST: 01:30 is first EDT (-04:00).
    expect(resolveLocalTime(local("2026-11-01T01:30:00"), "America/New_York")).toEqual(at("2026-11-01T05:30:00Z"));
    expect(resolveLocalTime(local("2026-01-31T14:30:00"), "UTC")).toEqual(at("2026-01-31T14:30:00Z"));
  });

  it("works for any year the spellings allow", () => {
    expect(isStorableInstant(resolveLocalTime(local("0000-06-15T12:00:00"), "Europe/Berlin"))).toBe(false);
    expect(isStorableInstant(resolveLocalTime(local("9999-12-31T23:30:00"), "Pacific/Honolulu"))).toBe(false);
    expect(isStorableInstant(resolveLocalTime(local("9999-12-31T23:30:00"), "Europe/Berlin"))).toBe(true);
  });
});

describe("text the database stores as sent", () => {
  it("refuses NUL and lone surrogates in every text field of a sale that states a fact", () => {
    const externalId = "550e8400-e29b-41d4-a716-446655440000";
    for (const bad of ["a\u0000b", "a\ud800b", "a\udc00", "\ud83d"]) {
      // The till's label is delivery metadata: cleaned (see spelling.test.ts), never a refusal.
      expect(saleInput.safeParse({ externalId, sourceDevice: bad, items: [{ productId: 1, quantity: "1" }] }).success, JSON.stringify(bad)).toBe(true);
      expect(saleInput.safeParse({ externalId, cashierId: bad, items: [{ productId: 1, quantity: "1" }] }).success).toBe(false);
      expect(saleInput.safeParse({ externalId, items: [{ product: { name: bad, isVolatile: true }, quantity: "1" }] }).success).toBe(false);
    }
    expect(saleInput.safeParse({ externalId, sourceDevice: "till 🧾", items: [{ productId: 1, quantity: "1" }] }).success).toBe(true);
  });
});
