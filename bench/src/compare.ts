// `pnpm bench compare <name>=<apps/api dir> …`: two or more builds of the API server on one
// database, in the same rounds (issue 16, "throughput before and after"). Each server is
// started with its own checkout's `start` command (an old checkout runs through tsx, the
// current one runs its build); every round runs raw SQL once and, for each server in turn,
// a sale.create slice and a replay slice, the order reversed on odd rounds, so that drift
// and other load fall on all of them alike. Reported per server: sale.create ÷ raw SQL,
// replays ÷ create, the API's CPU per call and its RSS.

import { createScratchDatabase } from "@tillsync/db/testing";

import { rawSqlBaseline } from "./baseline";
import { figuresOf, newRecorder, recordLoad, runLoad, type LoadFigures, type Recorder } from "./load";
import { freePort, startServer, type RunningServer } from "./server";
import { bootstrapShop, sale } from "./setup";
import { TrpcHttp } from "./trpc";

export interface CompareConfig {
  concurrency: number;
  /** Length of one slice, in ms. */
  sliceMs: number;
  rounds: number;
  products: number;
  serverUrl: string;
}

interface Contender {
  name: string;
  dir: string;
  server: RunningServer;
  http: TrpcHttp;
  create: Recorder;
  replay: Recorder;
  /** API CPU time spent in this server's slices, in ms, and the calls it answered there. */
  cpu: { create: number; replay: number };
  idleRssMiB: number;
  sent: ReturnType<typeof sale>[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Runs the comparison; resolves to the report (figures per server and the raw-SQL baseline). */
export async function compareServers(servers: { name: string; dir: string }[], config: CompareConfig) {
  const database = await createScratchDatabase(config.serverUrl, "tillsync_bench");
  const contenders: Contender[] = [];
  try {
    const shop = await bootstrapShop(database.url, config.products);
    const baseline = rawSqlBaseline(database.url, shop, config.concurrency);
    const base = newRecorder();
    for (const { name, dir } of servers) {
      const server = await startServer({ databaseUrl: database.url, port: await freePort(), dir });
      contenders.push({
        name,
        dir,
        server,
        http: new TrpcHttp(server.url, config.concurrency),
        create: newRecorder(),
        replay: newRecorder(),
        cpu: { create: 0, replay: 0 },
        idleRssMiB: server.rssMiB(),
        sent: [],
      });
    }
    console.log(
      `compare: ${contenders.map((c) => c.name).join(" vs ")}, ${config.rounds} rounds of ${config.sliceMs / 1000} s slices, ${config.concurrency} clients`,
    );

    const createSale = (c: Contender) => async () => {
      const input = sale(shop);
      const result = await c.http.mutation<{ replayed: boolean }>("sale.create", shop.deviceKey, input);
      if (result.replayed) throw new Error("a new sale came back as replayed");
      c.sent.push(input);
    };
    const replaySale = (c: Contender) => async () => {
      const result = await c.http.mutation<{ replayed: boolean }>("sale.create", shop.deviceKey, c.sent[Math.floor(Math.random() * c.sent.length)]);
      if (!result.replayed) throw new Error("a replay was recorded as new");
    };
    /** One closed-loop slice against one server, its API CPU time charged to it. */
    const slice = async (c: Contender, kind: "create" | "replay") => {
      const before = c.server.cpuMs();
      await recordLoad({ concurrency: config.concurrency, durationMs: config.sliceMs, operation: kind === "create" ? createSale(c) : replaySale(c) }, c[kind]);
      c.cpu[kind] += c.server.cpuMs() - before;
    };

    // Warm-up, not measured: JIT, connection pools, plan caches; and sales to replay.
    for (const c of contenders) await runLoad({ concurrency: config.concurrency, durationMs: 3_000, operation: createSale(c) });
    await baseline.slice(2_000, newRecorder());

    const steps: (() => Promise<void>)[] = [
      () => baseline.slice(config.sliceMs, base),
      ...contenders.flatMap((c) => [() => slice(c, "create"), () => slice(c, "replay")]),
    ];
    for (let round = 0; round < config.rounds; round++) {
      for (const step of round % 2 ? [...steps].reverse() : steps) await step();
      console.log(`  round ${round + 1}/${config.rounds} done`);
    }
    await baseline.close();

    const raw = figuresOf(base);
    const results = contenders.map((c) => {
      const create = figuresOf(c.create);
      const replay = figuresOf(c.replay);
      return {
        name: c.name,
        dir: c.dir,
        create,
        replay,
        createVsRawSql: round2(create.perSecond / raw.perSecond),
        replayVsCreate: round2(replay.perSecond / create.perSecond),
        apiCpuMsPerCall: { create: round2(c.cpu.create / c.create.histogram.totalCount), replay: round2(c.cpu.replay / c.replay.histogram.totalCount) },
        idleRssMiB: c.idleRssMiB,
        peakRssMiB: c.server.peakRssMiB(),
      };
    });
    for (const r of results) {
      console.log(
        `  ${r.name}: sale.create ${r.create.perSecond}/s (${Math.round(r.createVsRawSql * 100)}% of raw SQL ${raw.perSecond}/s, p99 ${r.create.p99} ms), ` +
          `replay ${r.replay.perSecond}/s (${r.replayVsCreate}x create), API CPU ${r.apiCpuMsPerCall.create} ms/create ${r.apiCpuMsPerCall.replay} ms/replay, ` +
          `RSS ${r.idleRssMiB} MiB idle / ${r.peakRssMiB} MiB peak`,
      );
    }
    return {
      rawSql: raw,
      servers: results,
      failed: [raw, ...results.flatMap((r) => [r.create, r.replay])].some((f: LoadFigures) => f.errors > 0 || f.requests === 0),
    };
  } finally {
    for (const c of contenders) {
      await c.http.close();
      await c.server.stop();
    }
    await database.drop();
  }
}
