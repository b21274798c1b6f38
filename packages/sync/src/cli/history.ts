import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";

import type { SaleInputRaw } from "@tillsync/validators";
import { lock } from "proper-lockfile";
import { v4 as uuidv4, v5 as uuidv5 } from "uuid";

import { contentOfSale, rowFingerprint, type SaleRow } from "./csv";

/** Namespace of the ids of rows without external_id (UUID v5). */
const ROW_NAMESPACE = "6f0c1c1e-8a43-5b0e-9d6e-3f1f6a2b7c41";

/**
 * One import, as kept in the history: `<dir>/<importId>.json` next to its journal
 * `<dir>/<importId>.outbox.jsonl` (a FileOutbox).
 *
 * Format 2 keeps the import's rows, so a file is matched by its parsed rows (a re-encoded
 * file is the same import). Format 1 (the build before: rows keyed by row number, matched
 * by bytes only) is read and migrated: the rows its journal holds keep their ids
 * (`legacyKeys`), its `rows` stay unknown until a file matches it by bytes.
 */
export interface ImportRecord {
  format: 2;
  importId: string;
  /** The path the file was last imported from. */
  path: string;
  /** Every content this import has seen, oldest first. */
  versions: { size: number; sha256: string; importedAt: string; rows?: number; how?: "new" | "grown" | "re-encoded" | "edited" }[];
  /** `rowFingerprint` of each row of the latest content; null for a migrated format-1 import not matched since. */
  rows: string[] | null;
  /** Rows without external_id that earlier builds keyed by row number: `${occurrence}:${content}` → their id. */
  legacyKeys?: Record<string, string>;
}

interface ImportRecordV1 {
  format: 1;
  importId: string;
  path: string;
  versions: { size: number; sha256: string; importedAt: string }[];
  rowIds: "import" | "file-name";
}

export type ImportMatch =
  /** A new import (`adopted`: it took over the previous build's journal next to the CSV). */
  | { kind: "new"; record: ImportRecord; adopted?: string }
  /** The same rows imported before from this path (`reencoded`: in other bytes): resume, nothing new to queue. */
  | { kind: "same"; record: ImportRecord; reencoded: boolean }
  /** An earlier import's rows are the start of this file: they keep their ids, only the rows after them are new. */
  | { kind: "grown"; record: ImportRecord }
  /** `edited`: the import of this path, corrected: unchanged rows keep their ids, changed rows are new sales. */
  | { kind: "edited"; record: ImportRecord }
  /** The same rows imported before from another path: refused unless `again`. */
  | { kind: "copy"; record: ImportRecord }
  /**
   * This path was imported before and its rows changed (not a continuation): refused
   * unless `edited` or `again`. `row`: the first changed row (1 = after the header), when known.
   */
  | { kind: "changed"; record: ImportRecord; row?: number; before?: string; after?: string };

/**
 * Where import history lives: `--history`, else TILLSYNC_IMPORTS_DIR, else
 * $XDG_STATE_HOME/tillsync/imports, else ~/.local/state/tillsync/imports (the XDG default).
 */
export function defaultHistoryDir(env: { TILLSYNC_IMPORTS_DIR?: string; XDG_STATE_HOME?: string }): string {
  if (env.TILLSYNC_IMPORTS_DIR) return env.TILLSYNC_IMPORTS_DIR;
  // Empty counts as unset (XDG spec): env.ts reads empty variables as undefined.
  const state = env.XDG_STATE_HOME ?? join(homedir(), ".local", "state");
  return join(state, "tillsync", "imports");
}

export const journalPath = (dir: string, record: Pick<ImportRecord, "importId">) => join(dir, `${record.importId}.outbox.jsonl`);

/**
 * The id of a row without external_id: UUID v5 of the import's id, the row's canonical
 * content and its occurrence among identical rows, so a continuation or a re-encoding of
 * the file keeps every id, and an edited row gets a new one. Rows an earlier build keyed
 * by row number keep that id.
 */
