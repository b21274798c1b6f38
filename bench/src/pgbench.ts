import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import type { Recorder } from "./load";
import type { BenchShop } from "./setup";

const run = promisify(execFile);

/**
 * The database's own floor: the raw-SQL baseline's transaction (sale, 3 items, 3 relative
 * stock updates in ascending id order, 3 ledger rows) run by pgbench, PostgreSQL's C load
 * generator, with prepared statements and the same number of clients. No Node.js at all on
 * the client side, so what it measures is what PostgreSQL itself needs on this machine, and
 * its latency at that concurrency is a bound no stack on top of it can beat.
 * Undefined when pgbench is not installed (it comes with the PostgreSQL client packages).
 */
export async function pgbenchFloor(url: string, shop: BenchShop, concurrency: number) {
  try {
    await run("pgbench", ["--version"]);
  } catch {
    return undefined;
  }
  const ids = shop.products.map((product) => product.id).sort((a, b) => a - b);
  const [first, last] = [ids[0]!, ids.at(-1)!];
  // Three distinct products in ascending id order, one from each third of the range.
  if (last - first + 1 !== ids.length || ids.length < 3) throw new Error("pgbench needs the shop's product ids to be one run");
  const third = Math.floor(ids.length / 3);
  const values = (line: number, product: string) => `(:sale_id, ${shop.shopId}, :${product}, ${line}, 1, 1.99, 1.99, now())`;
  const script = [
    `\\set a random(${first}, ${first + third - 1})`,
    `\\set b random(${first + third}, ${first + 2 * third - 1})`,
    `\\set c random(${first + 2 * third}, ${last})`,
    "BEGIN;",
    `INSERT INTO sale (shop_id, external_id, fingerprint, source_device, api_key_id, client_timestamp, occurred_at, received_at, total)
       VALUES (${shop.shopId}, gen_random_uuid(), '${"0".repeat(64)}', 'pos-bench', ${shop.deviceKeyId}, now(), now(), now(), 5.97) RETURNING id AS sale_id \\gset`,
    ...["a", "b", "c"].map(
      (product, index) =>
        `INSERT INTO sale_item (sale_id, shop_id, product_id, line_no, quantity, unit_price, line_total, occurred_at) VALUES ${values(index + 1, product)};`,
    ),
    ...["a", "b", "c"].map(
      (product) =>
        `UPDATE product SET stock = stock - 1, updated_at = now() WHERE id = :${product} AND shop_id = ${shop.shopId} RETURNING stock AS stock_${product} \\gset`,
    ),
    ...["a", "b", "c"].map(
      (product) => `INSERT INTO stock_movement (shop_id, product_id, delta, stock_after, reason, sale_id, api_key_id)
       VALUES (${shop.shopId}, :${product}, -1, :stock_${product}, 'sale', :sale_id, ${shop.deviceKeyId});`,
    ),
    "COMMIT;",
  ]
    // pgbench reads one command per line.
    .map((line) => line.replace(/\n\s*/g, " "))
    .join("\n");

  return {
    /** Runs pgbench for `durationMs` (in whole seconds) and adds each transaction's latency to `recorder`. */
    slice: async (durationMs: number, recorder: Recorder) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "tillsync-pgbench-"));
      try {
        const file = path.join(dir, "sale.sql");
        writeFileSync(file, `${script}\n`);
        const seconds = Math.max(1, Math.round(durationMs / 1000));
        const args = [
          "--no-vacuum",
          "--protocol=prepared",
          `--client=${concurrency}`,
          "--jobs=2",
          `--time=${seconds}`,
          "--log",
          `--log-prefix=${path.join(dir, "log")}`,
          `--file=${file}`,
          url,
        ];
        const { stdout } = await run("pgbench", args);
        const failed = Number(/failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
        // One line per transaction: client, number, latency in µs, script, epoch s, µs.
        for (const log of readdirSync(dir).filter((name) => name.startsWith("log"))) {
          for (const line of readFileSync(path.join(dir, log), "utf8").split("\n")) {
            const latency = Number(line.split(" ")[2]);
            if (line && Number.isFinite(latency)) recorder.histogram.recordValue(Math.max(1, latency));
          }
        }
        recorder.seconds += seconds;
        recorder.errors += failed;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
