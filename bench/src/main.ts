// `pnpm bench [write|replay|sync|analytics|tenders|catalogue|till|lighthouse ...] [--smoke] [--label=<name>]`: the benchmark suite (docs/benchmarks.md).
// Every figure is measured against the real server (apps/api, spawned as a child process)
// on a fresh PostgreSQL database, over HTTP with the real auth and tRPC stack.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

import { createScratchDatabase } from "@tillsync/db/testing";

import { byProductLoad, seedSales, sqlOnce } from "./analytics";
import { compareServers } from "./compare";
import { rawSqlBaseline } from "./baseline";
import { figuresOf, newRecorder, recordLoad, runLoad, type LoadFigures, type Recorder } from "./load";
import { pgbenchFloor } from "./pgbench";
import { buildServer, freePort, postgresCpuMs, postgresCpuSince, startServer, type RunningServer } from "./server";
import { benchDatabaseServer, bootstrapShop, sale } from "./setup";
import { cataloguePart } from "./catalogue";
import { tendersPart } from "./tenders";
import { tillConfig, tillPart } from "./till";
import { TrpcHttp } from "./trpc";

const PARTS = ["write", "replay", "sync", "analytics", "tenders", "catalogue", "till", "lighthouse"] as const;
type Part = (typeof PARTS)[number];

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const smoke = args.includes("--smoke");
// `compare <name>=<apps/api dir> …` is its own mode (compare.ts).
const comparing = args[0] === "compare";
const chosen = comparing ? [] : args.filter((arg) => !arg.startsWith("--"));
for (const part of chosen) if (!PARTS.includes(part as Part)) throw new Error(`Unknown part "${part}"; choose from ${PARTS.join(", ")}`);
const parts = new Set<Part>(chosen.length ? (chosen as Part[]) : PARTS);
if (parts.has("replay") || parts.has("sync")) parts.add("write");
// Lighthouse is a report (minutes per run), not part of the smoke. The till's slice needs a
// production build of apps/web (3-5 min on the 2-core machines) and then about 2 min: it runs
// when asked for (`pnpm bench till --smoke`), not in `pnpm test`, whose budget it would break.
if (smoke) parts.delete("lighthouse");
if (smoke && !chosen.includes("till")) parts.delete("till");

const config = smoke
  ? { concurrency: 4, durationMs: 1_000, products: 50, backlog: 200, batch: 100, analyticsSales: 2_000, otherShopSales: 200, analyticsCalls: 20, rounds: 1 }
  : {
      concurrency: 16,
      durationMs: 20_000,
      products: 1_000,
      backlog: 10_000,
      batch: 500,
      analyticsSales: 1_000_000,
      otherShopSales: 100_000,
      analyticsCalls: 400,
      rounds: 4,
    };
const seconds = args.find((arg) => arg.startsWith("--seconds="));
if (seconds) config.durationMs = Number(seconds.split("=")[1]) * 1000;
const { url: serverUrl, pglite } = await benchDatabaseServer(smoke);
const poolSize = process.env.DB_POOL_SIZE ? Number(process.env.DB_POOL_SIZE) : undefined;
/** The (shop_id, product_id, occurred_at) index that analytics.byProduct reads. */
const ANALYTICS_INDEX = "sale_item_shop_id_product_id_occurred_at_idx";

/** The paced load offered to both raw SQL and sale.create, as a share of raw SQL's closed-loop throughput. */
const PACED_SHARE = 0.5;

interface Row {
  name: string;
  figures: LoadFigures;
  note?: string;
}
const rows: Row[] = [];
const extra: Record<string, unknown> = {};
let peakRss = 0;
/** RSS of the API just after it became ready, before any load. */
let idleRss = 0;
/**
 * Runs each step once per round, in order on even rounds and in reverse on odd ones (A B,
 * B A, …), so that whatever drifts during a run (tables growing, dead rows piling up where
 * autovacuum is off, as on the benchmark machine) falls on every step alike.
 */
