import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";

import { lock } from "proper-lockfile";
import { v4 as uuidv4, v5 as uuidv5 } from "uuid";

/** Namespace of the ids of rows without external_id (UUID v5 of import id and row). */
const ROW_NAMESPACE = "6f0c1c1e-8a43-5b0e-9d6e-3f1f6a2b7c41";

/**
 * One import, as kept in the history: `<dir>/<importId>.json` next to its journal
 * `<dir>/<importId>.outbox.jsonl` (a FileOutbox).
 */
export interface ImportRecord {
  format: 1;
  importId: string;
  /** The path the file was last imported from. */
  path: string;
  /** Every content this import has seen, oldest first (a file that grew adds one). */
  versions: { size: number; sha256: string; importedAt: string }[];
  /**
   * How rows without external_id got their ids: "import" = UUID v5 of import id and row;
   * "file-name" = the previous build's UUID v5 of file name and row, kept for a journal
   * that build left next to the CSV so its import resumes with the same ids.
   */
  rowIds: "import" | "file-name";
}

export type ImportMatch =
  /** A new import (`adopted`: it took over the previous build's journal next to the CSV). */
  | { kind: "new"; record: ImportRecord; adopted?: string }
  /** The same content imported before from this path: resume, nothing new to queue. */
  | { kind: "same"; record: ImportRecord }
  /** An earlier import's content is the start of this file: its rows keep their ids, only the rows after it are new. */
  | { kind: "grown"; record: ImportRecord }
  /** The same content imported before from another path: refused unless `again`. */
  | { kind: "copy"; record: ImportRecord };

/**
 * Where import history lives: `--history`, else TILLSYNC_IMPORTS_DIR, else
 * $XDG_STATE_HOME/tillsync/imports, else ~/.local/state/tillsync/imports (the XDG default).
 */
export function defaultHistoryDir(env: NodeJS.ProcessEnv): string {
  if (env.TILLSYNC_IMPORTS_DIR) return env.TILLSYNC_IMPORTS_DIR;
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "tillsync", "imports");
}

export const journalPath = (dir: string, record: ImportRecord) => join(dir, `${record.importId}.outbox.jsonl`);

/** The id of row `row` (1 = first after the header) of this import, for rows without external_id. */
export function rowIdOf(record: ImportRecord, path: string): (row: number) => string {
  return record.rowIds === "file-name" ? (row) => uuidv5(`${basename(path)}:${row}`, ROW_NAMESPACE) : (row) => uuidv5(`${record.importId}:${row}`, ROW_NAMESPACE);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Finds the import a file belongs to, by content (issue 15, item 3), and records it:
 * - the same bytes as an earlier import from the same path → "same" (resume);
 * - the same bytes from another path → "copy" (refused; `again` makes it a new import);
 * - an earlier import's bytes as the start of this file, ending at a row boundary →
 *   "grown" (its import id, so earlier rows keep their ids; the new content is added);
 * - anything else, a different file with the same name included → "new".
 * The history folder is locked while it is read and written, so two importers started
 * together do not both start the same import.
 */
export async function matchImport(dir: string, path: string, bytes: Uint8Array, { again = false, now = new Date() } = {}): Promise<ImportMatch> {
  await mkdir(dir, { recursive: true });
  const release = await lock(dir, { lockfilePath: join(dir, "history.lock"), retries: { retries: 20, minTimeout: 100, factor: 1 } });
  try {
    const records = await readRecords(dir);
    const hash = sha256(bytes);
    const version = { size: bytes.length, sha256: hash, importedAt: now.toISOString() };
    const exact = records.filter((record) => record.versions.some((v) => v.sha256 === hash));
    const here = exact.find((record) => record.path === path);
    if (here) return { kind: "same", record: here };
    if (exact.length > 0 && !again) return { kind: "copy", record: exact[0]! };

    if (!again) {
      const grown = latestPrefix(records, bytes);
      if (grown) {
        const record: ImportRecord = { ...grown.record, path, versions: [...grown.record.versions, version] };
        await saveRecord(dir, record);
        return { kind: "grown", record };
      }
    }

    const record: ImportRecord = { format: 1, importId: uuidv4(), path, versions: [version], rowIds: "import" };
    const legacy = `${path}.outbox.jsonl`;
    const adopted = !again && exact.length === 0 && (await adoptLegacyJournal(legacy, journalPath(dir, record)));
    if (adopted) record.rowIds = "file-name";
    await saveRecord(dir, record);
    return adopted ? { kind: "new", record, adopted: legacy } : { kind: "new", record };
  } finally {
    await release();
  }
}

async function readRecords(dir: string): Promise<ImportRecord[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  const records = await Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), "utf8")) as ImportRecord));
  return records.filter((record) => record.format === 1).sort((a, b) => a.versions[0]!.importedAt.localeCompare(b.versions[0]!.importedAt));
}

/** Written to a temporary file and renamed, so a crash leaves the old record or the new one. */
async function saveRecord(dir: string, record: ImportRecord) {
  const path = join(dir, `${record.importId}.json`);
  await writeFile(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

/**
 * The import whose latest content is the longest start of `bytes` ending at a row
 * boundary (the earlier content ended with a newline, or the next byte is one).
 */
function latestPrefix(records: ImportRecord[], bytes: Uint8Array): { record: ImportRecord } | undefined {
  let best: { record: ImportRecord; size: number } | undefined;
  for (const record of records) {
    const { size, sha256: hash } = record.versions.at(-1)!;
    if (size === 0 || size >= bytes.length || (best && best.size >= size)) continue;
    const atBoundary = bytes[size - 1] === 0x0a || bytes[size] === 0x0a || bytes[size] === 0x0d;
    if (atBoundary && sha256(bytes.subarray(0, size)) === hash) best = { record, size };
  }
  return best && { record: best.record };
}

/** The previous build kept its journal next to the CSV: copy it into the history (the original stays). */
async function adoptLegacyJournal(legacy: string, journal: string): Promise<boolean> {
  try {
    await copyFile(legacy, journal);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return false;
    throw error;
  }
}
