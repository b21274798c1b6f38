// Boundary fuzzing of every procedure (issue 15, "It must show" 2; DESIGN.md §3.9, §7): each
// field of each input, found by walking the procedure's JSON Schema as fuzz.test.ts does, gets
// values at and beyond the edges of its domain — instants around years 0, 1, 1970, 9999 and
// beyond (strings in every offset spelling, and superjson Dates), integers around 2^31 and
// 2^53, decimals at and past precision and scale, text with NUL, lone surrogates and 10^5
// characters, and names the database must know (time zones, currencies, enum values, roles)
// — one field at a time (now and then two or three) in an otherwise valid input, so each value
// reaches the database instead of being refused for another field. tRPC procedures as batches
// (queries by GET, mutations by POST), the REST endpoints one request each. Every answer must
// be a 2xx or a 4xx, never a 5xx. And §7's promise is checked: a sale whose clock is in an
// accepted spelling (any year 0000-9999), or a superjson Date of any year, is recorded, never
// refused.
//
// After each procedure, every query of its shop reads back what it stored. Time zones and
// currencies are tried as the shop's settings: every name Intl lists plus aliases Intl and
// PostgreSQL disagree on, each followed by the reports that read it and a naive clock (§7).
//
// Seeded: the seed is in the test's name and FUZZ_SEED=<seed> replays the run. A fixed sweep
// (every listed value in every field, as fast-check examples) runs first, then
// BOUNDARY_FUZZ_RUNS random runs per procedure (default 1: about 50 s of CPU, 60-80 s on a
// busy 2-core machine); 20 or more also reads a naive clock in every zone and tries every
// zone name PostgreSQL knows. BOUNDARY_FUZZ_REPORT=<file> writes every finding as JSON, with
// its input and the server's log line.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";

import { restRouter } from "@tillsync/api";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import type { ApiServer } from "../src/server";
import { createLogger } from "../src/logger";
import { AUTH_CONFIG, cookiesOf, WEB_ORIGIN } from "./auth-client";
import { shaped, type JsonSchema } from "./fuzz/arbitraries";
import {
  BOOLEAN_BOUNDARIES,
  CURRENCY_BOUNDARIES,
  DATE_EXAMPLES,
  DATE_PARTNERS,
  DATE_RANGES,
  DECIMAL_BOUNDARIES,
  DECIMAL_MAXIMA,
  EMAIL_BOUNDARIES,
  encodeJson,
  enumBoundaries,
  fieldsOf,
  hasSuperjsonDate,
  INSTANT_EXAMPLES,
  instantBoundary,
  JSON_BOUNDARIES,
  integerBoundaries,
  partnerDate,
  RawNumber,
  substitute,
  superjsonDates,
  superjsonEnvelope,
  textBoundaries,
  TIME_ZONE_ALIASES,
  UUID_BOUNDARIES,
  type Boundary,
  type Exclusive,
  type Field,
} from "./fuzz/boundary-values";
import {
  batches,
  inputSchema,
  NODE_MAX_HEADER_BYTES,
  openShop,
  outcomes,
  paths,
  procedures,
  valid,
  type Call,
  type FuzzedShop,
  type Seed,
} from "./fuzz/harness";
import { listen, stop } from "./server";

const RUNS = Number(process.env.BOUNDARY_FUZZ_RUNS ?? 1);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Cases per fast-check run (one or a few HTTP batches). */
const CASES_PER_RUN = 60;
const REPORT = process.env.BOUNDARY_FUZZ_REPORT;

const restProcedures = restRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
/** Where the REST endpoints are, and how they take their input. */
const REST_ROUTES: Record<string, { method: "GET" | "POST"; url: string }> = {
  createSale: { method: "POST", url: "/api/sales/" },
  salesAnalytics: { method: "GET", url: "/api/sales/analytics/" },
};
const TRPC_EXCLUSIVE: Exclusive = [["productId", "product"]];
const REST_EXCLUSIVE: Exclusive = [["product", "product_data"]];
const CLOCK_FIELDS = new Set(["clientTimestamp", "client_timestamp"]);
const SALE_PROCEDURES = new Set(["sale.create", "sale.sync", "REST createSale"]);

/** A boundary value put in one field. */
interface Substitution {
  field: Field;
  boundary: Boundary;
}
/** One call to make: a valid input with one to three boundary values in it. */
interface CaseSpec {
  base: unknown;
  subs: Substitution[];
}
/** What was wrong with an answer: a 5xx (or no answer), or a §7 clock refused. */
interface Finding {
  kind: "5xx" | "§7 clock refused";
  procedure: string;
  fields: string;
  value: string;
  status: number;
  detail: string;
  log?: string;
  input: string;
}

const fieldName = (field: Field) => field.path.join(".");