export function rowIdOf(record: Pick<ImportRecord, "importId" | "legacyKeys">): (row: SaleRow) => string {
  return (row) => record.legacyKeys?.[`${row.occurrence}:${row.content}`] ?? uuidv5(`${record.importId}:${row.content}:${row.occurrence}`, ROW_NAMESPACE);
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * Finds the import a file belongs to, by its parsed rows (issue 15), and records it:
 * - the same rows as an earlier import from the same path → "same" (resume; other bytes,
 *   e.g. CRLF or a BOM, are the same import re-encoded);
 * - an earlier import's rows followed by more → "grown" (earlier rows keep their ids);
 * - this path imported before, other rows → "changed" (refused; `edited` makes it
 *   "edited", `again` a new import);
 * - the same rows as an import from another path → "copy" (refused; `again` → new import);
 * - anything else, a different file with the same name included → "new".
 * A migrated format-1 import whose rows are unknown is compared by bytes instead.
 * "changed" and "copy" write nothing. The history folder is locked while it is read and
 * written, so two importers started together do not both start the same import.
 */
export async function matchImport(
  dir: string,
  path: string,
  bytes: Uint8Array,
  rows: readonly SaleRow[],
  { again = false, edited = false, now = new Date() } = {},
): Promise<ImportMatch> {
  await mkdir(dir, { recursive: true });
  const release = await lock(dir, { lockfilePath: join(dir, "history.lock"), retries: { retries: 20, minTimeout: 100, factor: 1 } });
  try {
    const records = await readRecords(dir);
    const prints = rows.map(rowFingerprint);
    const hash = sha256(bytes);
    const version = { size: bytes.length, sha256: hash, importedAt: now.toISOString(), rows: rows.length };
    const save = async (record: ImportRecord, how: NonNullable<ImportRecord["versions"][number]["how"]>) => {
      const updated: ImportRecord = { ...record, path, rows: prints, versions: [...record.versions, { ...version, how }] };
      await saveRecord(dir, updated);
      return updated;
    };

    if (!again) {
      const same = (record: ImportRecord) => (record.rows ? sameList(record.rows, prints) : record.versions.some((v) => v.sha256 === hash));
      const here = records.filter((record) => record.path === path);
      const sameHere = here.find(same);
      if (sameHere) {
        const reencoded = !sameHere.versions.some((v) => v.sha256 === hash);
        return { kind: "same", record: reencoded || !sameHere.rows ? await save(sameHere, "re-encoded") : sameHere, reencoded };
      }
      const latestHere = here.at(-1);
      if (latestHere) {
        if (continues(latestHere, prints, bytes)) return { kind: "grown", record: await save(latestHere, "grown") };
        if (edited) return { kind: "edited", record: await save(latestHere, "edited") };
        return { kind: "changed", record: latestHere, ...firstChange(latestHere.rows, rows) };
      }
      const copy = records.find(same);
      if (copy) return { kind: "copy", record: copy };
      // A file moved and grown: the import whose rows are the longest start of this file.
      const grown = records.filter((record) => continues(record, prints, bytes)).sort((a, b) => rowCount(b) - rowCount(a))[0];
      if (grown) return { kind: "grown", record: await save(grown, "grown") };
    }

    const fresh: ImportRecord = { format: 2, importId: uuidv4(), path, versions: [], rows: prints };
    const legacy = `${path}.outbox.jsonl`;
    const adopted = !again && (await adoptLegacyJournal(legacy, journalPath(dir, fresh)));
    if (adopted) {
      const legacyKeys = await legacyKeysOf(journalPath(dir, fresh), (row) => uuidv5(`${basename(path)}:${row}`, ROW_NAMESPACE));
      return { kind: "new", record: await save({ ...fresh, legacyKeys }, "new"), adopted: legacy };
    }
    return { kind: "new", record: await save(fresh, "new") };
  } finally {
    await release();
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
const rowCount = (record: ImportRecord) => record.rows?.length ?? record.versions.at(-1)?.size ?? 0;

/** The record's rows (or, rows unknown, its latest bytes ending at a row boundary) are the start of this file, and it has more. */
function continues(record: ImportRecord, prints: readonly string[], bytes: Uint8Array): boolean {
  if (record.rows) return record.rows.length > 0 && record.rows.length < prints.length && record.rows.every((value, index) => value === prints[index]);
  const { size, sha256: hash } = record.versions.at(-1)!;
  if (size === 0 || size >= bytes.length) return false;
  const atBoundary = bytes[size - 1] === 0x0a || bytes[size] === 0x0a || bytes[size] === 0x0d;
  return atBoundary && sha256(bytes.subarray(0, size)) === hash;
}

function firstChange(before: readonly string[] | null, rows: readonly SaleRow[]): { row?: number; before?: string; after?: string } {
  if (!before) return {};
  const index = rows.findIndex((row, i) => before[i] !== rowFingerprint(row));
  if (index === -1) return { row: rows.length + 1, before: before[rows.length] };
  return { row: index + 1, ...(before[index] !== undefined ? { before: before[index] } : {}), after: rowFingerprint(rows[index]!) };
}

async function readRecords(dir: string): Promise<ImportRecord[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".json"));
  const stored = await Promise.all(
    names.map(async (name) => JSON.parse(await readFile(join(dir, name), "utf8")) as ImportRecord | ImportRecordV1 | { format: number }),
  );
  const records: ImportRecord[] = [];
  for (const record of stored) {
    if (record.format === 2) records.push(record as ImportRecord);
    else if (record.format === 1) records.push(await migrateRecord(dir, record as ImportRecordV1));
    else throw new Error(`the import history ${dir} was written by a newer version of Tillsync (import format ${record.format}); update this tool to read it`);
  }
  const lastImported = (record: ImportRecord) => record.versions.at(-1)?.importedAt ?? "";
  return records.sort((a, b) => lastImported(a).localeCompare(lastImported(b)));
}

/**
 * A format-1 import keyed rows by row number: its journal says which rows it holds
 * (every row became one item, so row numbers run up to the journal's item count), and
 * each keeps its id by its content. Saved, so this runs once.
 */
async function migrateRecord(dir: string, old: ImportRecordV1): Promise<ImportRecord> {
  const keyOfRow =
    old.rowIds === "file-name"
      ? (row: number) => uuidv5(`${basename(old.path)}:${row}`, ROW_NAMESPACE)
      : (row: number) => uuidv5(`${old.importId}:${row}`, ROW_NAMESPACE);
  const legacyKeys = await legacyKeysOf(journalPath(dir, old), keyOfRow);
  const record: ImportRecord = { format: 2, importId: old.importId, path: old.path, versions: old.versions, rows: null, legacyKeys };
  await saveRecord(dir, record);
  return record;
}

/** `${occurrence}:${content}` → id, for the sales of a journal whose ids `keyOfRow(row number)` gave. */
async function legacyKeysOf(journal: string, keyOfRow: (row: number) => string): Promise<Record<string, string>> {
  const sales = await journalSales(journal);
  const items = [...sales.values()].reduce((sum, sale) => sum + sale.items.length, 0);
  const keys: Record<string, string> = {};
  const seen = new Map<string, number>();
  for (let row = 1; row <= items; row++) {
    const sale = sales.get(keyOfRow(row));
    const content = sale && contentOfSale(sale);
    if (!content) continue;
    const occurrence = (seen.get(content) ?? 0) + 1;
    seen.set(content, occurrence);
    keys[`${occurrence}:${content}`] = sale.externalId;
  }
  return keys;
}

/** The sales queued in a journal (FileOutbox lines), by externalId; none if there is no journal. */
async function journalSales(journal: string): Promise<Map<string, SaleInputRaw>> {
  const text = await readFile(journal, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const sales = new Map<string, SaleInputRaw>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const record = JSON.parse(line) as { type?: string; entry?: { sale: SaleInputRaw } };
      if (record.type === "queued" && record.entry) sales.set(record.entry.sale.externalId, record.entry.sale);
    } catch {
      // A last line left half-written by a crash: FileOutbox cuts it off when it opens.
    }
  }
  return sales;
}

/** Written to a temporary file and renamed, so a crash leaves the old record or the new one. */
async function saveRecord(dir: string, record: ImportRecord) {
  const path = join(dir, `${record.importId}.json`);
  await writeFile(`${path}.tmp`, `${JSON.stringify(record)}\n`);
  await rename(`${path}.tmp`, path);
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
