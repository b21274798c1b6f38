// A database server of a test's own, for tests that stop and restart the server: with
// DATABASE_URL a PostgreSQL cluster (the shared one on :5432 serves every other suite and must
// never go down under them), else a PGlite served from a directory of its own.
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { servePglite, testServerUrl } from "@tillsync/db/testing";
import { freePort, run } from "@tillsync/testing";

const BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** Connection string of the `postgres` database (trust auth, user postgres). */
  url: string;
  restart(): Promise<void>;
  destroy(): Promise<void>;
  /** A served PGlite (see servePglite): one session for all connections, so give a pool one. */
  servedPglite: boolean;
}

/**
 * A server to restart: a private PostgreSQL cluster when the tests run on PostgreSQL
 * (DATABASE_URL), else a PGlite in a temporary directory served over the wire protocol, whose
 * restart drops every connection and serves the same directory again on the same port.
 */
export async function startRestartableDatabase(): Promise<PrivatePostgres> {
  if (testServerUrl()) return startPrivatePostgres();
  const dir = mkdtempSync(join(tmpdir(), "tillsync-pglite-"));
  const served = await servePglite({ dataDir: join(dir, "data") });
  return {
    url: served.url,
    restart: () => served.restart(),
    destroy: async () => {
      await served.close();
      rmSync(dir, { recursive: true, force: true });
    },
    servedPglite: true,
  };
}

/** Runs a PostgreSQL tool as the `postgres` user (initdb and postgres refuse to run as root). */
async function asPostgres(tool: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(BIN, tool), ...args]] : [join(BIN, tool), args];
  const result = await run(command, argv, { cwd: tmpdir(), env: { ...process.env, LC_ALL: "C" } });
  if (result.code !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${result.code}):\n${result.output}`);
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "tillsync-pg-"));
  const data = join(dir, "data");
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  await asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const ctl = (...args: string[]) => asPostgres("pg_ctl", ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", ...args]);
  await ctl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl("restart", "-m", "fast"),
    destroy: async () => {
      await ctl("stop", "-m", "immediate").catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    servedPglite: false,
  };
}

async function postgresIds() {
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (flag) => Number((await run("id", [flag, "postgres"], { cwd: tmpdir(), env: process.env })).output.trim())),
  );
  return { uid: uid!, gid: gid! };
}