async function inRounds(steps: (() => Promise<unknown>)[]) {
  for (let round = 0; round < config.rounds; round++) for (const step of round % 2 ? [...steps].reverse() : steps) await step();
}

const perOp = (ms: number, count: number) => Math.round((ms / count) * 100) / 100;

/**
 * CPU time per operation, in ms, of each process on the machine's shared cores: the API, the
 * PostgreSQL backends serving the bench database, and this load generator. On a small
 * machine their sum is what bounds throughput.
 */
interface Cpu {
  api: number;
  postgres: number;
  loadGenerator: number;
}
const cpuTotals: Record<string, Cpu & { ops: number }> = {};

function cpuNow(database: string, server?: RunningServer) {
  const own = process.cpuUsage();
  return { api: server?.cpuMs() ?? 0, postgres: postgresCpuMs(database), loadGenerator: (own.user + own.system) / 1000 };
}

/** Runs `load`, which returns how many operations it did, and charges what each process spent meanwhile to `label`. */
async function charged(label: string, database: string, server: RunningServer | undefined, load: () => Promise<number>) {
  const before = cpuNow(database, server);
  const ops = await load();
  const after = cpuNow(database, server);
  const total = (cpuTotals[label] ??= { api: 0, postgres: 0, loadGenerator: 0, ops: 0 });
  total.api += after.api - before.api;
  total.postgres += postgresCpuSince(before.postgres, after.postgres);
  total.loadGenerator += after.loadGenerator - before.loadGenerator;
  total.ops += ops;
}

const cpuMsPerOp = () =>
  Object.fromEntries(
    Object.entries(cpuTotals).map(([label, { ops, ...ms }]) => [label, Object.fromEntries(Object.entries(ms).map(([key, value]) => [key, perOp(value, ops)]))]),
  );

async function withServer<T>(url: string, fn: (server: RunningServer, http: TrpcHttp) => Promise<T>): Promise<T> {
  const server = await startServer({ databaseUrl: url, port: await freePort(), poolSize });
  idleRss ||= server.rssMiB();
  const http = new TrpcHttp(server.url, Math.max(config.concurrency, 4));
  try {
    return await fn(server, http);
  } finally {
    peakRss = Math.max(peakRss, server.peakRssMiB());
    await http.close();
    await server.stop();
  }
}

function log(name: string, figures: LoadFigures) {
  console.log(
    `  ${name}: ${figures.perSecond}/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms (${figures.requests} in ${figures.seconds} s, ${figures.errors} errors)`,
  );
}

