import { createDatabase, type Database } from "@tillsync/db";

import type { Env } from "./env";

export interface OpenedDatabase {
  db: Database;
  /** Where the data lives, for logs: never includes credentials. */
  location: string;
}

type DatabaseEnv = Pick<Env, "DATABASE_URL" | "DATA_DIR" | "DB_POOL_SIZE" | "DB_POOL_IDLE_SECONDS">;

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR held by this process alone. */
export function openDatabase(env: DatabaseEnv): OpenedDatabase {
  if (env.DATABASE_URL) {
    const url = new URL(env.DATABASE_URL);
    return {
      db: createDatabase({ url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE, poolIdleSeconds: env.DB_POOL_IDLE_SECONDS }),
      location: `PostgreSQL at ${url.host}${url.pathname}`,
    };
  }
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
