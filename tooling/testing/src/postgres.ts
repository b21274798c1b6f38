// PostgreSQL 15 clusters of a test's own (Debian's binaries, trust auth, 127.0.0.1, a free
// port, a temporary directory): one to stop and restart without touching the shared server on
// :5432, and a streaming standby of one (pg_basebackup), for the reads-from-a-standby tests.
// PostgreSQL refuses to run as root: as root, every tool runs as the `postgres` account.
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort } from "./ports";
import { run } from "./process";

const BIN = "/usr/lib/postgresql/15/bin";

/** Runs a PostgreSQL tool (initdb, pg_ctl, pg_basebackup, psql) as the `postgres` user when this process is root. */
export async function asPostgres(tool: string, args: string[]): Promise<string> {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(BIN, tool), ...args]] : [join(BIN, tool), args];
  const result = await run(command, argv, { cwd: tmpdir(), env: { ...process.env, LC_ALL: "C", PGPASSWORD: "" } });
  if (result.code !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${result.code}):\n${result.output}`);
  return result.stdout;
}

async function postgresIds() {
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (flag) => Number((await run("id", [flag, "postgres"], { cwd: tmpdir(), env: process.env })).output.trim())),
  );
  return { uid: uid!, gid: gid! };
}

/** A directory the cluster's account owns (0700, as PostgreSQL requires). */
async function clusterDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "tillsync-pg-"));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  return dir;
}

export interface PostgresCluster {
  port: number;
  /** Connection string of `database` (default `postgres`): trust auth, user postgres. */
  url(database?: string): string;
  /** Runs SQL as the superuser; the rows, unaligned, one per line. */
  sql(statement: string, database?: string): Promise<string>;
  /** pg_ctl on the cluster: "start", "stop -m fast", "restart -m fast", … */
  ctl(...args: string[]): Promise<void>;
  /** Stops it at once and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

async function startCluster(dir: string, data: string, port: number): Promise<PostgresCluster> {
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const ctl = async (...args: string[]) => {
    await asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", ...args]);
  };
  await ctl("start");
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    sql: (statement, database = "postgres") => asPostgres("psql", ["-d", url(database), "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", statement]),
    ctl,
    destroy: async () => {
      await ctl("stop", "-m", "immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new cluster (initdb, then started), ready for connections. */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = await clusterDir();
  const data = join(dir, "data");
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  return startCluster(dir, data, await freePort());
}

/**
 * A hot standby of `primary`, cloned with pg_basebackup (WAL streamed along, `-R` writes its
 * primary_conninfo) and started: it streams from the primary asynchronously and answers
 * read-only queries. initdb's trust rules let 127.0.0.1 replicate. Stop it (`ctl("stop", …)`)
 * to make it unreachable; `pg_wal_replay_pause()` on it makes it fall behind.
 */
export async function startStandby(primary: PostgresCluster): Promise<PostgresCluster> {
  const dir = await clusterDir();
  const data = join(dir, "data");
  await asPostgres("pg_basebackup", ["-d", primary.url(), "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync"]);
  return startCluster(dir, data, await freePort());
}
