// Test databases: one fresh database per test file. With DATABASE_URL (CI, and any
// machine with PostgreSQL) it is a new database on that server, dropped afterwards;
// without it, an in-memory PGlite. In CI a missing or unreachable server is an error,
// never a silent fallback.
import { randomBytes } from "node:crypto";
import pg from "pg";

import { createDatabase, type Database } from "./client";

export interface TestDatabase extends Database {
  /** The connection string of the test database (postgres only). */
  readonly url: string | undefined;
  destroy(): Promise<void>;
}

export function testServerUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url && process.env.CI) {
    throw new Error("CI must test against PostgreSQL: set DATABASE_URL (see .ci/run).");
  }
  return url || undefined;
}

export async function createTestDatabase(options: { poolSize?: number; migrate?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  let db: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, `tillsync_test_${process.pid}`);
    url = scratch.url;
    db = createDatabase({ url, poolSize: options.poolSize ?? 10 });
    drop = scratch.drop;
  } else {
    db = createDatabase({});
  }
  if (options.migrate !== false) await db.migrate();
  return {
    ...db,
    url,
    destroy: async () => {
      await db.close();
      await drop();
    },
  };
}

/** A new, empty database on the server `serverUrl` points at, and how to drop it. */
export async function createScratchDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function adminQuery(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
