// Imports sales from a CSV through `sale.sync` (DESIGN.md §5). The sales go into an
// outbox file next to the CSV first, so an interrupted import resumes where it stopped
// and a finished one sends nothing again. Results on stdout, progress and errors on stderr.
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { SingleBar } from "cli-progress";

import { createTillsyncClient } from "../client";
import { MAX_BATCH_SIZE, SyncEngine, type DrainResult } from "../engine";
import { FileOutbox } from "../outbox/file";
import { trpcTransport } from "../transport";
import { readSalesCsv } from "./csv";

const usage = `Usage: pnpm --filter @tillsync/sync import-csv -- --file sales.csv --url http://127.0.0.1:4000 --api-key <key>
  --file         CSV with columns external_id, client_timestamp, source_device, product_id, quantity, unit_price
  --url          the API's base URL
  --api-key      a device or manager API key (or TILLSYNC_API_KEY)
  --outbox       progress journal (default: <file>.outbox.jsonl)
  --batch-size   sales per sale.sync call, 1..${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --max-attempts failed calls in a row before giving up (default 10; run again to resume)`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: "string" },
      url: { type: "string" },
      "api-key": { type: "string" },
      outbox: { type: "string" },
      "batch-size": { type: "string", default: String(MAX_BATCH_SIZE) },
      "max-attempts": { type: "string", default: "10" },
      help: { type: "boolean" },
    },
  });
  const apiKey = values["api-key"] ?? process.env.TILLSYNC_API_KEY;
  if (values.help || !values.file || !values.url || !apiKey) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 64;
  }
  // pnpm runs package scripts in the package folder; paths mean what they meant where the user typed them.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(cwd, values.file);
  const outbox = await FileOutbox.open(resolve(cwd, values.outbox ?? `${file}.outbox.jsonl`));
  try {
    const queued = await outbox.append(await readSalesCsv(file));
    const engine = new SyncEngine({
      outbox,
      transport: trpcTransport(createTillsyncClient({ url: values.url, apiKey })),
      batchSize: positiveInteger("--batch-size", values["batch-size"]),
      maxAttempts: positiveInteger("--max-attempts", values["max-attempts"]),
    });
    const result = await drainWithProgress(engine);
    return await report(engine, queued, result);
  } finally {
    await outbox.close();
  }
}

function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${option} must be a positive integer`);
  return number;
}

async function drainWithProgress(engine: SyncEngine): Promise<DrainResult> {
  const bar = new SingleBar({
    format: "sales {bar} {value}/{total} | {rejected} rejected | {note}",
    noTTYOutput: true,
    notTTYSchedule: 1_000,
  });
  const start = await engine.status();
  bar.start(start.pending + start.synced + start.rejected, start.synced + start.rejected, { rejected: start.rejected, note: "" });
  engine.events.on("change", (status) => bar.update(status.synced + status.rejected, { rejected: status.rejected, note: status.lastError ? `retrying: ${status.lastError}` : "" }));
  try {
    return await engine.drain();
  } finally {
    bar.stop();
  }
}

async function report(engine: SyncEngine, queued: number, result: DrainResult): Promise<number> {
  const status = await engine.status();
  process.stdout.write(`queued ${queued} new sales; ${status.synced} synced, ${status.rejected} rejected, ${status.pending} pending\n`);
  for (const entry of await engine.rejectedSales()) {
    process.stdout.write(`rejected ${entry.externalId}: ${entry.rejection?.code} ${entry.rejection?.message}\n`);
  }
  if (result.outcome === "halted" || result.outcome === "gave-up") {
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    process.stderr.write(`import-csv: stopped (${reason}); ${status.pending} sales still pending, run again to resume\n`);
    return 1;
  }
  return status.rejected > 0 ? 2 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2).filter((arg) => arg !== "--"));
} catch (error) {
  process.stderr.write(`import-csv: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