async function writeParts() {
  const database = await createScratchDatabase(serverUrl, "tillsync_bench");
  try {
    const shop = await bootstrapShop(database.url, config.products);
    console.log(`write path: ${config.products} products, ${config.concurrency} clients, ${config.durationMs / 1000} s each`);
    // The stack and its raw-SQL floor run in alternating slices, so that load from anything
    // else on the machine falls on both alike and their ratio stays meaningful.
    const baseline = rawSqlBaseline(database.url, shop, config.concurrency);
    const floor = pglite ? undefined : await pgbenchFloor(database.url, shop, config.concurrency);
    if (!floor) console.log("  (pgbench is not installed: no database floor row)");
    const floorRecorder = newRecorder();
    const baseRecorder = newRecorder();
    const createRecorder = newRecorder();
    const sent: ReturnType<typeof sale>[] = [];
    const slice = config.durationMs / config.rounds;

    await withServer(database.url, async (server, http) => {
      const createSale = async () => {
        const input = sale(shop);
        const result = await http.mutation<{ replayed: boolean }>("sale.create", shop.deviceKey, input);
        if (result.replayed) throw new Error("a new sale came back as replayed");
        sent.push(input);
      };
      // A short warm-up (JIT, connection pools, plan caches) that is not measured.
      await runLoad({
        concurrency: config.concurrency,
        durationMs: Math.min(2_000, config.durationMs),
        operation: () => http.mutation("sale.create", shop.deviceKey, sale(shop)),
      });
      await baseline.slice(Math.min(2_000, config.durationMs), newRecorder());
      const count = (recorder: Recorder) => recorder.histogram.totalCount;
      // Replays (re-sending sales already recorded, any of them) take their own slice in each
      // round too, so that their ratio to sale.create is also measured under the same conditions.
      const replayRecorder = newRecorder();
      const replaySale = async () => {
        const result = await http.mutation<{ replayed: boolean }>("sale.create", shop.deviceKey, sent[Math.floor(Math.random() * sent.length)]);
        if (!result.replayed) throw new Error("a replay was recorded as new");
      };
      /** One slice of `load` into `recorder`, its CPU charged to `label` (the API's too, if it serves the load). */
      const measure = (label: string, recorder: Recorder, load: (recorder: Recorder) => Promise<void>, viaApi = true) =>
        charged(label, database.name, viaApi ? server : undefined, async () => {
          const before = count(recorder);
          await load(recorder);
          return count(recorder) - before;
        });
      const closedLoop = (operation: () => Promise<void>) => (recorder: Recorder) =>
        recordLoad({ concurrency: config.concurrency, durationMs: slice, operation }, recorder);
      await inRounds([
        // Not charged: pgbench's backends end with each slice, before their CPU time can be read.
        ...(floor ? [() => floor.slice(slice, floorRecorder)] : []),
        () => measure("raw SQL", baseRecorder, (recorder) => baseline.slice(slice, recorder), false),
        () => measure("sale.create", createRecorder, closedLoop(createSale)),
        ...(parts.has("replay") ? [() => measure("replay", replayRecorder, closedLoop(replaySale))] : []),
      ]);
      const base = figuresOf(baseRecorder);
      const create = figuresOf(createRecorder);
      log("raw SQL baseline", base);
      log("sale.create", create);
      if (floor) {
        const bare = figuresOf(floorRecorder);
        log("pgbench", bare);
        rows.push({ name: "same SQL by pgbench (C client, prepared)", figures: bare, note: "the database's floor: no Node.js on the client side" });
      }
      rows.push({ name: "raw SQL (pg, 1 tx per 3-item sale)", figures: base });
      rows.push({ name: "sale.create (HTTP, tRPC, auth)", figures: create });
      if (parts.has("replay")) {
        const replay = figuresOf(replayRecorder);
        log("replay", replay);
        rows.push({ name: "sale.create replay (same externalId)", figures: replay });
      }

      // The closed loop above measures at saturation, where latency is set by throughput
      // (16 clients / ops per second). Tills are not a closed loop: this offers both the same
      // fixed load, half of what raw SQL just sustained, and measures latency at it.
      const rate = Math.max(1, Math.round(base.perSecond * PACED_SHARE));
      const pacedBase = newRecorder();
      const pacedCreate = newRecorder();
      await inRounds([
        () => baseline.slice(slice, pacedBase, rate),
        () => recordLoad({ concurrency: config.concurrency, durationMs: slice, ratePerSecond: rate, operation: createSale }, pacedCreate),
      ]);
      await baseline.close();
      const pacedRows = [
        { name: `raw SQL, paced at ${rate}/s`, figures: figuresOf(pacedBase) },
        { name: `sale.create, paced at ${rate}/s`, figures: figuresOf(pacedCreate) },
      ];
      for (const row of pacedRows) log(row.name, row.figures);
      rows.push(...pacedRows);

      if (parts.has("sync")) {
        // A till comes back after a day offline: by then autovacuum (off on the benchmark
        // machine, on in production: docs/operations.md) has cleaned up after the slices above,
        // whose stock updates leave a dead product row version behind each time.
        await sqlOnce(database.url, "VACUUM (ANALYZE)");
        const backlog = Array.from({ length: config.backlog }, () => ({ ...sale(shop), clientTimestamp: new Date(Date.now() - 86_400_000) }));
        const batches = Math.ceil(backlog.length / config.batch);
        let sync!: LoadFigures;
        await charged("sale.sync (per sale)", database.name, server, async () => {
          sync = await runLoad({
            concurrency: 1,
            total: batches,
            operation: async (index) => {
              const batch = backlog.slice(index * config.batch, (index + 1) * config.batch);
              const { results } = await http.mutation<{ results: { status: string }[] }>("sale.sync", shop.deviceKey, { sales: batch });
              const bad = results.find((r) => r.status !== "created");
              if (bad) throw new Error(`sync result ${JSON.stringify(bad)}`);
            },
          });
          return config.backlog;
        });
        const salesPerSecond = Math.round(config.backlog / sync.seconds);
        console.log(`  sale.sync: ${config.backlog} sales in ${sync.seconds} s = ${salesPerSecond} sales/s (batch p50 ${sync.p50} ms)`);
        rows.push({
          name: `sale.sync (${config.backlog} backlog, batches of ${config.batch}, 1 till)`,
          figures: { ...sync, perSecond: salesPerSecond },
          note: "per second = sales; latency = per batch",
        });
      }

      if (parts.has("analytics") && !smoke) {
        // Point 4: what the analytics index costs the write path, in alternating slices.
        const [{ indexdef }] = (await sqlOnce<{ indexdef: string }>(
          database.url,
          `SELECT indexdef FROM pg_indexes WHERE indexname = '${ANALYTICS_INDEX}'`,
        )) as [{ indexdef: string }];
        const withIndex = newRecorder();
        const without = newRecorder();
        const create = async () => void (await http.mutation("sale.create", shop.deviceKey, sale(shop)));
        const createIndex = () => sqlOnce(database.url, indexdef.replace(/^CREATE INDEX /, "CREATE INDEX IF NOT EXISTS "));
        await inRounds([
          async () => {
            await sqlOnce(database.url, `DROP INDEX IF EXISTS "${ANALYTICS_INDEX}"`);
            await recordLoad({ concurrency: config.concurrency, durationMs: slice, operation: create }, without);
          },
          async () => {
            await createIndex();
            await recordLoad({ concurrency: config.concurrency, durationMs: slice, operation: create }, withIndex);
          },
        ]);
        await createIndex();
        const bare = figuresOf(without);
        const indexed = figuresOf(withIndex);
        log("sale.create without the analytics index", bare);
        log("sale.create with it", indexed);
        rows.push({ name: "sale.create, analytics index dropped", figures: bare });
        rows.push({ name: "sale.create, analytics index kept (same slices)", figures: indexed });
      }
      extra.writeRssMiB = server.peakRssMiB();
    });
  } finally {
    await database.drop();
  }
}

