// Property-based fuzzing of every procedure through the whole HTTP stack (issue 9): for
// each procedure in appRouter, FUZZ_RUNS generated inputs (hostile JSON, inputs shaped by
// its schema, and valid ones naming real rows) sent as tRPC HTTP batches, queries by GET
// and mutations by POST (and now and then the wrong method), plus a tenth as many to the
// REST endpoints. Not one answer may be a 5xx, and every valid input must succeed. A new
// procedure is fuzzed without any change here, and the test fails until it has an entry
// in `valid` (fuzz/harness.ts, shared with the boundary fuzz). Seeded: a failure names its seed, and FUZZ_SEED=<seed> replays the run.
// `pnpm test` (and so CI) runs a slice of 2,000 inputs per procedure (about 1.5 minutes on a
// 2-core machine, ~1.2 ms of CPU per call, generation included) with a new seed each run;
// `pnpm fuzz` runs the full 10,000 (about 7 minutes); FUZZ_RUNS=300 is a quick local run.

import { restRouter } from "@tillsync/api";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import type { ApiServer } from "../src/server";
import { AUTH_CONFIG, WEB_ORIGIN } from "./auth-client";
import { hostileJson, shaped } from "./fuzz/arbitraries";
import { batches, inputSchema, NODE_MAX_HEADER_BYTES, openShop, outcomes, paths, procedures, valid, type Call, type FuzzedShop } from "./fuzz/harness";
import { listen, stop } from "./server";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
/** REST calls go one per request (no batching): a tenth as many. */
const REST_RUNS = Math.ceil(RUNS / 10);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** Calls per fast-check run; each run goes out as one or a few HTTP batches. */
const CALLS_PER_RUN = 100;

/** The superjson envelope: mostly { json }, sometimes with a hostile `meta`, sometimes missing. */
const envelope = (input: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 18, arbitrary: input.map((json) => (json === undefined ? {} : { json })) },
    { weight: 1, arbitrary: fc.tuple(input, hostileJson).map(([json, meta]) => ({ json, meta })) },
    { weight: 1, arbitrary: fc.tuple(input, fc.jsonValue({ maxDepth: 3 })).map(([json, values]) => ({ json, meta: { values } })) },
    { weight: 1, arbitrary: input },
  );

