// Imports sales from a CSV through `sale.sync` (DESIGN.md §5). Each import has a journal
// (an outbox file) in the import history, found again by the file's content, so an
// interrupted import resumes where it stopped and a finished one sends nothing again.
// Results on stdout, progress and errors on stderr.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

import { SingleBar } from "cli-progress";

import { createTillsyncClient } from "../client";
import { MAX_BATCH_SIZE, SyncEngine, type DrainResult, type SyncStatus } from "../engine";
import { FileOutbox } from "../outbox/file";
import { payloadKind, type OutboxEntry } from "../outbox/types";
import { trpcTransport } from "../transport";
import { readSaleRows, salesOf } from "./csv";
import { env as cliEnv, type CliEnv } from "./env";
import { defaultHistoryDir, journalPath, matchImport, rowIdOf, type ImportMatch, type ImportRecord } from "./history";

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
  /** The file at this path was imported before and its rows changed; --edited (a correction) or --again (a new export) says which. */
  changedFile: 6,
  usage: 64,
  /** The file is not a CSV the importer can read. */
  badCsv: 65,
  /** --file is missing or cannot be read. */
  noInput: 66,
} as const;

const usage = `Usage: pnpm tillsync-import --file sales.csv --url http://127.0.0.1:4000 --api-key <key>
  --file            CSV with columns external_id, client_timestamp, source_device, cashier_id (optional),
                    product_id, quantity, unit_price
  --url             the API's base URL (http:// or https://)
  --api-key         a device or manager API key (or TILLSYNC_API_KEY)
  --history         folder of the import history (or TILLSYNC_IMPORTS_DIR;
                    default $XDG_STATE_HOME/tillsync/imports, else ~/.local/state/tillsync/imports)
  --edited          the file was imported before from this path and has been corrected since: unchanged
                    rows stay recorded once, changed rows are recorded as new sales
  --again           the file is a new export (its rows were imported before, from here or another path):
                    record its sales as new ones
  --retry-rejected  send the sales the server rejected earlier again (after fixing the cause)
  --batch-size      sales per sale.sync call, 1..${MAX_BATCH_SIZE} (default ${MAX_BATCH_SIZE})
  --max-attempts    failed calls in a row before giving up (default 10; run again to resume)
Exit codes: 0 all recorded, 2 some rejected, 3 pending (server unreachable), 4 pending (server
refused the call: check --url and --api-key), 5 file already imported from another path,
6 file changed since it was imported from this path (--edited or --again), 64 usage, 65 not a readable CSV, 66 --file missing or unreadable, 1 anything else.`;

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

async function main(argv: string[], env: CliEnv): Promise<number> {
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
        edited: { type: "boolean", default: false },
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
  if (values.again && values.edited) throw new ExitError(EXIT.usage, `--edited and --again contradict each other: give one\n${usage}`);
  const url = httpUrl(values.url);
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
  let rows;
  try {
    rows = readSaleRows(bytes);
  } catch (error) {
    throw new ExitError(EXIT.badCsv, `${values.file} is not a CSV this importer can read: ${(error as Error).message}`);
  }
  // Nothing to record, and nothing kept: an empty export is not an import to match later ones against.
  if (rows.length === 0) {
    process.stdout.write(`no sales in ${values.file}\n`);
    return EXIT.ok;
  }
  const match = await matchImport(historyDir, file, bytes, rows, { again: values.again, edited: values.edited });
  if (match.kind === "copy") {
    const when = match.record.versions[0]!.importedAt;
    throw new ExitError(
      EXIT.duplicateFile,
      `${values.file} has the same content as ${match.record.path} (the same sales), imported ${when} (import ${match.record.importId}); nothing was sent. Run again with --again to record its sales a second time.`,
    );
  }
  if (match.kind === "changed") throw new ExitError(EXIT.changedFile, await changedMessage(values.file, historyDir, match));
  const sales = salesOf(rows, rowIdOf(match.record));
  process.stderr.write(`${describeMatch(match)}\n`);
  if (match.kind === "new" && values["retry-rejected"]) {
    process.stderr.write(`--retry-rejected: ${values.file} was not imported before, so there are no rejected sales to retry; importing it as a new file\n`);
  }

  const outbox = await FileOutbox.open(journalPath(historyDir, match.record));
  try {
    const engine = new SyncEngine({ outbox, transport: trpcTransport(createTillsyncClient({ url, apiKey })), batchSize, maxAttempts });
    const replaced = match.kind === "edited" ? await settleEditedRows(engine, outbox, sales) : [];
    const queued = await outbox.append(sales);
    const requeued = values["retry-rejected"] ? await engine.retryRejected() : 0;
    if (values["retry-rejected"] && match.kind !== "new" && requeued === 0) {
      process.stderr.write(`--retry-rejected: import ${match.record.importId} has no rejected sales to retry\n`);
    }
    const result = await drainWithProgress(engine);
    // The summary is of the file's sales; the discard records an edit queued travel with them.
    return report(
      (await outbox.all()).filter((entry) => payloadKind(entry.sale) === "sale"),
      { file: values.file, queued, requeued, result, url, replaced },
    );
  } finally {
    await outbox.close();
  }
}

