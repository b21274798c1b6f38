// Values at and beyond the edges of each field's domain (issue 15, "It must show" 2), the
// fields of a procedure's input found by walking its JSON Schema, and the substitution of
// one boundary value into an otherwise valid input. DESIGN.md §7: every value the API
// accepts is one PostgreSQL stores and computes with, so each of these is a 2xx or a 4xx.
import fc from "fast-check";

import type { JsonSchema } from "./arbitraries";

/** A number written into the JSON text exactly as given ("-0", "1e400", "1.0"), which JSON.stringify cannot. */
export class RawNumber {
  constructor(readonly text: string) {}
  toJSON() {
    return Number(this.text);
  }
}

/** A value sent as a superjson Date: `json` holds the text, `meta.values` names its path as "Date". */
export class SuperjsonDate {
  constructor(readonly text: string) {}
  toJSON() {
    return this.text;
  }
}

/** A boundary value with a name for reports, and whether DESIGN.md §7 requires a sale carrying it as its clock to be recorded. */
export interface Boundary {
  value: unknown;
  label: string;
  /** §7: a clock in an accepted spelling (or a superjson Date of any year) is recorded, never refused. */
  mustRecord?: boolean;
}

export type FieldKind = "instant" | "date" | "integer" | "decimal" | "enum" | "timeZone" | "currency" | "uuid" | "email" | "text" | "boolean" | "json";

/** A leaf of an input: `path` with "*" for "an element of this array". */
export interface Field {
  path: string[];
  kind: FieldKind;
  schema: JsonSchema;
}

/**
 * Every leaf field of `schema`, classified by the domain its values come from. Arrays are
 * entered through one element; `expand(path)` may supply the schema of a position the
 * JSON Schema leaves open (sale.sync's sales are z.custom, checked as sale.create's input).
 */
export function fieldsOf(schema: JsonSchema, expand: (path: string[]) => JsonSchema | undefined = () => undefined, path: string[] = []): Field[] {
  const expanded = expand(path);
  if (expanded) return fieldsOf(expanded, () => undefined, path);
  const alternatives = (schema.anyOf ?? schema.oneOf ?? []).filter((part) => part.type !== "null");
  if (alternatives.some((part) => part.format === "date-time")) return [{ path, kind: "instant", schema }];
  if (alternatives.length === 1) return fieldsOf(alternatives[0]!, expand, path);
  if (schema.allOf) return schema.allOf.flatMap((part) => fieldsOf(part, expand, path));
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((type) => type && type !== "null");
  if (types.includes("object") || schema.properties) {
    return Object.entries(schema.properties ?? {}).flatMap(([key, property]) => fieldsOf(property, expand, [...path, key]));
  }
  if (types.includes("array")) return fieldsOf(schema.items ?? {}, expand, [...path, "*"]);
  const name = String(path.at(-1) ?? "");
  const leaf = (kind: FieldKind): Field[] => [{ path, kind, schema }];
  if (types.includes("string") && types.includes("number")) return leaf("decimal");
  if (schema.enum) return leaf("enum");
  if (types.includes("integer")) return leaf("integer");
  if (types.includes("boolean")) return leaf("boolean");
  if (schema.format === "date-time") return leaf("instant");
  if (schema.format === "date") return leaf("date");
  if (schema.format === "uuid") return leaf("uuid");
  if (schema.format === "email") return leaf("email");
  if (/^time_?zone$/i.test(name)) return leaf("timeZone");
  if (/currency/i.test(name)) return leaf("currency");
  if (types.includes("string")) return leaf("text");
  // A position that takes any JSON (z.unknown: a payload kept as sent).
  if (types.length === 0 && !schema.enum && !schema.format && path.length > 0) return leaf("json");
  return [];
}

// ---------------------------------------------------------------------------------------
// Instants (DESIGN.md §3.9, §7)

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

