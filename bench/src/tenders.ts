// `pnpm bench tenders` (issue 17, must-show 5): what tenders cost the write path. sale.create
// of the same 3-item sales with two tenders (cash with change + card, in a shop with cash
// rounding 0.05) against sale.create without tenders, on one server and one database, in
// alternating slices (A B, B A, … as compare.ts does), so drift and other load on the
// machine fall on both alike. Target: tenders cost at most 10% throughput (docs/benchmarks.md).
import { createScratchDatabase } from "@tillsync/db/testing";

import { sqlOnce } from "./analytics";
import { figuresOf, newRecorder, recordLoad, runLoad, type LoadFigures, type Recorder } from "./load";
import { freePort, postgresCpuMs, postgresCpuSince, startServer } from "./server";
import { bootstrapShop, sale, type BenchShop } from "./setup";
import { TrpcHttp } from "./trpc";

export interface TendersConfig {
  concurrency: number;
  /** Time per kind of sale, split over the rounds. */
  durationMs: number;
  rounds: number;
  products: number;
  serverUrl: string;
  poolSize?: number;
}

export interface TendersReport {
  rows: { name: string; figures: LoadFigures }[];
  /** Throughput with tenders ÷ without (1 = free; the target is ≥ 0.9). */
  ratio: number;
  /** CPU ms per call of the API and of PostgreSQL, per kind. */
  cpuMsPerCall: Record<"plain" | "tenders", { api: number; postgres: number }>;
}

/** One sale of the bench shop, paid 5.00 in cash (10.00 handed over) and the rest by card. */
function paidSale(shop: BenchShop) {
  const input = sale(shop);
  const prices = new Map(shop.products.map((p) => [p.id, p.price]));
  // Integer cents: the bench's prices have two decimals, and every sale has three items ≥ 2.99.
  const totalCents = input.items.reduce((sum, item) => sum + Math.round(Number(prices.get(item.productId)) * 100), 0);
  const card = totalCents - 500;
  return {
    ...input,
    tenders: [
      { method: "cash" as const, amount: "5.00", tendered: "10.00" },
      { method: "card" as const, amount: `${Math.floor(card / 100)}.${String(card % 100).padStart(2, "0")}`, reference: "BENCH" },
    ],
  };
}

interface Answer {
  replayed: boolean;
  sale: { tenders: unknown[]; tenderMismatch: boolean };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export async function tendersPart(config: TendersConfig): Promise<TendersReport> {
  const database = await createScratchDatabase(config.serverUrl, "tillsync_bench");
  try {
    const shop = await bootstrapShop(database.url, config.products);
    await sqlOnce(database.url, `UPDATE shop SET cash_rounding = 0.05 WHERE id = ${shop.shopId}`);
    const server = await startServer({ databaseUrl: database.url, port: await freePort(), poolSize: config.poolSize });
    const http = new TrpcHttp(server.url, Math.max(config.concurrency, 4));
    try {
      const plain = async () => {
        const result = await http.mutation<Answer>("sale.create", shop.deviceKey, sale(shop));
        if (result.replayed || result.sale.tenders.length !== 0) throw new Error("a plain sale came back replayed or with tenders");
      };
      const withTenders = async () => {
        const result = await http.mutation<Answer>("sale.create", shop.deviceKey, paidSale(shop));
        if (result.replayed || result.sale.tenders.length !== 2 || result.sale.tenderMismatch) throw new Error("a sale with tenders came back wrong");
      };
      console.log(`tenders: sale.create with cash + card tenders vs without, ${config.rounds} rounds, ${config.concurrency} clients`);
      // Warm-up of both (JIT, pools, plan caches), not measured.
      const warm = Math.min(2_000, config.durationMs / 2);
      await runLoad({ concurrency: config.concurrency, durationMs: warm, operation: plain });
      await runLoad({ concurrency: config.concurrency, durationMs: warm, operation: withTenders });

      const recorders = { plain: newRecorder(), tenders: newRecorder() };
      const cpu = { plain: { api: 0, postgres: 0 }, tenders: { api: 0, postgres: 0 } };
      const slice = config.durationMs / config.rounds;
      const measure = async (kind: "plain" | "tenders", recorder: Recorder) => {
        const api = server.cpuMs();
        const pg = postgresCpuMs(database.name);
        await recordLoad({ concurrency: config.concurrency, durationMs: slice, operation: kind === "plain" ? plain : withTenders }, recorder);
        cpu[kind].api += server.cpuMs() - api;
        cpu[kind].postgres += postgresCpuSince(pg, postgresCpuMs(database.name));
      };
      const steps = [() => measure("plain", recorders.plain), () => measure("tenders", recorders.tenders)];
      for (let round = 0; round < config.rounds; round++) for (const step of round % 2 ? [...steps].reverse() : steps) await step();

      const counts = { plain: recorders.plain.histogram.totalCount, tenders: recorders.tenders.histogram.totalCount };
      const figures = { plain: figuresOf(recorders.plain), tenders: figuresOf(recorders.tenders) };
      const ratio = round2(figures.tenders.perSecond / figures.plain.perSecond);
      const perCall = (kind: "plain" | "tenders") => ({ api: round2(cpu[kind].api / counts[kind]), postgres: round2(cpu[kind].postgres / counts[kind]) });
      const report: TendersReport = {
        rows: [
          { name: "sale.create, no tenders (tenders part, same rounds)", figures: figures.plain },
          { name: "sale.create, cash + card tenders (same rounds)", figures: figures.tenders },
        ],
        ratio,
        cpuMsPerCall: { plain: perCall("plain"), tenders: perCall("tenders") },
      };
      for (const row of report.rows) console.log(`  ${row.name}: ${row.figures.perSecond}/s, p50 ${row.figures.p50} ms, p99 ${row.figures.p99} ms`);
      console.log(`  with tenders ÷ without: ${ratio} (target ≥ 0.9); CPU ms/call`, report.cpuMsPerCall);
      return report;
    } finally {
      await http.close();
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
