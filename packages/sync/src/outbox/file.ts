import { mkdir, open, readFile, truncate, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";

import type { SaleInputRaw } from "@tillsync/validators";
import { lock } from "proper-lockfile";

import { MemoryOutbox } from "./memory";
import type { OutboxEntry, Settlement } from "./types";

type LogRecord = { type: "queued"; entry: OutboxEntry } | { type: "settled"; at: string; settlements: Settlement[] };

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
      throw new Error(`${path} is in use by another process (one killed in the last ${LOCK_STALE_MS / 1000} s still holds it)`);
    }
    try {
      const records = await readLog(path);
      const outbox = new FileOutbox(await open(path, "a"), release);
      outbox.replay(records);
      return outbox;
    } catch (error) {
      await release();
      throw error;
    }
  }

  override async append(sales: readonly SaleInputRaw[]): Promise<number> {
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

  async close(): Promise<void> {
    await this.handle.close();
    await this.release();
  }

  private replay(records: LogRecord[]) {
    for (const record of records) {
      if (record.type === "queued") this.add([record.entry]);
      else this.settleNow(record.settlements, new Date(record.at));
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
