import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

// Two processes that open one PGlite directory corrupt it for good (checked: the next
// open aborts inside PGlite's WASM), and PGlite takes no lock of its own.
//
// Claim, then look: every process that wants the directory first writes a claim named by
// its pid into `<dataDir>.locks/`, then lists the claims. It holds the directory only if
// no other live process has a claim there; otherwise it withdraws its own and tries again
// a little later. Of two processes racing, the one that lists last always sees the other's
// claim, so two can never both hold it; the worst a race does is make both withdraw once.
// A claim whose process is gone is removed by whoever sees it: removing a dead process's
// claim can never hand the directory to two live ones (a single lock file taken over by
// "remove the stale file, create mine" could: two processes that both saw it stale both
// got it). Hand-written rather than proper-lockfile: that library decides staleness by an
// mtime heartbeat, which PGlite starves while it runs WASM on the main thread for seconds;
// a pid check is exact for a local directory, which only processes on this machine open.

/** Directories this process holds: its own pid cannot tell them apart from a claim left by an earlier run. */
const heldHere = new Set<string>();

/** How often, and how long apart (ms, randomised so racing processes fall out of step), to try again. */
const ATTEMPTS = 20;
const BACKOFF_MS = [10, 50] as const;

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes `dataDir` for this process (synchronously: PGlite is opened synchronously too) and
 * returns the function that releases it. Throws, naming the holder's pid, when another live
 * process holds it, and when this process already does.
 */
export function lockDataDir(dataDir: string): () => void {
  const claims = `${resolve(dataDir)}.locks`;
  if (heldHere.has(claims)) throw new Error(`The database in ${dataDir} is already open in this process.`);
  mkdirSync(claims, { recursive: true });
  const mine = join(claims, String(process.pid));
  for (let attempt = 1; ; attempt++) {
    writeFileSync(mine, "");
    const holders = readdirSync(claims)
      .map(Number)
      .filter((pid) => pid !== process.pid && keepIfLive(claims, pid));
    if (holders.length === 0) {
      heldHere.add(claims);
      return () => {
        heldHere.delete(claims);
        rmSync(mine, { force: true });
      };
    }
    rmSync(mine, { force: true });
    if (attempt === ATTEMPTS) {
      throw new Error(
        `The database in ${dataDir} is in use by process ${holders[0]} (a running \`tillsync serve\`?). ` +
          `Stop that process first, or set DATABASE_URL to use PostgreSQL. ` +
          `(If no such process is Tillsync's, delete ${join(claims, String(holders[0]))}.)`,
      );
    }
    sleep(BACKOFF_MS[0] + Math.random() * (BACKOFF_MS[1] - BACKOFF_MS[0]));
  }
}

/** Is the claim of `pid` a live process's? A dead one's claim is removed on the way. */
function keepIfLive(claims: string, pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EPERM") return true;
  }
  rmSync(join(claims, String(pid)), { force: true });
  return false;
}
