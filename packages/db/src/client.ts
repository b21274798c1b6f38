import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

import { lockDataDir } from "./data-dir-lock";
import { TX_OPTIONS, type Prisma as PrismaNamespace } from "./db";
import { PrismaClient } from "./generated/prisma/client";
import { migrate, pendingMigrations, type MigrationConnection, type MigrationResult } from "./migrate";
import { DEFAULT_MAX_LAG_SECONDS, primaryReads, standbyReads, type ReadReplica, type ReplicaEvent } from "./replica";
import { registerSqlRunner } from "./sql";

type PrismaSql = PrismaNamespace.Sql;

export type Prisma = PrismaClient;

export interface Database {
  readonly kind: "postgres" | "pglite";
  readonly prisma: PrismaClient;
  /**
   * Runs a report's read on the standby of `readUrl` (replica.ts: measured, and on the primary
   * when the standby cannot answer), or on the primary when there is none; with how current it is.
   */
  readonly readReplica: ReadReplica;
  /** Applies pending migrations (idempotent, safe to run from several processes at once). */
  migrate(): Promise<MigrationResult>;
  /** Is the database reachable, and are all migrations applied? */
  ready(): Promise<{ ok: boolean; pendingMigrations: number; changedMigrations: number }>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL connection string. When absent, an embedded PGlite database is used. */
  url?: string;
  /** Where PGlite keeps its files (held by this process alone); omitted means in memory. Ignored with `url`. */
  dataDir?: string;
  /** Maximum connections in the pg pool. */
  poolSize?: number;
  /** How long a connection may sit idle before the pool closes it; 0 keeps it (default 300). */
  poolIdleSeconds?: number;
  /** A streaming standby of `url` for reports (DATABASE_READ_URL); without it reports read the primary. Ignored without `url`. */
  readUrl?: string;
  /** Reports whose data is older than this are marked stale (READ_REPLICA_MAX_LAG_SECONDS, default 30). */
  maxLagSeconds?: number;
  /** Told when the standby cannot answer (reads go to the primary meanwhile) and when it answers again: for the log. */
  onReplicaEvent?: (event: ReplicaEvent) => void;
}

/**
 * A new PostgreSQL backend is slow for its first statements (catalog caches, and each named
 * statement prepared again): 150–250 ms per transaction on the benchmark machine
 * (docs/benchmarks.md). pg's default of closing a connection after 10 s idle made every
 * burst after a lull pay that, so idle connections are kept for minutes.
 */
export const DEFAULT_POOL_IDLE_SECONDS = 300;

export function createDatabase(options: DatabaseOptions): Database {
  return options.url ? createPostgres(options.url, options) : createPglite(options.dataDir);
}

/**
 * A pg pool as every PostgreSQL connection of the API uses it (primary and standby alike).
 * `connectSeconds` bounds waiting for a new connection (pg waits forever by default).
 */
function createPool(url: string, poolSize: number, idleSeconds: number, connectSeconds = 0): pg.Pool {
  // The hot paths' named statements (sqlRunner) are written so that their generic plan is
  // key lookups only (test/stored-sale-plan.test.ts). Left to choose, PostgreSQL kept
  // planning the sale write afresh on every execution once it grew (a custom plan costs more
  // than the cheap generic one is estimated at): 2.9 ms of PostgreSQL CPU per sale.create
  // against 1.7 ms with the generic plan, sale.create 60% of raw SQL against 87%
  // (bench/results/2026-11-30T15-*). Only named statements have a plan to keep; Prisma's
  // unnamed ones are planned per execution either way. A startup parameter, so that it holds
  // from the connection's first statement without a query of its own.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: idleSeconds * 1000,
    connectionTimeoutMillis: connectSeconds * 1000,
    options: "-c plan_cache_mode=force_generic_plan",
  });
  // A dropped connection must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  // The pool listens for that only while a connection is idle; one dropped while checked
  // out (a transaction's, during a restart) emits its error on the client itself. The
  // query on it fails, and the pool discards it when it is released.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/** A standby that does not answer within this is taken as down (reports then read the primary). */
const STANDBY_CONNECT_SECONDS = 3;

function createPostgres(url: string, options: DatabaseOptions): Database {
  const poolSize = options.poolSize ?? 20;
  const idleSeconds = options.poolIdleSeconds ?? DEFAULT_POOL_IDLE_SECONDS;
  const pool = createPool(url, poolSize, idleSeconds);
  // Also the limits of batch transactions ($transaction([...])), which take no options.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TX_OPTIONS });
  registerSqlRunner(
    prisma,
    async <T>(statement: PrismaSql, name?: string) => (await pool.query({ name, text: statement.text, values: statement.values })).rows as T[],
  );
  const withConnection = async <T>(fn: (conn: MigrationConnection) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn({
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
      });
    } finally {
      client.release();
    }
  };
  // The standby's own pool and client, built as the primary's (same adapter, same pool settings).
  const readPool = options.readUrl ? createPool(options.readUrl, poolSize, idleSeconds, STANDBY_CONNECT_SECONDS) : undefined;
  const replica = readPool && new PrismaClient({ adapter: new PrismaPg(readPool), transactionOptions: TX_OPTIONS });
  return {
    kind: "postgres",
    prisma,
    readReplica: replica
      ? standbyReads({ prisma, pool, replica, maxLagSeconds: options.maxLagSeconds ?? DEFAULT_MAX_LAG_SECONDS, onEvent: options.onReplicaEvent })
      : primaryReads(prisma),
    migrate: () => withConnection((conn) => migrate(conn)),
    ready: () => withConnection((conn) => readiness(conn)),
    close: async () => {
      await Promise.all([prisma.$disconnect(), replica?.$disconnect()]);
      await Promise.all([pool.end(), readPool?.end()]);
    },
  };
}

function createPglite(dataDir: string | undefined): Database {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  let pglite: PGlite;
  try {
    pglite = new PGlite(dataDir);
  } catch (error) {
    release();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions: TX_OPTIONS });
  const conn: MigrationConnection = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
  };
  return {
    kind: "pglite",
    prisma,
    readReplica: primaryReads(prisma),
    migrate: () => migrate(conn),
    ready: () => readiness(conn),
    close: async () => {
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

async function readiness(conn: MigrationConnection) {
  const { pending, changed } = await pendingMigrations(conn);
  return { ok: pending.length === 0 && changed.length === 0, pendingMigrations: pending.length, changedMigrations: changed.length };
}