describe(`fuzzing every procedure over HTTP (seed ${SEED}, ${RUNS} inputs each)`, () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  /** A shop for the REST endpoints, whose own key they take (API keys only). */
  let restShop: FuzzedShop;

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 16 });
    // As behind a proxy on this host, so that each shop's sign-up counts as its own client.
    ({ server, base } = await listen(db, { ...AUTH_CONFIG, TRUSTED_PROXIES: ["127.0.0.1/32"], RATE_LIMIT_API_KEY: 0, RATE_LIMIT_USER: 0 }));
    restShop = await openShop(db, base, "REST");
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("every procedure has a valid input in this file's table", () => {
    expect(paths.filter((path) => !(path in valid))).toEqual([]);
  });

  it(`${paths.length} procedures × ${RUNS} inputs: no 5xx, and every valid input succeeds`, async ({ annotate }) => {
    const tally = Object.fromEntries(paths.map((path) => [path, { calls: 0, ok: 0, validOk: 0, serverErrors: 0, seconds: 0 }]));
    const fuzzOne = async (path: string) => {
      const { type } = procedures[path]!._def;
      const { cookie, seed, hints } = await openShop(db, base, path);
      const schema = inputSchema(path);
      const share = valid[path]!.share ?? 0.05;
      const validWeight = Math.round(share * 1000);
      const call: fc.Arbitrary<Call> = fc.oneof(
        { weight: 500, arbitrary: envelope(hostileJson).map((body) => ({ kind: "hostile" as const, body })) },
        { weight: 500 - validWeight, arbitrary: envelope(schema ? shaped(schema, hints) : hostileJson).map((body) => ({ kind: "shaped" as const, body })) },
        { weight: validWeight, arbitrary: valid[path]!.input(seed).map((json) => ({ kind: "valid" as const, body: json === undefined ? {} : { json } })) },
      );
      const rightMethod = type === "query" ? "GET" : "POST";
      const wrongMethod = type === "query" ? "POST" : "GET";
      const run = fc.tuple(
        fc.array(call, { minLength: CALLS_PER_RUN, maxLength: CALLS_PER_RUN }),
        fc.oneof({ weight: 19, arbitrary: fc.constant(rightMethod) }, fc.constant(wrongMethod)),
      );

      const began = Date.now();
      await fc.assert(
        fc.asyncProperty(run, async ([calls, method]) => {
          const failures: string[] = [];
          for (const batch of batches(path, method, calls)) {
            const target = `${base}/trpc/${Array(batch.length).fill(path).join(",")}?batch=1`;
            const inputs = Object.fromEntries(batch.map((c, n) => [n, c.body]));
            const headers = { origin: WEB_ORIGIN, cookie, "content-type": "application/json" };
            const url = method === "GET" ? `${target}&input=${encodeURIComponent(JSON.stringify(inputs))}` : target;
            const answer = await fetch(url, method === "GET" ? { headers } : { method: "POST", headers, body: JSON.stringify(inputs) }).then(
              async (res) => ({ status: res.status, text: await res.text() }),
              (error: unknown) => {
                // Node refuses a request line past its 16 KB header limit (431) and may close the
                // connection before the client reads that answer. Any other failure is the server's.
                if (url.length > NODE_MAX_HEADER_BYTES) return { status: 431, text: "" };
                throw error;
              },
            );
            const { status, text } = answer;
            if (status >= 500) failures.push(`HTTP ${status} for a batch of ${batch.length}: ${text.slice(0, 500)}`);
            const results = outcomes(status, text, batch.length);
            batch.forEach((c, n) => {
              const outcome = results[n] ?? { status: 0 };
              const counts = tally[path]!;
              counts.calls++;
              if (outcome.status === 200) counts.ok++;
              if (outcome.status >= 500 || outcome.status === 0) {
                counts.serverErrors++;
                failures.push(`${outcome.status} ${outcome.code} for ${method} ${JSON.stringify(c.body).slice(0, 300)}`);
              }
              if (c.kind === "valid" && method === rightMethod) {
                const accepted = outcome.status === 200 || (valid[path]!.refusals ?? []).includes(outcome.appCode ?? "");
                if (accepted) counts.validOk++;
                else failures.push(`valid input refused (${outcome.status} ${outcome.code} ${outcome.appCode}): ${JSON.stringify(c.body).slice(0, 300)}`);
              }
            });
          }
          if (failures.length > 0) throw new Error(`${path}:\n${failures.slice(0, 5).join("\n")}`);
        }),
        { seed: SEED, numRuns: Math.ceil(RUNS / CALLS_PER_RUN), endOnFailure: true },
      );
      tally[path]!.seconds = (Date.now() - began) / 1000;
    };

    const started = Date.now();
    // Several procedures at a time, so the server and the database are busy throughout.
    const queue = [...paths];
    const workers = await Promise.allSettled(
      Array.from({ length: 6 }, async () => {
        for (let path = queue.shift(); path; path = queue.shift()) await fuzzOne(path);
      }),
    );
    // Every worker has stopped before a failure is reported, so none is left calling a closed server.
    for (const worker of workers) if (worker.status === "rejected") throw worker.reason;
    const seconds = (Date.now() - started) / 1000;

    const calls = Object.values(tally).reduce((sum, counts) => sum + counts.calls, 0);
    await annotate(`${calls} calls in ${seconds.toFixed(1)} s (seed ${SEED}): ${JSON.stringify(tally)}`);
    for (const path of paths) {
      expect(tally[path]!.calls, path).toBeGreaterThanOrEqual(RUNS);
      expect(tally[path]!.serverErrors, path).toBe(0);
      // The valid share really reached the procedure and succeeded. A short run (FUZZ_RUNS=300)
      // may draw no valid input for a rare share (sale.sync's 1% expects 3): only checked
      // where at least 20 are expected, as at the full 10,000.
      if (RUNS * (valid[path]!.share ?? 0.05) >= 20) expect(tally[path]!.validOk, path).toBeGreaterThan(0);
    }
  }, 900_000);

  it(`REST: ${REST_RUNS} generated sale bodies and analytics queries, no 5xx`, async () => {
    const rest = restRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
    const bodies = fc.sample(fc.oneof(hostileJson, shaped(inputSchema("createSale", rest)!, restShop.hints)), { seed: SEED, numRuns: REST_RUNS });
    const queries = fc.sample(
      fc.oneof(
        shaped(inputSchema("salesAnalytics", rest)!, restShop.hints),
        fc.dictionary(fc.constantFrom("product_id", "start_date", "end_date", "period", "x"), hostileJson),
      ),
      { seed: SEED, numRuns: REST_RUNS },
    );
    const headers = { authorization: `Bearer ${restShop.restKey}`, "content-type": "application/json" };
    const requests = [
      ...bodies.map((body) => () => fetch(`${base}/api/sales/`, { method: "POST", headers, body: JSON.stringify(body) ?? "" })),
      ...queries.map((query) => () => {
        const params = new URLSearchParams(
          Object.entries(typeof query === "object" && query ? query : {}).map(
            ([key, value]) => [key, typeof value === "string" ? value : (JSON.stringify(value) ?? "")] as [string, string],
          ),
        );
        return fetch(`${base}/api/sales/analytics/?${params.toString()}`, { headers });
      }),
    ];
    const serverErrors: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let send = requests.shift(); send; send = requests.shift()) {
          const res = await send();
          const text = await res.text();
          if (res.status >= 500) serverErrors.push(`${res.status} ${res.url}: ${text.slice(0, 300)}`);
        }
      }),
    );
    expect(serverErrors, `seed ${SEED}`).toEqual([]);
  }, 300_000);
});