/** The name of the input schema of every tRPC procedure and REST endpoint, once. */
const schemas = new Map<string, JsonSchema | undefined>([
  ...paths.map((path) => [path, inputSchema(path)] as const),
  ...Object.keys(REST_ROUTES).map((name) => [`REST ${name}`, inputSchema(name, restProcedures)] as const),
]);
/** sale.sync's sales are z.custom (each is checked on its own): fuzzed as sale.create's input. */
const expand = (path: string[]) => (path.join(".") === "sales.*" ? schemas.get("sale.create") : undefined);
const fieldsByProcedure = new Map([...schemas].map(([name, schema]) => [name, schema ? fieldsOf(schema, expand) : []]));
const everyEnumValue = [
  ...new Set([...fieldsByProcedure.values()].flat().flatMap((field) => (field.kind === "enum" ? (field.schema.enum ?? []).map(String) : []))),
];

/** The values tried in a field: the fixed list (swept in full) and the arbitrary random runs draw from. */
function boundariesOf(field: Field, rest: boolean): { fixed: Boundary[]; arbitrary: fc.Arbitrary<Boundary> } {
  const list = (fixed: Boundary[]) => ({ fixed, arbitrary: fc.constantFrom(...fixed) });
  const tRPCOnly = (boundaries: Boundary[]) => (rest ? boundaries.filter((b) => !hasSuperjsonDate(b.value)) : boundaries);
  switch (field.kind) {
    case "instant": {
      const fixed = tRPCOnly([...INSTANT_EXAMPLES, ...superjsonDates]);
      return { fixed, arbitrary: instantBoundary.filter((b) => !rest || !hasSuperjsonDate(b.value)) };
    }
    case "date":
      return list(tRPCOnly([...DATE_EXAMPLES.map((value) => ({ value, label: `date "${value}"` })), ...superjsonDates.slice(0, 6)]));
    case "integer":
      return list(integerBoundaries(field.schema));
    case "decimal":
      return list(DECIMAL_BOUNDARIES);
    case "enum":
      return list(enumBoundaries(field.schema, everyEnumValue));
    case "timeZone":
      // Each name Intl and PostgreSQL know is tried with what reads it in "shop settings" below.
      return list(TIME_ZONE_ALIASES.map((value) => ({ value, label: `time zone "${value}"` })));
    case "currency":
      return list(CURRENCY_BOUNDARIES);
    case "uuid":
      return list(UUID_BOUNDARIES);
    case "email":
      return list(EMAIL_BOUNDARIES);
    case "boolean":
      return list(BOOLEAN_BOUNDARIES);
    case "text":
      return list(textBoundaries(field.schema));
    case "json":
      return list(JSON_BOUNDARIES);
  }
}

/**
 * `base` with the substitutions made, keeping the rest valid: a date range's other end
 * moves with the date, an inline product that gets a stock field is made non-volatile.
 */
function build(spec: CaseSpec, exclusive: Exclusive): unknown {
  // Bases are reused across the sweep: each call is a sale of its own, not a retry.
  let input = freshKeys(spec.base, new Set(spec.subs.map((s) => String(s.field.path.at(-1)))));
  for (const { field, boundary } of spec.subs) {
    const key = String(field.path.at(-1));
    const parent = field.path.slice(0, -1);
    const next = substitute(input, field.path, boundary.value, exclusive);
    if (next === undefined) continue;
    input = next;
    const partner = DATE_PARTNERS[key];
    const sameDay = partnerDate(boundary.value);
    if (partner && sameDay && !spec.subs.some((s) => String(s.field.path.at(-1)) === partner))
      input = substitute(input, [...parent, partner], sameDay, exclusive) ?? input;
    if (/^(reorderLevel|reorder_level|initialStock)$/.test(key)) {
      const flag = key === "reorder_level" ? "is_volatile" : "isVolatile";
      input = substitute(input, [...parent, flag], false, exclusive) ?? input;
    }
  }
  return input;
}

/** `input` with a new UUID under every externalId key (but those in `kept`). */
function freshKeys(input: unknown, kept: Set<string>): unknown {
  if (Array.isArray(input)) return input.map((element) => freshKeys(element, kept));
  if (typeof input !== "object" || input === null || input instanceof RawNumber) return input;
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => [
      key,
      /^external_?[iI]d$/.test(key) && typeof value === "string" && !kept.has(key) ? randomUUID() : freshKeys(value, kept),
    ]),
  );
}

