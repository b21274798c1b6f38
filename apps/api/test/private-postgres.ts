// A database server of a test's own, for tests that stop and restart the server: with
// DATABASE_URL a PostgreSQL cluster (the shared one on :5432 serves every other suite and must
// never go down under them), else a PGlite served from a directory of its own.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { servePglite, testServerUrl } from "@tillsync/db/testing";
import { startPostgres } from "@tillsync/testing";

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

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const cluster = await startPostgres();
  return { url: cluster.url(), restart: () => cluster.ctl("restart", "-m", "fast"), destroy: () => cluster.destroy(), servedPglite: false };
}
