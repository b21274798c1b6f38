import { mkdir, open, readFile, rename, truncate, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";

import type { OutboxPayload } from "@tillsync/validators";
import { lock } from "proper-lockfile";

import { discardedEntry } from "./apply";
import { MemoryOutbox } from "./memory";
import { OUTBOX_FORMAT, type OutboxEntry, type Settlement } from "./types";

/** Format 1: queued and settled records, no header. Format 2: a header line first; requeued and discarded records. */
type LogRecord =
  | { type: "format"; version: number }
  | { type: "queued"; entry: OutboxEntry }
  | { type: "settled"; at: string; settlements: Settlement[] }
  | { type: "requeued"; at: string; externalIds: string[] }
  | { type: "discarded"; at: string; externalId: string; reason: string };

/** A killed process leaves its lock behind; after this long without a heartbeat it is taken over. */
const LOCK_STALE_MS = 5_000;

/**
 * A durable outbox for Node tools: an append-only JSON-lines log, replayed into memory on
 * open. Every write is one `write` of whole lines followed by fdatasync, so a crash loses
 * at most the line being written, which `open` then cuts off. Why not a library: SQLite
 * needs a native addon, and JSON stores such as lowdb rewrite the whole file on every
 * write (10,000 sales × every batch); an append log stays O(batch) per write.
 *
 * The file is locked (proper-lockfile, a `<file>.lock` directory with a heartbeat) for as
 * long as it is open, so only one process at a time can queue or drain it.
 */
export class FileOutbox extends MemoryOutbox {
  private constructor(
    private readonly handle: FileHandle,
    private readonly release: () => Promise<void>,
  ) {
    super();
  }

  /** `waitForLockMs`: how long to wait for another holder (or a stale lock) to go away. */
  static async open(path: string, { waitForLockMs = 7_000 }: { waitForLockMs?: number } = {}): Promise<FileOutbox> {
    await mkdir(dirname(path), { recursive: true });
    // Created before locking: proper-lockfile resolves the real path of an existing file.
    await (await open(path, "a")).close();
    let release: () => Promise<void>;
    try {
      release = await lock(path, { stale: LOCK_STALE_MS, retries: { retries: Math.ceil(waitForLockMs / 500), factor: 1, minTimeout: 500 } });
    } catch (error) {
      if ((error as { code?: string }).code !== "ELOCKED") throw error;
      throw new Error(`${path} is in use by another process (one killed in the last ${LOCK_STALE_MS / 1000} s still holds it)`, { cause: error });
    }
    try {
      const records = await migrate(path, await readLog(path));
      const outbox = new FileOutbox(await open(path, "a"), release);
      outbox.replay(records);
      return outbox;
    } catch (error) {
      await release();
      throw error;
    }
  }

  override async append(sales: readonly OutboxPayload[]): Promise<number> {
    const added = this.newEntries(sales, new Date());
    if (added.length === 0) return 0;
    await this.write(added.map((entry) => ({ type: "queued", entry })));
    this.add(added);
    return added.length;
  }

  override async settle(settlements: readonly Settlement[], at: Date): Promise<void> {
    await this.write([{ type: "settled", at: at.toISOString(), settlements: [...settlements] }]);
    this.settleNow(settlements, at);
  }

  override async requeue(externalIds: readonly string[]): Promise<number> {
    const ids = [...new Set(externalIds)].filter((externalId) => this.entries.get(externalId)?.status === "rejected");
    if (ids.length === 0) return 0;
    await this.write([{ type: "requeued", at: new Date().toISOString(), externalIds: ids }]);
    return this.requeueNow(ids);
  }

  override async discard(externalId: string, reason: string, at: Date): Promise<void> {
    discardedEntry(this.entries.get(externalId), externalId, reason, at);
    await this.write([{ type: "discarded", at: at.toISOString(), externalId, reason }]);
    this.discardNow(externalId, reason, at);
  }

  async close(): Promise<void> {
    await this.handle.close();
    await this.release();
  }

  private replay(records: LogRecord[]) {
    for (const record of records) {
      if (record.type === "queued") this.add([record.entry]);
      else if (record.type === "settled") this.settleNow(record.settlements, new Date(record.at));
      else if (record.type === "requeued") this.requeueNow(record.externalIds);
      else if (record.type === "discarded") this.discardNow(record.externalId, record.reason, new Date(record.at));
    }
  }

  private async write(records: LogRecord[]) {
    await this.handle.write(records.map((record) => `${JSON.stringify(record)}\n`).join(""));
    await this.handle.datasync();
  }
}

/** Reads the log, cutting off a last line left half-written by a crash. */
async function readLog(path: string): Promise<LogRecord[]> {
  const text = await readFile(path, "utf8");
  const complete = text.slice(0, text.lastIndexOf("\n") + 1);
  if (complete.length < text.length) await truncate(path, Buffer.byteLength(complete));
  return complete
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as LogRecord);
}

/**
 * Brings a log to the current format. A new file gets the header. A format-1 file (no
 * header) is rewritten as header + its lines unchanged (its records are valid format-2
 * records) to a temporary file that then replaces it, so a crash leaves one or the other,
 * never a mix. A file from a newer version is refused rather than misread.
 */
async function migrate(path: string, records: LogRecord[]): Promise<LogRecord[]> {
  const header: LogRecord = { type: "format", version: OUTBOX_FORMAT };
  const first = records[0];
  if (first?.type === "format") {
    if (first.version > OUTBOX_FORMAT)
      throw new Error(`${path} was written by a newer version of Tillsync (outbox format ${first.version}); update this tool to read it`);
    return records;
  }
  const migrated = [header, ...records];
  const temporary = `${path}.migrating`;
  const handle = await open(temporary, "w");
  try {
    await handle.write(migrated.map((record) => `${JSON.stringify(record)}\n`).join(""));
    await handle.datasync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
  return migrated;
}