/** The fixed sweep of a procedure: every listed value in every field, every edge range, and every decimal at its maximum together (500 lines of it). */
function sweep(name: string, bases: unknown[], rest: boolean): CaseSpec[] {
  const fields = fieldsByProcedure.get(name)!;
  let n = 0;
  const base = () => bases[n++ % bases.length];
  const specs: CaseSpec[] = fields.flatMap((field) => boundariesOf(field, rest).fixed.map((boundary) => ({ base: base(), subs: [{ field, boundary }] })));
  const dateFields = fields.filter((field) => field.kind === "date");
  const start = dateFields.find((field) => /^start_?[dD]ate$/.test(String(field.path.at(-1))));
  const end = dateFields.find((field) => /^end_?[dD]ate$/.test(String(field.path.at(-1))));
  if (start && end) {
    for (const [from, to] of DATE_RANGES) {
      specs.push({
        base: base(),
        subs: [
          { field: start, boundary: { value: from, label: `range ${from}..${to}` } },
          { field: end, boundary: { value: to, label: `range ${from}..${to}` } },
        ],
      });
    }
  }
  const decimals = fields.filter((field) => field.kind === "decimal");
  if (decimals.length > 0) {
    for (const max of DECIMAL_MAXIMA) {
      const subs = decimals.map((field) => ({ field, boundary: { value: max, label: `every decimal ${max}` } }));
      specs.push({ base: base(), subs });
      // The same in 500 lines: a total no column holds.
      const lines = fields.find((field) => field.path.at(-1) === "*" || field.path.includes("*"));
      if (lines) {
        const itemsPath = lines.path.slice(0, lines.path.indexOf("*"));
        if (String(itemsPath.at(-1)) === "items")
          specs.push({
            base: fillItems(base(), itemsPath),
            subs: subs.map((s) => ({ ...s, boundary: { ...s.boundary, label: `${s.boundary.label}, 500 lines` } })),
          });
      }
    }
  }
  return specs;
}

/** `input` with the array at `itemsPath` (its first "*" level) made 500 copies of its first element. */
function fillItems(input: unknown, itemsPath: string[]): unknown {
  if (itemsPath.length === 0) return Array.isArray(input) && input.length > 0 ? Array(500).fill(input[0]) : input;
  const [head, ...rest] = itemsPath;
  if (head === "*") return Array.isArray(input) && input.length > 0 ? [fillItems(input[0], rest), ...input.slice(1)] : input;
  if (typeof input !== "object" || input === null) return input;
  return { ...input, [head!]: fillItems((input as Record<string, unknown>)[head!], rest) };
}

/** Random cases: mostly one field, now and then two or three at once. */
function randomCases(name: string, base: fc.Arbitrary<unknown>, rest: boolean): fc.Arbitrary<CaseSpec> {
  const fields = fieldsByProcedure.get(name)!;
  const substitution = fc.constantFrom(...fields).chain((field) => boundariesOf(field, rest).arbitrary.map((boundary): Substitution => ({ field, boundary })));
  const subs = fc.oneof(
    { weight: 6, arbitrary: fc.array(substitution, { minLength: 1, maxLength: 1 }) },
    fc.array(substitution, { minLength: 2, maxLength: 3 }),
  );
  return fc.record({ base, subs });
}

/** A REST body or query made from a valid tRPC input of the same procedure. */
function restBase(name: string, seed: Seed): fc.Arbitrary<unknown> {
  if (name === "createSale") {
    return valid["sale.create"]!.input(seed).map((input: any) => ({
      external_id: input.externalId,
      source_device: input.sourceDevice,
      client_timestamp: input.clientTimestamp,
      items: input.items.map((item: any) =>
        item.product
          ? {
              product_data: { name: item.product.name, is_volatile: item.product.isVolatile, unit_price: item.product.unitPrice },
              quantity: item.quantity,
              unit_price: item.unitPrice,
            }
          : { product: item.productId, quantity: item.quantity, unit_price: item.unitPrice },
      ),
    }));
  }
  return valid["analytics.byProduct"]!.input(seed).map((input: any) => ({
    product_id: input.productId,
    start_date: input.startDate,
    end_date: input.endDate,
    period: input.period,
  }));
}