async function analyticsPart() {
  const database = await createScratchDatabase(serverUrl, "tillsync_bench");
  try {
    const shop = await bootstrapShop(database.url, config.products);
    const other = await bootstrapShop(database.url, Math.max(10, config.products / 10));
    const end = new Date(Date.UTC(2026, 0, 1));
    console.log(`analytics: seeding ${config.analyticsSales} sales (+${config.otherShopSales} in another shop)...`);
    const t0 = performance.now();
    await seedSales(database.url, shop, config.analyticsSales, end);
    await seedSales(database.url, other, config.otherShopSales, end);
    const seededAt = performance.now();
    await sqlOnce(database.url, "VACUUM ANALYZE");
    const seeding = { seconds: Math.round((seededAt - t0) / 100) / 10, vacuumAnalyzeSeconds: Math.round((performance.now() - seededAt) / 100) / 10 };
    console.log(`  seeded in ${seeding.seconds} s, VACUUM ANALYZE ${seeding.vacuumAnalyzeSeconds} s`);
    const counts = await sqlOnce(database.url, "SELECT (SELECT count(*) FROM sale)::int AS sales, (SELECT count(*) FROM sale_item)::int AS items");
    extra.analyticsSeed = { ...seeding, ...counts[0] };
    const range = { startDate: "2025-01-01", endDate: "2025-12-31" };

    await withServer(database.url, async (_server, http) => {
      await byProductLoad(http, shop, { total: 20, concurrency: 1, ...range });
      const indexed = await byProductLoad(http, shop, { total: config.analyticsCalls, concurrency: 1, ...range });
      log("analytics.byProduct (indexed)", indexed);
      rows.push({ name: "analytics.byProduct, 1 year daily (HTTP)", figures: indexed });
      await sqlOnce(database.url, `DROP INDEX "${ANALYTICS_INDEX}"`);
      await byProductLoad(http, shop, { total: 2, concurrency: 1, ...range });
      const bare = await byProductLoad(http, shop, { total: Math.max(5, config.analyticsCalls / 40), concurrency: 1, ...range });
      log("analytics.byProduct (no index)", bare);
      rows.push({ name: "analytics.byProduct, same, no index", figures: bare });
    });
  } finally {
    await database.drop();
  }
}

