// A PostgreSQL cluster of a test's own, for tests that stop and restart the server: the
// shared one on :5432 serves every other suite and must never go down under them.
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { freePort, run } from "./helpers";

const BIN = "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  /** Connection string of the `postgres` database (trust auth, user postgres). */
  url: string;
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/** Runs a PostgreSQL tool as the `postgres` user (initdb and postgres refuse to run as root). */
async function asPostgres(tool: string, args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(BIN, tool), ...args]] : [join(BIN, tool), args];
  const result = await run(command, argv, { cwd: tmpdir(), env: { ...process.env, LC_ALL: "C" } });
  if (result.code !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${result.code}):\n${result.stdout}${result.stderr}`);
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
  };
}

async function postgresIds() {
  const [uid, gid] = await Promise.all(
    ["-u", "-g"].map(async (flag) => Number((await run("id", [flag, "postgres"], { cwd: tmpdir(), env: process.env })).stdout.trim())),
  );
  return { uid: uid!, gid: gid! };
}