/** ISO years as written: four digits for 0..9999, else signed and six (the extended form JS writes). */
const isoYear = (year: number) => (year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? "-" : "+"}${pad(year, 6)}`);

/** Years at the edges: PostgreSQL has no year 0, §3.9 moves anything before 1970, JS Dates end at ±275760/271821. */
const EDGE_YEARS = [0, 1, 99, 100, 999, 1000, 1582, 1899, 1900, 1969, 1970, 1971, 2026, 2038, 9998, 9999];
const BEYOND_YEARS = ["10000", "+010000", "-000001", "-000000", "+275760", "+275761", "-271821", "-271822", "-4713", "+294277"];
const MONTH_DAYS = ["01-01", "02-28", "02-29", "06-15", "10-10", "12-31"];
const BAD_MONTH_DAYS = ["00-10", "13-01", "02-30", "04-31", "12-32", "1-1"];
const TIMES = ["00:00", "00:00:00", "00:30:00", "12:00:00", "23:59", "23:59:59"];
const BAD_TIMES = ["24:00:00", "23:59:60", "24:00", "25:00:00", "12:60:00", "12", "1200", "12:00:00:00"];
/** §7's offsets: Z, ±hh:mm, ±hhmm, ±hh, or none (naive, the shop's local time). */
const OFFSETS = [
  "Z",
  "",
  "+00:00",
  "-00:00",
  "+01:00",
  "-05:00",
  "+05:30",
  "+14:00",
  "-12:00",
  "+0530",
  "-0500",
  "+1400",
  "-1200",
  "+05",
  "-05",
  "+14",
  "-12",
  "+00",
];
/** Offsets outside §7's spellings or outside any real zone. */
const BAD_OFFSETS = ["z", "+23:59", "-23:59", "+24:00", "+99:99", "+5", "+5:30", "+05:30:00", "+05:3", "UTC", " UTC", "GMT", "+14:01", "−05:00"];
const SEPARATORS = ["T", " "];
const BAD_SEPARATORS = ["t", "  ", "_", ""];

/** A time with a fraction of 0 to 12 digits (§7 allows 1 to 9 after seconds). */
const fraction = fc.oneof(
  fc.constant(""),
  fc.integer({ min: 1, max: 12 }).chain((digits) => fc.constantFrom("0", "5", "9").map((digit) => `.${digit.repeat(digits)}`)),
);

/** Is `year-monthDay` a real day of the proleptic Gregorian calendar (year 0 being 1 BC)? */
function realDay(year: number, monthDay: string) {
  const [month, day] = monthDay.split("-").map(Number) as [number, number];
  if (monthDay.length !== 5) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** Clock strings near the edges, in §7's spellings and just outside them. */
export const instantString: fc.Arbitrary<Boundary> = fc
  .record({
    year: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...EDGE_YEARS).map(isoYear) }, fc.constantFrom(...BEYOND_YEARS)),
    monthDay: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...MONTH_DAYS) }, fc.constantFrom(...BAD_MONTH_DAYS)),
    separator: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SEPARATORS) }, fc.constantFrom(...BAD_SEPARATORS)),
    time: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...TIMES) }, fc.constantFrom(...BAD_TIMES)),
    fraction,
    offset: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...OFFSETS) }, fc.constantFrom(...BAD_OFFSETS)),
  })
  .map(({ year, monthDay, separator, time, fraction: digits, offset }) => {
    const withFraction = digits && time.length === 8 ? `${time}${digits}` : time;
    const value = `${year}-${monthDay}${separator}${withFraction}${offset}`;
    const mustRecord =
      /^\d{4}$/.test(year) &&
      realDay(Number(year), monthDay) &&
      SEPARATORS.includes(separator) &&
      TIMES.includes(time) &&
      (digits === "" || (time.length === 8 && digits.length <= 10)) &&
      OFFSETS.includes(offset);
    return { value, label: `clock "${value}"`, mustRecord };
  });

/** Fixed clocks: the issue's own failing inputs and the edges of each range involved. */
export const INSTANT_EXAMPLES: Boundary[] = [
  ...[
    "0000-06-15T12:00:00Z",
    "0001-01-01T00:30:00+01:00",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "1969-12-31T23:59:59.999Z",
    "1970-01-01T00:00:00Z",
    "1970-01-01T00:59:59+01:00",
    "9999-12-31T23:59:59.999999999Z",
    "9999-12-31T23:59:59.9995Z",
    "9999-12-31T23:00:00-14:00",
    "2026-01-31T14:30:00",
    "2026-01-31 14:30:00Z",
    "2026-01-31T14:30Z",
    "2026-01-31T14:30:00-0500",
    "2026-01-31T14:30:00-05",
    "2026-03-29T02:30:00",
    "2026-10-25T02:30:00",
    "2026-01-31T14:30:00.1+05:45",
    "2026-01-31T14:30:00.123456789-03:30",
  ].map((value) => ({ value, label: `clock "${value}"`, mustRecord: true })),
  ...[
    "+275760-09-13T00:00:00Z",
    "+275760-09-13T00:00:00.001Z",
    "-271821-04-20T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "+010000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "2026-01-31T14:30:00.1234567890Z",
    "2026-01-31T24:00:00Z",
    "2016-12-31T23:59:60Z",
    "2026-02-29T12:00:00Z",
    "2026-01-31",
    "2026-01-31T14",
    "20260131T143000Z",
    "2026-W05-6T14:30:00Z",
    "2026-031T14:30:00Z",
    "1769871000",
    "Sat, 31 Jan 2026 14:30:00 GMT",
    "2026-01-31T14:30:00+05:30[Asia/Kolkata]",
    "2026-01-31T14:30:00 Europe/Berlin",
    "",
    " ",
    "2026-01-31T14:30:00Z\u0000",
    "\ud800",
  ].map((value) => ({ value, label: `clock "${value}"` })),
  ...[0, -1, 1769871000000, 8.64e15, 8.64e15 + 1, -8.64e15].map((value) => ({ value, label: `clock as the number ${value}` })),
];

/** A Date of year `year` (any, negative included) at `time` UTC, as superjson writes it, or undefined past JS's range. */
function superjsonDateText(year: number, monthDay: string, time: string) {
  const date = new Date(`2000-${monthDay}T${time}Z`);
  date.setUTCFullYear(year);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** superjson Dates (the tRPC wire): years from JS's first to its last, and texts a Date cannot be made of. */
export const superjsonDates: Boundary[] = [
  ...[-271821, -1, 0, 1, 99, 1969, 1970, 9999, 10000, 275760].flatMap((year) =>
    [
      ["01-01", "00:00:00.000"],
      ["06-15", "12:00:00.000"],
      ["12-31", "23:59:59.999"],
    ].flatMap(([monthDay, time]) => {
      const text = superjsonDateText(year, monthDay!, time!);
      return text ? [{ value: new SuperjsonDate(text), label: `superjson Date ${text}`, mustRecord: true }] : [];
    }),
  ),
  ...["+275760-09-13T00:00:00.001Z", "-271821-04-19T23:59:59.999Z", "not a date", "", "2026-01-31T14:30:00", "0000-00-00T00:00:00Z"].map((text) => ({
    value: new SuperjsonDate(text),
    label: `superjson Date "${text}"`,
  })),
];

export const instantBoundary: fc.Arbitrary<Boundary> = fc.oneof(
  { weight: 3, arbitrary: instantString },
  { weight: 2, arbitrary: fc.constantFrom(...INSTANT_EXAMPLES) },
  { weight: 2, arbitrary: fc.constantFrom(...superjsonDates) },
);

// ---------------------------------------------------------------------------------------
// Calendar dates (reports, lists)

export const DATE_EXAMPLES: string[] = [
  "0000-01-01",
  "0000-12-31",
  "0001-01-01",
  "0001-01-07",
  "0099-12-31",
  "0999-12-31",
  "1000-01-01",
  "1582-10-10",
  "1969-12-31",
  "1970-01-01",
  "2024-02-29",
  "9999-12-25",
  "9999-12-31",
  "10000-01-01",
  "+010000-01-01",
  "-0001-01-01",
  "-000001-01-01",
  "2023-02-29",
  "2024-13-01",
  "2024-1-1",
  "20240101",
  "2024-01-01T00:00:00Z",
  " 2024-01-01",
  "",
];

/** A date or a pair of dates (a report's range, both ends moved together so the range itself is valid). */
export const dateBoundary: fc.Arbitrary<Boundary> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...DATE_EXAMPLES).map((value) => ({ value, label: `date "${value}"` })) },
  { weight: 1, arbitrary: fc.constantFrom(...superjsonDates).map(({ value, label }) => ({ value, label })) },
);

/** A range's other end for `date`: the same day (or the range stays as it was when `date` is not one). */
export const partnerDate = (date: unknown) => (typeof date === "string" && /^\d{4}-\d\d-\d\d$/.test(date) ? date : undefined);

/** The date fields that form a range, each with its partner. */
export const DATE_PARTNERS: Record<string, string> = { startDate: "endDate", endDate: "startDate", start_date: "end_date", end_date: "start_date" };

/** Whole ranges at the edges: the ten years after year 1, the last days of 9999, across 1970. */
export const DATE_RANGES: [string, string][] = [
  ["0001-01-01", "0010-12-31"],
  ["0000-01-01", "0000-12-31"],
  ["0999-12-01", "1000-01-31"],
  ["1969-12-01", "1970-01-31"],
  ["9990-01-01", "9999-12-31"],
  ["9999-12-31", "9999-12-31"],
];

// ---------------------------------------------------------------------------------------
// Numbers

/** Integers around 2^31 and 2^53, signs, -0, fractions, and numbers JSON writes but JS cannot hold. */
export function integerBoundaries(schema: JsonSchema): Boundary[] {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined);
  const max = schema.maximum;
  const numbers = [
    0,
    1,
    -1,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 31 + 1,
    -(2 ** 31),
    -(2 ** 31) - 1,
    2 ** 32,
    2 ** 53 - 1,
    2 ** 53,
    -(2 ** 53 - 1),
    -(2 ** 53),
    1.5,
    0.5,
    2 ** 31 - 0.5,
    1e21,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
  ];
  if (min !== undefined) numbers.push(min - 1, min);
  if (max !== undefined) numbers.push(max, max + 1);
  return [
    ...numbers.map((value) => ({ value, label: `integer ${value}` })),
    ...["-0", "1.0", "2147483647.0", "9007199254740993", "1e400", "-1e400", "1E1", "0.0000000000000000001"].map((text) => ({
      value: new RawNumber(text),
      label: `JSON number ${text}`,
    })),
    ...["1", "2147483648", "", "0x10"].map((value) => ({ value, label: `integer as the string "${value}"` })),
    { value: null, label: "null" },
  ];
}

/** Decimal strings and numbers at and past the precision and scale of money (12,2), quantities and stock (14,3). */
export const DECIMAL_BOUNDARIES: Boundary[] = [
  ...[
    "0",
    "0.00",
    "0.000",
    "0.001",
    "0.0001",
    "0.01",
    "0.005",
    "-0",
    "-0.00",
    "-0.001",
    "-1",
    "1",
    "1.",
    ".5",
    "+1",
    "1e2",
    "1E-2",
    "0x10",
    "Infinity",
    "NaN",
    " 1.5 ",
    "1,5",
    "1_000",
    "١٢٣",
    "１",
    "00001",
    "999999.999",
    "1000000",
    "1000000.001",
    "9999999.999",
    "10000000",
    "99999999.99",
    "99999999.995",
    "99999999.999",
    "100000000",
    "100000000.00",
    "999999999.999",
    "1000000000",
    "9999999999.99",
    "99999999999.999",
    "100000000000",
    "9".repeat(40),
    `0.${"0".repeat(40)}1`,
    `1${"0".repeat(1000)}`,
  ].map((value) => ({ value, label: `decimal "${value}"` })),
  ...[
    0,
    0.1,
    0.01,
    0.001,
    0.0001,
    1e-7,
    0.1 + 0.2,
    99999999.99,
    99999999.995,
    9999999.999,
    999999999.999,
    1e15,
    1e21,
    2 ** 53,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -1,
  ].map((value) => ({
    value,
    label: `decimal as the number ${value}`,
  })),
  ...["-0", "1e2", "1.10", "99999999.990", "1e-3", "1E400"].map((text) => ({ value: new RawNumber(text), label: `JSON number ${text}` })),
  { value: null, label: "null" },
];

/** The largest values each decimal rule accepts: taken together they overflow totals and stock. */
export const DECIMAL_MAXIMA = ["99999999.99", "9999999.999", "999999999.999"];

// ---------------------------------------------------------------------------------------
// Text

/** Text with NUL, lone surrogates, 10^5 characters, characters that count twice, and the length limit exactly and one over. */
export function textBoundaries(schema: JsonSchema): Boundary[] {
  const max = schema.maxLength ?? 300;
  const texts: [string, string][] = [
    ["", "empty"],
    [" ", "a space"],
    ["\u0000", "NUL"],
    ["a\u0000b", "NUL inside"],
    ["\ud800", "a lone high surrogate"],
    ["\udc00", "a lone low surrogate"],
    ["a\ud800b", "a lone surrogate inside"],
    ["\udc00\ud800", "surrogates in the wrong order"],
    ["\ufffe\uffff", "noncharacters"],
    ["\u00a0x\u00a0", "NBSP around"],
    ["\ufeffx", "a BOM"],
    ["a\u2028b\r\n\t", "line separators"],
    ["%_\\'\"", "LIKE and quote characters"],
    ["x".repeat(max), `${max} characters (the limit)`],
    ["x".repeat(max + 1), `${max + 1} characters`],
    ["é".repeat(max), `${max} precomposed é`],
    ["e\u0301".repeat(Math.ceil(max / 2)), "combining accents to the limit"],
    ["🧀".repeat(Math.ceil(max / 2)), "astral characters to the limit in UTF-16"],
    ["🧀".repeat(max), `${max} astral characters (twice the limit in UTF-16)`],
    ["x".repeat(100_000), "10^5 characters"],
    [`${"x".repeat(max - 1)}\ud800`, "a lone surrogate at the limit"],
  ];
  return texts.map(([value, label]) => ({ value, label: `text: ${label}` }));
}

// ---------------------------------------------------------------------------------------
// Names the database must know

/** Time zone names Intl and PostgreSQL disagree about, or that only one of them knows. */
export const TIME_ZONE_ALIASES = [
  "UTC",
  "utc",
  "Etc/UTC",
  "Z",
  "GMT",
  "GMT0",
  "GMT+0",
  "GMT-0",
  "UCT",
  "Universal",
  "Zulu",
  "EST5EDT",
  "CST6CDT",
  "MST7MDT",
  "PST8PDT",
  "EST",
  "MST",
  "HST",
  "CET",
  "EET",
  "WET",
  "MET",
  "US/Pacific",
  "US/Pacific-New",
  "US/Eastern",
  "Etc/GMT+14",
  "Etc/GMT-14",
  "Etc/GMT+12",
  "Etc/GMT-12",
  "Etc/GMT+13",
  "Etc/GMT-13",
  "Etc/GMT-15",
  "Etc/Unknown",
  "Factory",
  "posixrules",
  "localtime",
  "posix/Europe/Berlin",
  "right/UTC",
  "Europe/Kyiv",
  "Europe/Kiev",
  "America/Ciudad_Juarez",
  "America/Nuuk",
  "America/Godthab",
  "Pacific/Kanton",
  "Pacific/Enderbury",
  "Asia/Calcutta",
  "Asia/Kolkata",
  "Antarctica/Troll",
  "ROC",
  "W-SU",
  "europe/berlin",
  "EUROPE/BERLIN",
  "Europe/Berlin ",
  " Europe/Berlin",
  "+05:30",
  "-05:00",
  "+14:00",
  "UTC+5",
  "UTC-14",
  "GMT+5",
  "<+05>-5",
  "EST5",
  "XXX-5YYY",
  "Mars/Olympus",
  "../../../etc/passwd",
  "Europe/Berlin\u0000",
  "\ud800",
  "x".repeat(64),
  "",
];

export const CURRENCY_BOUNDARIES: Boundary[] = [
  "EUR",
  "eur",
  "usd",
  "XXX",
  "XTS",
  "ZZZ",
  "BTC",
  "EURO",
  "EU",
  "",
  "€",
  "E U",
  "EU\u0000",
  "ÉUR",
  "\ud800AB",
  "JPY",
  "BHD",
  "CLF",
].map((value) => ({ value, label: `currency "${value}"` }));

/** Enum values: the field's own, every other enum's, and near misses (case, spaces). */
export function enumBoundaries(schema: JsonSchema, everyEnumValue: string[]): Boundary[] {
  const own = (schema.enum ?? []).map(String);
  const nearMisses = own.flatMap((value) => [value.toUpperCase(), value[0]!.toUpperCase() + value.slice(1), ` ${value}`, `${value} `, `${value}\u0000`]);
  return [...new Set([...own, ...everyEnumValue, ...nearMisses, "", "admin", "superuser"])].map((value) => ({ value, label: `enum "${value}"` }));
}

export const UUID_BOUNDARIES: Boundary[] = [
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF",
  "01890a5d-ac96-774b-bcce-b302099a8057",
  "00000000-0000-8000-8000-000000000000",
  "00000000-0000-0000-c000-000000000000",
  "{8f5c7a42-3b1e-4f0a-9d2c-1a2b3c4d5e6f}",
  "8f5c7a423b1e4f0a9d2c1a2b3c4d5e6f",
  "8f5c7a42-3b1e-4f0a-9d2c-1a2b3c4d5e6",
  "8f5c7a42-3b1e-4f0a-9d2c-1a2b3c4d5e6g",
].map((value) => ({ value, label: `uuid "${value}"` }));

export const EMAIL_BOUNDARIES: Boundary[] = [
  `${"a".repeat(64)}@example.com`,
  `${"a".repeat(65)}@example.com`,
  `a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`,
  `${"a".repeat(240)}@example.com`,
  "A@EXAMPLE.COM",
  "a+tag@example.com",
  "a@b.co",
  "a\u0000@example.com",
  "\ud800@example.com",
  "ünïcode@exämple.com",
  "a@example",
  "@example.com",
].map((value) => ({ value, label: `email "${value}"` }));

/** Any JSON, where a payload is kept as sent: keys JS objects and serializers treat specially, text PostgreSQL's JSONB refuses, numbers past a double, depth. */
export const JSON_BOUNDARIES: Boundary[] = [
  [{ constructor: "x" }, "a key constructor"],
  [{ prototype: [1] }, "a key prototype"],
  [JSON.parse('{"__proto__": {"polluted": 1}}'), "a key __proto__"],
  [{ toString: 1, valueOf: 2, hasOwnProperty: 3 }, "keys of Object.prototype"],
  [{ "a\u0000b": 1 }, "NUL in a key"],
  [{ text: "\u0000" }, "NUL in a string"],
  [{ "\ud800": 1 }, "a lone surrogate as a key"],
  [{ text: "\ud800" }, "a lone surrogate in a string"],
  [{ n: new RawNumber("1e400") }, "a number past a double"],
  [{ n: new RawNumber("123456789012345678901234567890") }, "a 30-digit integer"],
  [{ n: new RawNumber("-0") }, "-0"],
  [{ when: new SuperjsonDate("0000-01-01T00:00:00.000Z") }, "a superjson Date of year 0"],
  [{ json: { a: 1 }, meta: { values: { a: ["Date"] } } }, "a superjson envelope"],
  // Deep, but inside the server's nesting limit (64 for the whole body): a deeper one would
  // have the whole batch refused, and the rest of it with it (abuse.test.ts sends those).
  [Array.from({ length: 50 }).reduce((inner) => ({ a: inner }), 1), "50 levels deep"],
  [Array(10_000).fill(0), "10^4 elements"],
  ["x".repeat(100_000), "10^5 characters"],
  [null, "null"],
  [[], "[]"],
  ["", "an empty string"],
].map(([value, label]) => ({ value, label: `JSON: ${label as string}` }));

export const BOOLEAN_BOUNDARIES: Boundary[] = [true, false, "true", "false", 0, 1, null].map((value) => ({ value, label: `boolean ${JSON.stringify(value)}` }));

// ---------------------------------------------------------------------------------------
// Substitution and encoding

/** Keys that must not appear together in one object: putting a value under one drops the other. */
export type Exclusive = [string, string][];

/**
 * `base` (a valid input, not changed) with `value` at `path`. An array position ("*") takes
 * an element that already has the next key, else the first element; missing objects are made.
 * Returns undefined when the path cannot exist in this input (an empty array).
 */
export function substitute(base: unknown, path: string[], value: unknown, exclusive: Exclusive = []): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === "*") {
    if (!Array.isArray(base) || base.length === 0) return undefined;
    const next = rest[0];
    const index = Math.max(
      0,
      base.findIndex((element) => typeof element === "object" && element !== null && next !== undefined && next in element),
    );
    const replaced = substitute(base[index], rest, value, exclusive);
    if (replaced === undefined) return undefined;
    return base.map((element, n) => (n === index ? replaced : element));
  }
  const object = typeof base === "object" && base !== null && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  const inner = substitute(object[head!], rest, value, exclusive);
  if (inner === undefined && rest.length > 0) return undefined;
  object[head!] = inner;
  for (const [a, b] of exclusive) {
    if (head === a) delete object[b];
    if (head === b) delete object[a];
  }
  return object;
}

/** JSON text with RawNumbers written as given and SuperjsonDates as their text. */
export function encodeJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, function (this: unknown, key: string) {
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof RawNumber) {
      raws.push(original.text);
      return `\u0001raw${raws.length - 1}\u0001`;
    }
    if (original instanceof SuperjsonDate) return original.text;
    return original;
  });
  return text === undefined ? "" : text.replace(/"\\u0001raw(\d+)\\u0001"/g, (_, n: string) => raws[Number(n)]!);
}

/** The superjson envelope of an input: `{ json }`, with `meta.values` naming every SuperjsonDate as a Date. */
export function superjsonEnvelope(input: unknown): { json: unknown; meta?: { values: Record<string, ["Date"]> } } {
  const values: Record<string, ["Date"]> = {};
  const walk = (value: unknown, path: string[]) => {
    if (value instanceof SuperjsonDate) values[path.join(".")] = ["Date"];
    else if (Array.isArray(value)) value.forEach((element, n) => walk(element, [...path, String(n)]));
    else if (typeof value === "object" && value !== null && !(value instanceof RawNumber))
      for (const [key, element] of Object.entries(value)) walk(element, [...path, key]);
  };
  walk(input, []);
  return Object.keys(values).length > 0 ? { json: input, meta: { values } } : { json: input };
}

/** Whether a value (or anything in it) is a SuperjsonDate, which only the tRPC wire can carry. */
export const hasSuperjsonDate = (value: unknown): boolean =>
  value instanceof SuperjsonDate ||
  (typeof value === "object" && value !== null && !(value instanceof RawNumber) && Object.values(value).some(hasSuperjsonDate));
