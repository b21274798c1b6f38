import { createDatabase, type Database } from "@tillsync/db";
import type { Logger } from "pino";

import type { Env } from "./env";

export interface OpenedDatabase {
  db: Database;
  /** Where the data lives, for logs: never includes credentials. */
  location: string;
}

type DatabaseEnv = Pick<Env, "DATABASE_URL" | "DATABASE_READ_URL" | "READ_REPLICA_MAX_LAG_SECONDS" | "DATA_DIR" | "DB_POOL_SIZE" | "DB_POOL_IDLE_SECONDS">;

/** Where a connection string points, for logs: host and database, never credentials. */
const placeOf = (url: string) => {
  const { host, pathname } = new URL(url);
  return `${host}${pathname}`;
};

/**
 * PostgreSQL when DATABASE_URL is set (reports on DATABASE_READ_URL's standby when that is set
 * too; `logger` hears when it cannot answer and reports read the primary), else PGlite in
 * DATA_DIR held by this process alone. DATABASE_READ_URL without DATABASE_URL is refused: a
 * standby of PGlite does not exist.
 */
export function openDatabase(env: DatabaseEnv, logger?: Logger): OpenedDatabase {
  if (env.DATABASE_URL) {
    const db = createDatabase({
      url: env.DATABASE_URL,
      poolSize: env.DB_POOL_SIZE,
      poolIdleSeconds: env.DB_POOL_IDLE_SECONDS,
      readUrl: env.DATABASE_READ_URL,
      maxLagSeconds: env.READ_REPLICA_MAX_LAG_SECONDS,
      onReplicaEvent: (event) =>
        event.kind === "down"
          ? logger?.warn({ err: event.error, retryInSeconds: event.retryInSeconds }, "read replica unavailable: reports read the primary")
          : logger?.info("read replica answers again: reports read the standby"),
    });
    const reads = env.DATABASE_READ_URL ? `, reports on the standby at ${placeOf(env.DATABASE_READ_URL)}` : "";
    return { db, location: `PostgreSQL at ${placeOf(env.DATABASE_URL)}${reads}` };
  }
  if (env.DATABASE_READ_URL) throw new Error("Invalid environment: DATABASE_READ_URL names a standby of DATABASE_URL's PostgreSQL; set DATABASE_URL too");
  return { db: createDatabase({ dataDir: env.DATA_DIR }), location: `PGlite in ${env.DATA_DIR}` };
}

/** Runs `fn` with the database open, and closes it (releasing PGlite's directory) after. */
export async function withDatabase<T>(env: DatabaseEnv, fn: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  const opened = openDatabase(env);
  try {
    return await fn(opened);
  } finally {
    await opened.db.close();
  }
}

/** Like withDatabase, after applying pending migrations, so commands work on a brand-new database. */
export function withMigratedDatabase<T>(env: DatabaseEnv, fn: (opened: OpenedDatabase) => Promise<T>): Promise<T> {
  return withDatabase(env, async (opened) => {
    const { applied } = await opened.db.migrate();
    if (applied.length > 0) console.error(`Applied ${applied.length} migration(s) to ${opened.location}.`);
    return fn(opened);
  });
}
