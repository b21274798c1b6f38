import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

// Two processes that open one PGlite directory corrupt it for good (checked: the next
// open aborts inside PGlite's WASM), and PGlite takes no lock of its own. Hand-written
// rather than proper-lockfile: that library decides staleness by an mtime heartbeat,
// which PGlite starves while it runs WASM on the main thread for seconds; a pid check is
// exact for a local directory, which only processes on this machine can open.

/** Directories this process holds: its own pid in a lock file cannot tell them apart from a stale lock. */
const heldHere = new Set<string>();

/** Takes the directory for this process, or explains who holds it. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = `${resolve(dataDir)}.lock`;
  if (heldHere.has(lockFile)) throw new Error(`The database in ${dataDir} is already open in this process.`);
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      heldHere.add(lockFile);
      return () => {
        heldHere.delete(lockFile);
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number.parseInt(readFileSync(lockFile, "utf8"), 10);
    if (isOtherLiveProcess(holder)) {
      throw new Error(
        `The database in ${dataDir} is in use by process ${holder} (a running \`tillsync serve\`?). ` +
          `Stop that process first, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
    // Left behind by a process that died without releasing it.
    rmSync(lockFile, { force: true });
  }
}

function isOtherLiveProcess(pid: number): boolean {
  // Our own pid in the file means a previous run of a container whose main process is
  // always pid 1, not a live holder.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
