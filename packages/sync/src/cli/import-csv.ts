// Imports sales from a CSV through `sale.sync` (DESIGN.md §5). Each import has a journal
// (an outbox file) in the import history, found again by the file's content, so an
// interrupted import resumes where it stopped and a finished one sends nothing again.
// Results on stdout, progress and errors on stderr.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { SingleBar } from "cli-progress";

import { createTillsyncClient } from "../client";
import { MAX_BATCH_SIZE, SyncEngine, type DrainResult } from "../engine";
import { FileOutbox } from "../outbox/file";
import type { OutboxEntry } from "../outbox/types";
import { trpcTransport } from "../transport";
import { readSalesCsv } from "./csv";
import { defaultHistoryDir, journalPath, matchImport, rowIdOf, type ImportMatch } from "./history";

/** Exit codes (sysexits.h where one fits); README.md lists them for operators. */
const EXIT = {
  /** Every sale of the file is recorded (created now or already recorded). */
  ok: 0,
  /** Something unexpected; the message says what. */
  failed: 1,
  /** Nothing pending, but some sales were rejected by the server (listed). */
  rejected: 2,
  /** Sales still pending: the server could not be reached or kept failing. Run again later. */
  unreachable: 3,
  /** Sales still pending: the server refused the call as a whole (wrong --url, key, proxy). Fix, run again. */
  halted: 4,
  /** The same content was imported before from another path; --again imports it as new sales. */
  duplicateFile: 5,
  usage: 64,
  /** The file is not a CSV the importer can read. */
  badCsv: 65,
  /** --file is missing or cannot be read. */
  noInput: 66,
} as const;