const EDIT_REASON = "replaced by an edit of the file";

/**
 * An edited file (`--edited`): the earlier import's sales whose row is gone. Rejected ones
 * are discarded (never recorded, and the row that replaced them is a sale of its own), so
 * they no longer hold the exit code; each discard is queued and recorded on the server with
 * the sale as it was (DESIGN.md §7), like a till's; recorded or pending ones stay as they are:
 * a sale that reached the server stays recorded (staff reverse it in the admin app), and a
 * pending one may have reached it already, so it is still sent, never dropped.
 * Returns the gone sales that were not discarded, for the summary.
 */
async function settleEditedRows(engine: SyncEngine, outbox: FileOutbox, sales: readonly { externalId: string }[]): Promise<OutboxEntry[]> {
  const kept = new Set(sales.map((sale) => sale.externalId));
  const gone = (await outbox.all()).filter((entry) => !kept.has(entry.externalId) && entry.status !== "discarded" && entry.sale.type !== "discard");
  for (const entry of gone.filter((entry) => entry.status === "rejected")) await engine.discardRejected(entry.externalId, EDIT_REASON);
  return gone.filter((entry) => entry.status !== "rejected");
}

/** Why a changed file is refused: the earlier import, its date and counts, the first changed row, and what to say. */
async function changedMessage(file: string, historyDir: string, match: Extract<ImportMatch, { kind: "changed" }>): Promise<string> {
  const { record } = match;
  const outbox = await FileOutbox.open(journalPath(historyDir, record));
  const counts = await outbox.counts().finally(() => outbox.close());
  const when = record.versions.at(-1)!.importedAt;
  const change =
    match.row === undefined
      ? "its content changed"
      : match.after === undefined
        ? `row ${match.row} and the rows after it were removed`
        : match.before === undefined
          ? `row ${match.row} is new`
          : `row ${match.row} changed (was ${match.before}, now ${match.after})`;
  return (
    `${file} changed since it was imported from this path on ${when} (import ${record.importId}: ${describeCounts(counts, record)}): ${change}; nothing was sent.\n` +
    `If you corrected the file, run again with --edited: unchanged rows stay recorded once, changed rows are recorded as new sales` +
    ` (add --retry-rejected to send rejected ones again). If it is a new export, run again with --again to record all its sales as new ones.`
  );
}

function describeCounts(counts: Record<OutboxEntry["status"], number>, record: ImportRecord): string {
  const parts = [`${counts.synced} recorded`, `${counts.rejected} rejected`, `${counts.pending} pending`];
  if (counts.discarded > 0) parts.push(`${counts.discarded} discarded`);
  const rows = record.versions.at(-1)!.rows;
  return `${rows === undefined ? "" : `${rows} rows, `}${parts.join(", ")}`;
}