const pct = (a: number | undefined, b: number | undefined) => (a && b ? `${Math.round((a / b) * 100)}%` : "—");

function table() {
  const header = "| measurement | ops/s | p50 ms | p95 ms | p99 ms | max ms | count | errors |";
  const lines = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (const { name, figures: f } of rows) lines.push(`| ${name} | ${f.perSecond} | ${f.p50} | ${f.p95} | ${f.p99} | ${f.max} | ${f.requests} | ${f.errors} |`);
  return lines.join("\n");
}

function machineOf(loadBefore: number[], pgVersion: unknown) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: pgVersion,
    loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
    loadAverageAfter: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function writeResult(name: string, report: unknown) {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${file}`);
}

/** `pnpm bench compare old=/path/to/old/apps/api new=apps/api [--seconds=5] [--rounds=4]`. */
async function compareMain() {
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const pgVersion = (await sqlOnce(serverUrl, "SHOW server_version"))[0]?.server_version;
  const servers = args
    .slice(1)
    .filter((arg) => !arg.startsWith("--"))
    .map((arg) => {
      const [name, dir] = arg.split("=");
      if (!name || !dir) throw new Error(`"${arg}": name each server as <name>=<its apps/api directory>`);
      return { name, dir: fileURLToPath(new URL(`${dir.replace(/\/?$/, "/")}`, `file://${process.env.INIT_CWD ?? process.cwd()}/`)) };
    });
  if (servers.length < 2) throw new Error("compare needs two servers or more: <name>=<apps/api dir> …");
  // Each checkout's `start` runs what `build` made there, if it has a build.
  for (const { dir } of servers)
    if ((JSON.parse(readFileSync(`${dir}package.json`, "utf8")) as { scripts: Record<string, string> }).scripts.build) buildServer(dir);
  const option = (name: string, fallback: number) => Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
  const compareConfig = { concurrency: 16, sliceMs: option("seconds", 5) * 1000, rounds: option("rounds", 4), products: 1_000, serverUrl };
  const report = await compareServers(servers, compareConfig);
  const result = { startedAt, mode: "compare", config: compareConfig, machine: machineOf(loadBefore, pgVersion), ...report };
  writeResult(`${startedAt.toISOString().replace(/[:.]/g, "-")}-compare-${servers.map((s) => s.name).join("-vs-")}`, result);
  process.exitCode = report.failed ? 1 : 0;
}

