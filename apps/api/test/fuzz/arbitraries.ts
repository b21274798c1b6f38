// Inputs for fuzzing procedures: hostile JSON of every kind, and inputs shaped by a
// procedure's own input schema (its JSON Schema, from zod), mostly valid so that
// validation passes and the database is reached, with a hostile value here and there.
import fc from "fast-check";

/** The parts of JSON Schema (draft 2020-12, as zod writes it) that shape a value. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** What the test knows exists (ids, user ids), so shaped inputs name real rows. */
export interface Hints {
  ids: number[];
  strings: string[];
  /** For schema positions that accept anything (z.custom): e.g. the sales of a sync batch. */
  anything: fc.Arbitrary<unknown>;
}

export const injections = [
  "'; DROP TABLE sale; --",
  "' OR '1'='1",
  "1; SELECT pg_sleep(10)",
  "$1",
  "%",
  "_",
  "\\",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "{{constructor.constructor('return process')()}}",
  "${process.exit(1)}",
  "../../etc/passwd",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\u202e\u2066",
  "🧀🥖👩‍👩‍👧‍👦",
  "Z̷̢͈̓a̸͙͐l̵̲̾g̷̦͆o̵̫͝",
  "__proto__",
  "constructor",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "0x10",
  "9".repeat(40),
  "1.".padEnd(60, "9"),
  " ",
  "",
];

/** A string of `length` characters, for limits: names, notes, search terms. */
const long = (length: number) => fc.constantFrom("x", "é", "🧀", "'").map((unit) => unit.repeat(length));

const decimalString = fc.oneof(
  fc.integer({ min: 0, max: 99_999_999 }).map((cents) => (cents / 100).toFixed(2)),
  fc.integer({ min: 1, max: 9_999_999 }).map((n) => (n / 1000).toFixed(3)),
  fc.constantFrom("0", "0.00", "-1", "1.2345", "100000000.00", "1e3", " 1.50 ", "1,50", "00.1", ".5"),
);

const isoDate = fc.date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const isoInstant = fc.date({ min: new Date("0001-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }).map((date) => date.toISOString());

/**
 * Nested arrays or objects, around the server's nesting limit (64): below it they reach the
 * validators, above it the body is refused. abuse.test.ts sends 100,000 levels as text.
 */
export const deeplyNested = fc.tuple(fc.integer({ min: 5, max: 200 }), fc.boolean()).map(([depth, objects]) => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = objects ? { items: value } : [value];
  // fast-check prints counterexamples recursively; this one it prints in a word.
  return Object.defineProperty(value as object, fc.toStringMethod, { value: () => `<nested ${depth} deep>` });
});

/** Any JSON at all, with what is likely to break a parser, a validator or a query. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2, noUnicodeString: false }) },
  { weight: 2, arbitrary: fc.constantFrom(...injections) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: long(5_000) },
  { weight: 1, arbitrary: deeplyNested },
  {
    weight: 1,
    arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, [], {}, [[]], JSON.parse('{"__proto__": {"polluted": 1}}')),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "json", "meta"), fc.jsonValue({ maxDepth: 2 })) },
);

function strings(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  const bounds = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 300, 300) };
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date") return isoDate;
  if (schema.format === "date-time") return isoInstant;
  if (schema.format === "email") return fc.emailAddress();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { maxLength: bounds.maxLength });
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ ...bounds, unit: "grapheme" }) },
    { weight: 1, arbitrary: fc.string(bounds) },
    { weight: 1, arbitrary: fc.constantFrom(...hints.strings, ...injections) },
    // Exactly at the limit, and one over it.
    { weight: 1, arbitrary: fc.constantFrom(schema.maxLength ?? 300, (schema.maxLength ?? 300) + 1).chain(long) },
  );
}

/** A value that fits `schema`: the right type, within its bounds, naming real rows where it can. */
function conforming(schema: JsonSchema, hints: Hints, depth: number): fc.Arbitrary<unknown> {
  if (schema.allOf) {
    const merged: JsonSchema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      Object.assign(merged.properties!, part.properties);
      merged.required!.push(...(part.required ?? []));
    }
    return conforming(merged, hints, depth);
  }
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => shaped(alternative, hints, depth)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  // A decimal: a string or a number.
  if (types.includes("string") && types.includes("number")) return fc.oneof({ weight: 4, arbitrary: decimalString }, fc.double(), fc.integer());
  if (types.length > 1) return fc.oneof(...types.map((type) => conforming({ ...schema, type }, hints, depth)));
  switch (types[0]) {
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return hints.anything;
      return fc.record(Object.fromEntries(properties.map(([key, property]) => [key, shaped(property, hints, depth + 1)])), {
        requiredKeys: schema.required ?? [],
      });
    }
    case "array": {
      const item = schema.items ? shaped(schema.items, hints, depth + 1) : hints.anything;
      const minLength = schema.minItems ?? 0;
      return fc.oneof(
        { weight: 50, arbitrary: fc.array(item, { minLength, maxLength: Math.min(schema.maxItems ?? 5, minLength + 4) }) },
        // One more than allowed (a sale of 501 lines, a batch of 501 sales), of small elements:
        // the limit is what is tried, and abuse.test.ts sends it with real ones.
        { weight: 1, arbitrary: fc.constant(Array<unknown>((schema.maxItems ?? 0) + 1).fill({})) },
      );
    }
    case "string":
      return strings(schema, hints);
    case "integer": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -(2 ** 31));
      const max = Math.min(schema.maximum ?? 2 ** 31, Number.MAX_SAFE_INTEGER);
      return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...hints.ids) }, fc.integer({ min, max: Math.min(max, 2 ** 31) }), fc.constantFrom(min, max));
    }
    case "number":
      return fc.double();
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    default:
      return hostileJson;
  }
}

/** Mostly `conforming`, one value in eight hostile, so deeper rules are reached too. */
export function shaped(schema: JsonSchema, hints: Hints, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  return fc.oneof({ weight: 7, arbitrary: conforming(schema, hints, depth) }, { weight: 1, arbitrary: hostileJson });
}