/** The API's base URL; anything but an http(s) address is a usage error, not something to retry. */
function httpUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === "http:" || url.protocol === "https:") && url.host) return value;
  const reason = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? "only http:// and https:// are supported" : "it has no http:// or https:// in front";
  throw new ExitError(
    EXIT.usage,
    `--url ${value} is not an address the importer can use: ${reason}. Give the API's base URL, for example http://127.0.0.1:4000\n${usage}`,
  );
}

function fileProblem(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "no such file";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  if (error.code === "EISDIR") return "it is a folder, not a file";
  return error.message;
}

function describeMatch(match: Exclude<ImportMatch, { kind: "copy" | "changed" }>): string {
  const id = `import ${match.record.importId}`;
  if (match.kind === "same" && match.reencoded)
    return `${id}: this file was imported before (written differently, the same sales); resuming (nothing is recorded twice)`;
  if (match.kind === "same") return `${id}: this file was imported before; resuming (nothing is recorded twice)`;
  if (match.kind === "edited") return `${id}: this file was imported before and has been edited; unchanged rows stay recorded once, changed rows are new sales`;
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
  // Only a failure the engine will try again is "retrying"; the last line says why the drain stopped.
  const onChange = (status: SyncStatus) =>
    bar.update(status.synced + status.rejected, {
      rejected: status.rejected,
      note: status.lastError && status.nextRetryAt ? `retrying: ${status.lastError}` : "",
    });
  engine.events.on("change", onChange);
  try {
    const result = await engine.drain();
    engine.events.off("change", onChange);
    const end = await engine.status();
    const stopped = result.outcome === "halted" || result.outcome === "gave-up" ? `stopped: ${errorMessage(result.error)}` : "";
    bar.update(end.synced + end.rejected, { rejected: end.rejected, note: stopped });
    return result;
  } finally {
    engine.events.off("change", onChange);
    bar.stop();
  }
}

/**
 * The summary: created (recorded by this import), already recorded (the server had the
 * sale: a replay is never called created), rejected, pending. Returns the exit code.
 */
function report(
  entries: OutboxEntry[],
  run: { file: string; queued: number; requeued: number; result: DrainResult; url: string; replaced: OutboxEntry[] },
): number {
  const count = (keep: (entry: OutboxEntry) => boolean) => entries.filter(keep).length;
  const created = count((entry) => entry.status === "synced" && entry.replayed === false);
  const already = count((entry) => entry.status === "synced" && entry.replayed !== false);
  const rejected = entries.filter((entry) => entry.status === "rejected");
  const pending = count((entry) => entry.status === "pending");
  const discarded = entries.filter((entry) => entry.status === "discarded");
  process.stdout.write(
    `${run.file}: ${entries.length} sales; ${created} created, ${already} already recorded, ${rejected.length} rejected, ${pending} pending` +
      `${discarded.length ? `, ${discarded.length} discarded` : ""} (this run queued ${run.queued} new${run.requeued ? `, retried ${run.requeued} rejected` : ""})\n`,
  );
  for (const entry of discarded) process.stdout.write(`discarded ${entry.externalId}: ${entry.discardReason}\n`);
  for (const entry of run.replaced) {
    const state = entries.find((candidate) => candidate.externalId === entry.externalId)?.status === "synced" ? "is recorded" : "is still being sent";
    process.stdout.write(
      `no longer in the file: ${entry.externalId} (${JSON.stringify(entry.sale)}) ${state} on the server; if it was wrong, reverse it in the admin app\n`,
    );
  }
  for (const entry of rejected) {
    process.stdout.write(`rejected ${entry.externalId}: ${entry.rejection?.code} ${entry.rejection?.message}\n`);
  }
  if (rejected.length > 0) process.stdout.write(`fix the cause, then run again with --retry-rejected to send the rejected sales again\n`);
  if (run.result.outcome === "halted" || run.result.outcome === "gave-up") {
    const reason = errorMessage(run.result.error);
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

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

try {
  process.exitCode = await main(
    process.argv.slice(2).filter((arg) => arg !== "--"),
    cliEnv,
  );
} catch (error) {
  process.stderr.write(`import-csv: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof ExitError ? error.code : EXIT.failed;
}
