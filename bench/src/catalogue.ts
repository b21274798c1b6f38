// `pnpm bench catalogue` (issue 21): what the tills' catalogue cursor costs the sale path.
// Every product write (the stock a sale deducts included) runs the product_change_xid
// trigger and updates product_shop_id_change_xid_id_idx (an indexed column changes, so the
// stock update is no longer a HOT update). sale.create is measured with neither, with the
// trigger only and with both, in alternating slices of the same run (A B C, then C B A, …),
// so drift and other load fall on all alike: the ratios are the figures to read.

import { createScratchDatabase } from "@tillsync/db/testing";

import { sqlOnce } from "./analytics";
import { figuresOf, newRecorder, recordLoad, runLoad, type LoadFigures } from "./load";
import { freePort, postgresCpuMs, postgresCpuSince, startServer } from "./server";
import { bootstrapShop, sale } from "./setup";
import { TrpcHttp } from "./trpc";

export interface CatalogueConfig {
  concurrency: number;
  /** Time per kind, split over the rounds. */
  durationMs: number;
  rounds: number;
  products: number;
  serverUrl: string;
  poolSize?: number;
}

export interface CatalogueReport {
  rows: { name: string; figures: LoadFigures }[];
  /** sale.create throughput with the trigger and index ÷ with neither (1 = free). */
  ratio: number;
  /** PostgreSQL CPU ms per sale.create: neither, trigger only, trigger and index. */
  postgresMsPerSale: number[];
}

const TRIGGER = "CREATE OR REPLACE TRIGGER product_change_xid BEFORE INSERT OR UPDATE ON product FOR EACH ROW EXECUTE FUNCTION tillsync_product_changed()";
const INDEX = "CREATE INDEX IF NOT EXISTS product_shop_id_change_xid_id_idx ON product (shop_id, change_xid, id)";
const NO_TRIGGER = "DROP TRIGGER IF EXISTS product_change_xid ON product";
const NO_INDEX = "DROP INDEX IF EXISTS product_shop_id_change_xid_id_idx";

/** The variants measured, each with the statements that put the table in its state (idempotent). */
const VARIANTS = [
  { name: "sale.create, catalogue trigger and index dropped", sql: [NO_TRIGGER, NO_INDEX] },
  { name: "sale.create, catalogue trigger only (same rounds)", sql: [TRIGGER, NO_INDEX] },
  { name: "sale.create, catalogue trigger and index kept (same rounds)", sql: [TRIGGER, INDEX] },
] as const;

export async function cataloguePart(config: CatalogueConfig): Promise<CatalogueReport> {
  const database = await createScratchDatabase(config.serverUrl, "tillsync_bench");
  try {
    const shop = await bootstrapShop(database.url, config.products);
    const server = await startServer({ databaseUrl: database.url, port: await freePort(), poolSize: config.poolSize });
    const http = new TrpcHttp(server.url, Math.max(config.concurrency, 4));
    try {
      const create = async () => void (await http.mutation("sale.create", shop.deviceKey, sale(shop)));
      console.log(
        `catalogue: sale.create with neither, the change_xid trigger only, and trigger and index, ${config.rounds} rounds, ${config.concurrency} clients`,
      );
      await runLoad({ concurrency: config.concurrency, durationMs: Math.min(2_000, config.durationMs / 2), operation: create });
      const recorders = VARIANTS.map(() => newRecorder());
      const slice = config.durationMs / config.rounds;
      /** PostgreSQL CPU ms spent in each variant's slices: less sensitive than throughput to other load on the machine. */
      const postgresMs = VARIANTS.map(() => 0);
      const measure = async (variant: number) => {
        for (const statement of VARIANTS[variant]!.sql) await sqlOnce(database.url, statement);
        const before = postgresCpuMs(database.name);
        await recordLoad({ concurrency: config.concurrency, durationMs: slice, operation: create }, recorders[variant]!);
        postgresMs[variant]! += postgresCpuSince(before, postgresCpuMs(database.name));
      };
      const steps = VARIANTS.map((_, variant) => () => measure(variant));
      for (let round = 0; round < config.rounds; round++) for (const step of round % 2 ? [...steps].reverse() : steps) await step();
      const rows = VARIANTS.map((variant, n) => ({ name: variant.name, figures: figuresOf(recorders[n]!) }));
      const postgresMsPerSale = VARIANTS.map((_, n) => Math.round((postgresMs[n]! / recorders[n]!.histogram.totalCount) * 100) / 100);
      const [none, triggerOnly, both] = rows.map((row) => row.figures.perSecond) as [number, number, number];
      const ratio = Math.round((both / none) * 100) / 100;
      for (const row of rows) console.log(`  ${row.name}: ${row.figures.perSecond}/s, p50 ${row.figures.p50} ms, p99 ${row.figures.p99} ms`);
      console.log(`  trigger and index ÷ neither: ${ratio}; trigger only ÷ neither: ${Math.round((triggerOnly / none) * 100) / 100}`);
      console.log(`  PostgreSQL CPU ms per sale (neither, trigger only, both): ${postgresMsPerSale.join(", ")}`);
      return { rows, ratio, postgresMsPerSale };
    } finally {
      await http.close();
      await server.stop();
    }
  } finally {
    await database.drop();
  }
}