/** A query-string value as a client would write it. */
const queryText = (value: unknown) => (value instanceof RawNumber ? value.text : typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

const describeSubs = (subs: Substitution[]) => ({
  fields: subs.map((s) => fieldName(s.field)).join(" + "),
  value: [...new Set(subs.map((s) => s.boundary.label))].join(" + "),
});
const clip = (text: string, length = 400) => (text.length > length ? `${text.slice(0, length)}… (${text.length} chars)` : text);

describe(`boundary fuzz of every procedure (seed ${SEED}, ${RUNS} random runs each)`, () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  /** The server's error and warning lines, by request id: what a 5xx is reported with. */
  const logLines = new Map<string, string[]>();
  const findings: Finding[] = [];
  const tally = new Map<string, { calls: number; ok: number; refused: number; serverErrors: number }>();
  let signUps = 0;

  const count = (procedure: string, status: number) => {
    const counts = tally.get(procedure) ?? { calls: 0, ok: 0, refused: 0, serverErrors: 0 };
    counts.calls++;
    if (status >= 200 && status < 300) counts.ok++;
    else if (status >= 400 && status < 500) counts.refused++;
    else counts.serverErrors++;
    tally.set(procedure, counts);
  };
  /** The server's lines for a request, those of `procedure` first (a batch's calls share its request id). */
  const logOf = (requestId: string | undefined, procedure: string) => {
    const lines = requestId ? (logLines.get(requestId) ?? []) : [];
    const own = lines.filter((line) => line.startsWith(`${procedure.replace(/^REST /, "")}:`));
    return lines.length > 0 ? [...own, ...lines.filter((line) => !own.includes(line))].join(" | ") : undefined;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 16 });
    const logger = createLogger("warn", {
      write(line: string) {
        const entry = JSON.parse(line) as {
          requestId?: string;
          msg?: string;
          path?: string;
          err?: { type?: string; message?: string; code?: string; meta?: any };
        };
        if (!entry.requestId) return;
        const cause = entry.err?.meta?.driverAdapterError?.cause;
        const sqlState = cause?.originalCode ?? entry.err?.code;
        const text = `${entry.path ?? ""}: ${entry.msg}: ${entry.err?.type ?? ""} ${sqlState ? `[${sqlState}] ` : ""}${clip((cause?.originalMessage ?? entry.err?.message ?? "").trim().split("\n").at(-1) ?? "", 300)}`;
        logLines.set(entry.requestId, [...(logLines.get(entry.requestId) ?? []), text]);
      },
    });
    // As behind a proxy on this host, so that each shop's sign-up counts as its own client.
    ({ server, base } = await listen(db, { ...AUTH_CONFIG, TRUSTED_PROXIES: ["127.0.0.1/32"], RATE_LIMIT_API_KEY: 0, RATE_LIMIT_USER: 0 }, { logger }));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
    if (REPORT) writeFileSync(REPORT, JSON.stringify({ seed: SEED, runs: RUNS, tally: Object.fromEntries(tally), findings }, null, 2));
  });

  /** Sends tRPC calls of one procedure as batches; resolves to each call's status, appCode and answer entry. */
  async function trpc(shop: FuzzedShop, path: string, inputs: unknown[]) {
    const method = procedures[path]!._def.type === "query" ? "GET" : "POST";
    const calls: Call[] = inputs.map((input) => ({ kind: "shaped", body: superjsonEnvelope(input) }));
    const answers = new Map<Call, { status: number; appCode?: string | null; entry: any; requestId?: string; wholeBatch?: number }>();
    for (const batch of batches(path, method, calls)) {
      const target = `${base}/trpc/${Array(batch.length).fill(path).join(",")}?batch=1`;
      const text = encodeJson(Object.fromEntries(batch.map((call, n) => [n, call.body])));
      const headers = { origin: WEB_ORIGIN, cookie: shop.cookie, "content-type": "application/json" };
      const url = method === "GET" ? `${target}&input=${encodeURIComponent(text)}` : target;
      const answer = await fetch(url, method === "GET" ? { headers } : { method: "POST", headers, body: text }).then(
        async (res) => ({ status: res.status, text: await res.text(), requestId: res.headers.get("x-request-id") ?? undefined }),
        (error: unknown) => {
          // Node refuses a request line past its 16 KB header limit (431) and may close the
          // connection before the client reads that answer. Any other failure is the server's.
          if (url.length > NODE_MAX_HEADER_BYTES) return { status: 431, text: "", requestId: undefined };
          return { status: 0, text: String(error), requestId: undefined };
        },
      );
      const results = outcomes(answer.status, answer.text, batch.length);
      let entries: any[] = [];
      try {
        const parsed = JSON.parse(answer.text);
        entries = Array.isArray(parsed) ? parsed : [];
      } catch {
        // Not JSON (431 from Node, a network failure): the status says it all.
      }
      // An answer that is not one entry per call failed the batch as a whole: every call of it is told so.
      const wholeBatch = entries.length === 0 && batch.length > 1 ? batch.length : undefined;
      batch.forEach((call, n) =>
        answers.set(call, {
          ...results[n]!,
          entry: entries[n] ?? answer.text,
          requestId: entries[n]?.error?.json?.data?.requestId ?? answer.requestId,
          wholeBatch,
        }),
      );
    }
    return calls.map((call) => answers.get(call)!);
  }

  /** Records a 5xx, or a sale refused for a clock §7 says must be recorded. */
  function judge(
    procedure: string,
    spec: CaseSpec,
    input: unknown,
    status: number,
    entry: unknown,
    requestId: string | undefined,
    saleResults?: { status: string; error?: unknown }[],
  ) {
    count(procedure, status);
    const { fields, value } = describeSubs(spec.subs);
    const shown = clip(encodeJson(input), 600);
    if (status >= 500 || status === 0) {
      findings.push({
        kind: "5xx",
        procedure,
        fields,
        value,
        status,
        detail: clip(typeof entry === "string" ? entry : JSON.stringify(entry)),
        log: logOf(requestId, procedure),
        input: shown,
      });
      return;
    }
    // §7: only where the clock is the one value changed, so nothing else can be the reason.
    const [only] = spec.subs;
    if (spec.subs.length !== 1 || !only!.boundary.mustRecord || !CLOCK_FIELDS.has(String(only!.field.path.at(-1))) || !SALE_PROCEDURES.has(procedure)) return;
    const rejected = saleResults?.filter((result) => result.status === "rejected") ?? [];
    if (status >= 400 || rejected.length > 0) {
      const detail =
        rejected.length > 0 ? JSON.stringify(rejected[0]!.error) : typeof entry === "string" ? entry : JSON.stringify((entry as any)?.error?.json ?? entry);
      findings.push({ kind: "§7 clock refused", procedure, fields, value, status, detail: clip(detail), input: shown });
    }
  }

  async function fuzzProcedure(path: string) {
    const shop = await openShop(db, base, `boundary ${path}`);
    const fields = fieldsByProcedure.get(path)!;
    if (fields.length === 0) {
      // No input: what it reads is the seeded shop; it must answer.
      const [answer] = await trpc(shop, path, [undefined]);
      judge(path, { base: undefined, subs: [] }, undefined, answer!.status, answer!.entry, answer!.requestId);
      return;
    }
    // A procedure not yet in the table of valid inputs (fuzz.test.ts fails for it) is still
    // fuzzed here, on inputs shaped by its schema.
    const baseArbitrary = valid[path]?.input(shop.seed) ?? shaped(schemas.get(path)!, shop.hints);
    const bases = fc.sample(baseArbitrary, { seed: SEED, numRuns: 50 });
    const fixed = sweep(path, bases, false);
    const examples = Array.from(
      { length: Math.ceil(fixed.length / CASES_PER_RUN) },
      (_, n) => [fixed.slice(n * CASES_PER_RUN, (n + 1) * CASES_PER_RUN)] as [CaseSpec[]],
    );
    await fc.assert(
      fc.asyncProperty(fc.array(randomCases(path, baseArbitrary, false), { minLength: CASES_PER_RUN, maxLength: CASES_PER_RUN }), async (specs) => {
        const inputs = specs.map((spec) => build(spec, TRPC_EXCLUSIVE));
        const answers = await trpc(shop, path, inputs);
        specs.forEach((spec, n) => {
          const { status, entry, requestId, wholeBatch } = answers[n]!;
          const results = path === "sale.sync" && status === 200 ? (entry?.result?.data?.json?.results as { status: string }[]) : undefined;
          judge(
            path,
            spec,
            inputs[n],
            status,
            wholeBatch ? `(the whole batch of ${wholeBatch} failed) ${typeof entry === "string" ? entry : JSON.stringify(entry)}` : entry,
            requestId,
            results,
          );
        });
      }),
      { seed: SEED, numRuns: RUNS + examples.length, examples },
    );
    await readBack(shop, path);
  }

  /**
   * What the fuzzing of `path` stored (names, prices, stock, clocks, discarded payloads) read
   * back by every query of the shop, in one GET batch: a value stored is one every reader
   * of it can answer with. Reports over the last years and the 1970s, where clocks land.
   */
  async function readBack(shop: FuzzedShop, path: string) {
    const queries = paths.filter((query) => procedures[query]!._def.type === "query");
    const reads: [string, unknown][] = queries.flatMap((query): [string, unknown][] => {
      const input = valid[query] ? fc.sample(valid[query].input(shop.seed), { seed: SEED, numRuns: 1 })[0] : schemas.get(query) ? {} : undefined;
      if (!query.startsWith("analytics.") && query !== "sale.list") return [[query, input]];
      return [
        ["2020-01-01", "2029-12-30"],
        ["1970-01-01", "1979-12-31"],
      ].map(([startDate, endDate]) => [query, { ...(input as object), startDate, endDate }]);
    });
    const url = `${base}/trpc/${reads.map(([query]) => query).join(",")}?batch=1&input=${encodeURIComponent(encodeJson(Object.fromEntries(reads.map(([, input], n) => [n, { json: input }]))))}`;
    const res = await fetch(url, { headers: { origin: WEB_ORIGIN, cookie: shop.cookie } });
    const text = await res.text();
    const answers = outcomes(res.status, text, reads.length);
    let entries: any[] = [];
    try {
      entries = JSON.parse(text);
    } catch {
      // Not JSON: the statuses say it all.
    }
    // When one read cannot be answered the batch fails as a whole: each read is then asked alone, to name the one.
    if (!Array.isArray(entries)) {
      for (const [query, input] of reads) {
        const [answer] = await trpc(shop, query, [input]);
        judge(query, readBackSpec(path), input, answer!.status, answer!.entry, answer!.requestId);
      }
      return;
    }
    const spec = readBackSpec(path);
    reads.forEach(([query, input], n) =>
      judge(
        query,
        spec,
        input,
        answers[n]!.status,
        entries[n] ?? text,
        entries[n]?.error?.json?.data?.requestId ?? res.headers.get("x-request-id") ?? undefined,
      ),
    );
  }

  const readBackSpec = (path: string): CaseSpec => ({
    base: undefined,
    subs: [{ field: { path: [`(read back after fuzzing ${path})`], kind: "text", schema: {} }, boundary: { value: path, label: `what ${path} stored` } }],
  });

  async function fuzzRest(name: string, shop: FuzzedShop) {
    const route = REST_ROUTES[name]!;
    const procedure = `REST ${name}`;
    const baseArbitrary = restBase(name, shop.seed);
    const fixed = sweep(procedure, fc.sample(baseArbitrary, { seed: SEED, numRuns: 50 }), true);
    const examples = Array.from(
      { length: Math.ceil(fixed.length / CASES_PER_RUN) },
      (_, n) => [fixed.slice(n * CASES_PER_RUN, (n + 1) * CASES_PER_RUN)] as [CaseSpec[]],
    );
    const headers = { authorization: `Bearer ${shop.restKey}`, "content-type": "application/json" };
    const send = async (input: unknown) => {
      const url =
        route.method === "GET"
          ? `${base}${route.url}?${new URLSearchParams(Object.entries(input as object).flatMap(([key, value]) => (value === undefined ? [] : [[key, queryText(value)] as [string, string]]))).toString()}`
          : `${base}${route.url}`;
      return fetch(url, route.method === "GET" ? { headers } : { method: "POST", headers, body: encodeJson(input) }).then(
        async (res) => ({ status: res.status, text: await res.text() }),
        (error: unknown) => (url.length > NODE_MAX_HEADER_BYTES ? { status: 431, text: "" } : { status: 0, text: String(error) }),
      );
    };
    await fc.assert(
      fc.asyncProperty(fc.array(randomCases(procedure, baseArbitrary, true), { minLength: CASES_PER_RUN, maxLength: CASES_PER_RUN }), async (specs) => {
        const queue = specs.map((spec) => ({ spec, input: build(spec, REST_EXCLUSIVE) }));
        await Promise.all(
          Array.from({ length: 4 }, async () => {
            for (let next = queue.shift(); next; next = queue.shift()) {
              const { status, text } = await send(next.input);
              let body: any = text;
              try {
                body = JSON.parse(text);
              } catch {
                // Not JSON: kept as text for the report.
              }
              judge(procedure, next.spec, next.input, status, body, body?.requestId);
            }
          }),
        );
      }),
      { seed: SEED, numRuns: RUNS + examples.length, examples },
    );
    await readBack(shop, procedure);
  }

  it(`${paths.length} procedures and ${Object.keys(REST_ROUTES).length} REST endpoints: every boundary value answered 2xx or 4xx, never 5xx`, async ({
    annotate,
  }) => {
    const started = Date.now();
    const from = findings.length;
    const restShop = await openShop(db, base, "boundary REST");
    const seconds: Record<string, number> = {};
    const timed = (name: string, job: () => Promise<void>) => async () => {
      const began = Date.now();
      await job();
      seconds[name] = (Date.now() - began) / 1000;
    };
    const jobs = [
      ...paths.map((path) => timed(path, () => fuzzProcedure(path))),
      ...Object.keys(REST_ROUTES).map((name) => timed(name, () => fuzzRest(name, restShop))),
    ];
    const workers = await Promise.allSettled(
      Array.from({ length: 6 }, async () => {
        for (let job = jobs.shift(); job; job = jobs.shift()) await job();
      }),
    );
    // Every worker has stopped before a failure is reported, so none is left calling a closed server.
    for (const worker of workers) if (worker.status === "rejected") throw worker.reason;
    const calls = [...tally.values()].reduce((sum, counts) => sum + counts.calls, 0);
    await annotate(
      `${calls} calls in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}): ${JSON.stringify(Object.fromEntries(tally))}; seconds: ${JSON.stringify(seconds)}`,
    );
    for (const path of paths) expect(tally.get(path)?.calls ?? 0, path).toBeGreaterThan(0);
    expect(serverErrors(from), `seed ${SEED}`).toEqual([]);
  }, 600_000);

  /** 5xx findings from the `from`th on, one line per procedure, field and fault (the first input that showed it). */
  function serverErrors(from: number) {
    const seen = new Map<string, string>();
    for (const finding of findings.slice(from)) {
      if (finding.kind !== "5xx") continue;
      // One line per fault, whatever value showed it: quoted values are left out of the key.
      const fields = finding.detail.startsWith("(the whole batch") ? "(a whole batch)" : finding.fields;
      const fault = `${finding.procedure} ${fields}: ${(finding.log ?? finding.detail.slice(0, 120)).split(" | ")[0]!.replace(/"[^"]*"/g, '"…"')}`;
      if (!seen.has(fault)) seen.set(fault, `${finding.status} for ${finding.value} — ${finding.input}`);
    }
    return [...seen].map(([fault, example]) => `${fault}\n    e.g. ${example}`);
  }

  it("time zones and currencies every shop may be set to: the reports, lists and sales that read them answer 2xx or 4xx", async () => {
    const from = findings.length;
    const pgNames = (await db.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM pg_timezone_names`).map((row) => row.name);
    const intlNames = Intl.supportedValuesOf("timeZone");
    const knownToPg = new Set(pgNames.map((name) => name.toLowerCase()));
    const intlAccepts = (name: string) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: name });
        return true;
      } catch {
        return false;
      }
    };
    // Every name Intl lists and every alias; in a long run also PostgreSQL's own that Intl
    // accepts (the others are refused before anything reads them).
    const pgOnly = pgNames.filter((name) => !intlNames.includes(name) && intlAccepts(name));
    const zones = [...new Set([...TIME_ZONE_ALIASES, ...intlNames, ...(RUNS >= 20 ? pgOnly : [])])];
    const settings = [...zones.map((timezone) => ({ timezone })), ...CURRENCY_BOUNDARIES.map(({ value }) => ({ currency: value }))];
    // The zones a naive clock is read in: every one in a long run, else the aliases and a seeded hundred.
    const clockZones = new Set(
      RUNS >= 20
        ? zones
        : [...TIME_ZONE_ALIASES, ...fc.sample(fc.shuffledSubarray(intlNames, { minLength: 100, maxLength: 100 }), { seed: SEED, numRuns: 1 })[0]!],
    );

    const shops = await Promise.all(Array.from({ length: 6 }, (_, n) => openShop(db, base, `boundary settings ${n}`)));
    const probe = async (shop: FuzzedShop, setting: Record<string, unknown>) => {
      const label = JSON.stringify(setting);
      const spec: CaseSpec = { base: setting, subs: [] };
      const subs = (name: string) => ({
        ...spec,
        subs: [{ field: { path: [name], kind: "timeZone" as const, schema: {} }, boundary: { value: setting, label } }],
      });
      const [update] = await trpc(shop, "shop.update", [setting]);
      judge("shop.update", subs(Object.keys(setting)[0]!), setting, update!.status, update!.entry, update!.requestId);
      if (update!.status !== 200) return;
      // A name PostgreSQL knows (it compares names case-insensitively) cannot fail a report
      // by its name: those get the naive clock only (in `clockZones`), the others every reader too.
      const name = setting.timezone;
      if (typeof name !== "string" || !knownToPg.has(name.toLowerCase())) await readAll(shop, label);
      else if (!clockZones.has(name)) return;
      // A naive clock is read in the shop's time zone (§7), here in the spring-forward gap of many zones.
      const clock = "2026-03-29T02:30:00";
      const input = { externalId: randomUUID(), clientTimestamp: clock, items: [{ productId: shop.seed.products[0]!, quantity: "1" }] };
      const [answer] = await trpc(shop, "sale.create", [input]);
      const clockSpec: CaseSpec = {
        base: input,
        subs: [
          {
            field: { path: ["clientTimestamp"], kind: "instant", schema: {} },
            boundary: { value: clock, label: `clock "${clock}" in a shop set to ${label}`, mustRecord: true },
          },
        ],
      };
      judge("sale.create", clockSpec, input, answer!.status, answer!.entry, answer!.requestId);
    };
    /** The reports and lists that read the shop's time zone and currency, in one GET batch, and the REST report. */
    const readAll = async (shop: FuzzedShop, label: string) => {
      const subs = (name: string): CaseSpec => ({
        base: undefined,
        subs: [{ field: { path: [name], kind: "timeZone", schema: {} }, boundary: { value: label, label } }],
      });
      const range = { startDate: "2026-03-01", endDate: "2026-04-30" };
      const product = shop.seed.products[0]!;
      const reads: [string, unknown][] = [
        ["analytics.summary", range],
        ["analytics.byProduct", { ...range, productId: product, period: "weekly" }],
        ["analytics.byProduct", { ...range, productId: product, period: "monthly" }],
        ["sale.list", { ...range, limit: 5 }],
        ["shop.current", undefined],
      ];
      // One GET batch of the reads, so a shop setting costs three requests.
      const url = `${base}/trpc/${reads.map(([path]) => path).join(",")}?batch=1&input=${encodeURIComponent(encodeJson(Object.fromEntries(reads.map(([, input], n) => [n, { json: input }]))))}`;
      const res = await fetch(url, { headers: { origin: WEB_ORIGIN, cookie: shop.cookie } });
      const text = await res.text();
      const answers = outcomes(res.status, text, reads.length);
      let entries: any[] = [];
      try {
        entries = JSON.parse(text);
      } catch {
        // Not JSON: the statuses say it all.
      }
      reads.forEach(([path, input], n) =>
        judge(
          path,
          subs(`(after shop.update ${label})`),
          input,
          answers[n]!.status,
          entries[n] ?? text,
          entries[n]?.error?.json?.data?.requestId ?? res.headers.get("x-request-id") ?? undefined,
        ),
      );
      const query = new URLSearchParams({ product_id: String(product), start_date: range.startDate, end_date: range.endDate, period: "daily" });
      const rest = await fetch(`${base}/api/sales/analytics/?${query.toString()}`, { headers: { authorization: `Bearer ${shop.restKey}` } });
      judge(
        "REST salesAnalytics",
        subs(`(after shop.update ${label})`),
        Object.fromEntries(query),
        rest.status,
        await rest.text(),
        rest.headers.get("x-request-id") ?? undefined,
      );
    };
    const queue = [...settings];
    await Promise.all(
      shops.map(async (shop) => {
        for (let setting = queue.shift(); setting; setting = queue.shift()) await probe(shop, setting);
      }),
    );

    // A shop signed up with a time zone or currency at the edge: its first report reads it.
    const intlButNotPg = intlNames.filter((name) => !knownToPg.has(name.toLowerCase()));
    const signUpSettings = [
      ...intlButNotPg.slice(0, 10).map((timezone) => ({ timezone })),
      ...["US/Pacific-New", "Etc/GMT-14", "EST5EDT", "+05:30", "utc"].map((timezone) => ({ timezone })),
      ...["XXX", "eur", "ZZZ"].map((currency) => ({ currency })),
    ];
    for (const setting of signUpSettings) {
      const label = `sign-up with ${JSON.stringify(setting)}`;
      const spec: CaseSpec = {
        base: setting,
        subs: [{ field: { path: [Object.keys(setting)[0]!], kind: "timeZone", schema: {} }, boundary: { value: setting, label } }],
      };
      const signUp = await fetch(`${base}/api/auth/sign-up/shop`, {
        method: "POST",
        headers: { origin: WEB_ORIGIN, "content-type": "application/json", "x-forwarded-for": `203.0.113.${++signUps}` },
        body: JSON.stringify({ shopName: "Edge", name: "Olga", email: `owner-${randomUUID()}@fuzz.example`, password: "olga's long password", ...setting }),
      });
      judge("sign-up", spec, setting, signUp.status, await signUp.text(), signUp.headers.get("x-request-id") ?? undefined);
      if (signUp.status !== 200) continue;
      const summary = await fetch(
        `${base}/trpc/analytics.summary?input=${encodeURIComponent(JSON.stringify({ json: { startDate: "2026-03-01", endDate: "2026-04-30" } }))}`,
        {
          headers: { origin: WEB_ORIGIN, cookie: cookiesOf(signUp) },
        },
      );
      judge(
        "analytics.summary",
        { ...spec, subs: spec.subs.map((s) => ({ ...s, boundary: { ...s.boundary, label: `after ${label}` } })) },
        {},
        summary.status,
        await summary.text(),
        summary.headers.get("x-request-id") ?? undefined,
      );
    }
    expect(serverErrors(from), `seed ${SEED}`).toEqual([]);
  }, 600_000);

  it("§7: a sale whose clock is in an accepted spelling (any year 0000-9999) or a superjson Date of any year is recorded, never refused", () => {
    const refused = findings.filter((finding) => finding.kind === "§7 clock refused");
    const byProcedure = new Map<string, string[]>();
    for (const finding of refused)
      byProcedure.set(finding.procedure, [
        ...(byProcedure.get(finding.procedure) ?? []),
        `${finding.value} → ${finding.status} ${finding.detail.slice(0, 160)}`,
      ]);
    expect(Object.fromEntries([...byProcedure].map(([procedure, lines]) => [procedure, [...new Set(lines)].slice(0, 40)])), `seed ${SEED}`).toEqual({});
  });
});