const usage = `Usage: pnpm tillsync-import --file sales.csv --url http://127.0.0.1:4000 --api-key <key>
  --file            CSV with columns external_id, client_timestamp, source_device, cashier_id (optional),
                    product_id, quantity, unit_price
  --url             the API's base URL
  --api-key         a device or manager API key (or TILLSYNC_API_KEY)
  --history         folder of the import history (or TILLSYNC_IMPORTS_DIR;
                    default $XDG_STATE_HOME/tillsync/imports, else ~/.local/state/tillsync/imports)
  --again           import a file whose content was imported before from another path, as new sales
  --retry-rejected  send the sales the server rejected earlier again (after fixing the cause)
  --batch-size      sales per sale.sync call, 1..${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --max-attempts    failed calls in a row before giving up (default 10; run again to resume)
Exit codes: 0 all recorded, 2 some rejected, 3 pending (server unreachable), 4 pending (server
refused the call: check --url and --api-key), 5 file already imported from another path,
64 usage, 65 not a readable CSV, 66 --file missing or unreadable, 1 anything else.`;

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        file: { type: "string" },
        url: { type: "string" },
        "api-key": { type: "string" },
        history: { type: "string" },
        again: { type: "boolean", default: false },
        "retry-rejected": { type: "boolean", default: false },
        "batch-size": { type: "string", default: String(MAX_BATCH_SIZE) },
        "max-attempts": { type: "string", default: "10" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new ExitError(EXIT.usage, `${(error as Error).message}\n${usage}`);
  }
  const apiKey = values["api-key"] ?? env.TILLSYNC_API_KEY;
  if (values.help || !values.file || !values.url || !apiKey) {
    process.stderr.write(`${usage}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const batchSize = positiveInteger("--batch-size", values["batch-size"]);
  const maxAttempts = positiveInteger("--max-attempts", values["max-attempts"]);
  // pnpm runs package scripts in the package folder; paths mean what they meant where the user typed them.
  const cwd = env.INIT_CWD ?? process.cwd();
  const file = resolve(cwd, values.file);
  const historyDir = resolve(cwd, values.history ?? defaultHistoryDir(env));

  // Read before anything is written, so a mistyped --file leaves nothing behind.
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ExitError(EXIT.noInput, `cannot read ${values.file}: ${fileProblem(error)}`);
  });
  const match = await matchImport(historyDir, file, bytes, { again: values.again });
  if (match.kind === "copy") {
    const when = match.record.versions[0]!.importedAt;
    throw new ExitError(EXIT.duplicateFile, `${values.file} has the same content as ${match.record.path}, imported ${when} (import ${match.record.importId}); nothing was sent. Run again with --again to record its sales a second time.`);
  }
  let sales;
  try {
    sales = readSalesCsv(bytes, rowIdOf(match.record, file));
  } catch (error) {
    throw new ExitError(EXIT.badCsv, `${values.file} is not a CSV this importer can read: ${(error as Error).message}`);
  }
  process.stderr.write(`${describeMatch(match)}\n`);

  const outbox = await FileOutbox.open(journalPath(historyDir, match.record));
  try {
    const queued = await outbox.append(sales);
    const engine = new SyncEngine({ outbox, transport: trpcTransport(createTillsyncClient({ url: values.url, apiKey })), batchSize, maxAttempts });
    const requeued = values["retry-rejected"] ? await engine.retryRejected() : 0;
    const result = await drainWithProgress(engine);
    return report(await outbox.all(), { file: values.file, queued, requeued, result, url: values.url });
  } finally {
    await outbox.close();
  }
}

function fileProblem(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  if (error.code === "EISDIR") return "it is a folder, not a file";
  return error.message;
}

function describeMatch(match: Exclude<ImportMatch, { kind: "copy" }>): string {
  const id = `import ${match.record.importId}`;
  if (match.kind === "same") return `${id}: this file was imported before; resuming (nothing is recorded twice)`;
  if (match.kind === "grown") return `${id}: this file continues an earlier import; only rows added since are new`;
  if (match.adopted) return `${id}: new import, taking over the journal ${match.adopted} of an earlier version`;
  return `${id}: new import`;
}

function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new ExitError(EXIT.usage, `${option} must be a positive integer`);
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

/**
 * The summary: created (recorded by this import), already recorded (the server had the
 * sale: a replay is never called created), rejected, pending. Returns the exit code.
 */
function report(entries: OutboxEntry[], run: { file: string; queued: number; requeued: number; result: DrainResult; url: string }): number {
  const count = (keep: (entry: OutboxEntry) => boolean) => entries.filter(keep).length;
  const created = count((entry) => entry.status === "synced" && entry.replayed === false);
  const already = count((entry) => entry.status === "synced" && entry.replayed !== false);
  const rejected = entries.filter((entry) => entry.status === "rejected");
  const pending = count((entry) => entry.status === "pending");
  process.stdout.write(
    `${run.file}: ${entries.length} sales; ${created} created, ${already} already recorded, ${rejected.length} rejected, ${pending} pending` +
      ` (this run queued ${run.queued} new${run.requeued ? `, retried ${run.requeued} rejected` : ""})\n`,
  );
  for (const entry of rejected) {
    process.stdout.write(`rejected ${entry.externalId}: ${entry.rejection?.code} ${entry.rejection?.message}\n`);
  }
  if (rejected.length > 0) process.stdout.write(`fix the cause, then run again with --retry-rejected to send the rejected sales again\n`);
  if (run.result.outcome === "halted" || run.result.outcome === "gave-up") {
    const reason = run.result.error instanceof Error ? run.result.error.message : String(run.result.error);
    const halted = run.result.outcome === "halted";
    process.stderr.write(
      `import-csv: stopped: ${reason}\n` +
        `${pending} sales still pending, none rejected for this. ${halted ? `Check --url (${run.url}) and --api-key, then run again` : "Run again when the server is back"}: the import resumes where it stopped.\n`,
    );
    return halted ? EXIT.halted : EXIT.unreachable;
  }
  if (pending > 0) return EXIT.unreachable;
  return rejected.length > 0 ? EXIT.rejected : EXIT.ok;
}

try {
  process.exitCode = await main(
    process.argv.slice(2).filter((arg) => arg !== "--"),
    process.env,
  );
} catch (error) {
  process.stderr.write(`import-csv: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ExitError ? error.code : EXIT.failed;
}