async function main() {
  const loadBefore = os.loadavg();
  const startedAt = new Date();
  const pgVersion = (await sqlOnce(serverUrl, "SHOW server_version"))[0]?.server_version;
  // The server runs as production runs it: the build, by `pnpm start`.
  buildServer();
  if (parts.has("write")) await writeParts();
  if (parts.has("analytics")) await analyticsPart();
  if (parts.has("tenders")) {
    const { rows: tenderRows, ...tenders } = await tendersPart({ ...config, serverUrl, poolSize });
    rows.push(...tenderRows);
    extra.tenders = tenders;
  }

  if (parts.has("catalogue")) {
    const { rows: catalogueRows, ...catalogue } = await cataloguePart({ ...config, serverUrl, poolSize });
    rows.push(...catalogueRows);
    extra.catalogue = catalogue;
  }

  if (parts.has("till")) extra.till = await tillPart(tillConfig(smoke, serverUrl, args));
  if (parts.has("lighthouse")) {
    const pages = args
      .find((arg) => arg.startsWith("--pages="))
      ?.split("=")[1]
      ?.split(",");
    // Imported here: Lighthouse is a large package that no other part needs.
    const { lighthousePart } = await import("./lighthouse");
    extra.lighthouse = await lighthousePart({ serverUrl, smoke, pages });
  }

  const find = (prefix: string) => rows.find((r) => r.name.startsWith(prefix))?.figures;
  const baseline = find("raw SQL");
  const floor = find("same SQL by pgbench");
  const create = find("sale.create (HTTP");
  const pacedBase = find("raw SQL, paced");
  const pacedCreate = find("sale.create, paced");
  const replay = find("sale.create replay");
  const sync = find("sale.sync");
  const bare = find("sale.create, analytics index dropped");
  const ratios = {
    createVsRawSql: pct(create?.perSecond, baseline?.perSecond),
    replayVsCreate: replay && create ? `${(replay.perSecond / create.perSecond).toFixed(1)}x` : "—",
    p99CreateVsRawSqlVsPgbench: create && baseline ? `${create.p99} / ${baseline.p99} / ${floor?.p99 ?? "—"} ms` : "—",
    pacedP99CreateVsRawSql: pacedBase && pacedCreate ? `${pacedCreate.p99} ms vs ${pacedBase.p99} ms` : "—",
    syncVsCreate: sync && create ? `${(sync.perSecond / create.perSecond).toFixed(1)}x` : "—",
    createWithVsWithoutAnalyticsIndex: pct(find("sale.create, analytics index kept")?.perSecond, bare?.perSecond),
    createWithVsWithoutTenders: pct(find("sale.create, cash + card tenders")?.perSecond, find("sale.create, no tenders")?.perSecond),
  };
  const machine = machineOf(loadBefore, pgVersion);
  console.log(`\n${table()}\n`);
  console.log("ratios:", ratios);
  console.log("CPU ms per operation (apps/api, PostgreSQL, load generator):", cpuMsPerOp());
  console.log(
    `apps/api RSS: ${idleRss} MiB when ready, ${peakRss} MiB at peak; load average before/after: ${machine.loadAverageBefore.join(" ")} / ${machine.loadAverageAfter.join(" ")}`,
  );
  if (extra.analyticsSeed) console.log("analytics seed:", extra.analyticsSeed);

  const report = {
    startedAt,
    smoke,
    parts: [...parts],
    config,
    machine,
    idleRssMiB: idleRss,
    peakRssMiB: peakRss,
    cpuMsPerOp: cpuMsPerOp(),
    ratios,
    results: rows,
    ...extra,
  };
  // `--label=<words>` names the result file too (e.g. before/after a change).
  const label = args.find((arg) => arg.startsWith("--label="))?.split("=")[1];
  if (!smoke) writeResult(`${startedAt.toISOString().replace(/[:.]/g, "-")}${label ? `-${label}` : ""}`, report);
  const failed = rows.some((r) => r.figures.errors > 0 || r.figures.requests === 0);
  process.exitCode = failed ? 1 : 0;
}

await (comparing ? compareMain() : main());
