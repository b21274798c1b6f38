// Test databases: one fresh database per test file. With DATABASE_URL (CI, and any
// machine with PostgreSQL) it is a new database on that server, dropped afterwards;
// without it, an in-memory PGlite. In CI a missing or unreachable server is an error,
// never a silent fallback.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";

import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

import { createDatabase, type Database } from "./client";

export interface TestDatabase extends Database {
  /** The connection string of the test database (postgres, or PGlite served with `serve`). */
  readonly url: string | undefined;
  /**
   * Set when the database is a PGlite served over the wire protocol (see servePglite): an
   * API server in another process must then use one connection (DB_POOL_SIZE=1).
   */
  readonly servedPglite: boolean;
  destroy(): Promise<void>;
}

export function testServerUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url && process.env.CI) {
    throw new Error("CI must test against PostgreSQL: set DATABASE_URL (see .ci/run).");
  }
  return url === "" ? undefined : url;
}

/**
 * For `describe.skipIf`: true, saying why on stderr, when there is no PostgreSQL server (no
 * DATABASE_URL) and the tests need one rather than PGlite, e.g. real concurrency (PGlite
 * has one session: concurrent transactions only queue) or a server restart. CI always has a
 * server (testServerUrl fails without one), so there they never skip.
 */
export function needsPostgres(file: string, reason: string): boolean {
  if (testServerUrl()) return false;
  console.warn(`${file} skipped without DATABASE_URL: ${reason}`);
  return true;
}

/**
 * A fresh, migrated (unless `migrate: false`) database for one test file: a new database on
 * the PostgreSQL server of DATABASE_URL, else an in-memory PGlite in this process, or, with
 * `serve` (for tests whose API server runs in another process), one served over the wire
 * protocol so that it has a `url`. `destroy` drops it.
 */
export async function createTestDatabase(options: { poolSize?: number; migrate?: boolean; serve?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  let db: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, `tillsync_test_${process.pid}`);
    url = scratch.url;
    db = createDatabase({ url, poolSize: options.poolSize ?? 10 });
    drop = scratch.drop;
  } else if (options.serve) {
    const served = await servePglite();
    url = served.url;
    // One session for everyone (see servePglite): more connections would only queue.
    db = createDatabase({ url, poolSize: 1 });
    drop = () => served.close();
  } else {
    db = createDatabase({});
  }
  if (options.migrate !== false) await db.migrate();
  return {
    ...db,
    url,
    servedPglite: !serverUrl && options.serve === true,
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

/** A PGlite database reachable as a PostgreSQL server (see servePglite). */
export interface ServedPglite {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /**
   * Stops serving and closes the database (every connection drops, as when a PostgreSQL server
   * stops; an open transaction is lost), then opens the same data directory again and serves
   * it on the same port: what survives is what was committed. Needs `dataDir`.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A PGlite served over PostgreSQL's wire protocol (pglite-socket) on a free loopback port, in
 * memory or in `dataDir` (then `restart` can stop and start it), for tests whose API server
 * runs in another process (the browser tests, the HTTP tests of packages/sync, the bench
 * smoke) on a machine without PostgreSQL (`unref`: serving alone does not keep the process alive): pg and Prisma connect to `url` unchanged. What
 * differs from a server, measured with pglite-socket 0.2.17: every connection shares PGlite's
 * one session, so a transaction makes the other connections wait until it ends (never
 * interleaved), `SET` reaches them all, and a named prepared statement made on one connection
 * exists on all (a second connection preparing the same name fails with 42P05, as the API's
 * hot paths would): give the API one connection (DB_POOL_SIZE=1). Cancel requests are ignored.
 * A closed connection's named prepared statements are dropped (dropStatementsOfClosedConnections).
 */
export async function servePglite(options: { maxConnections?: number; dataDir?: string; unref?: boolean } = {}): Promise<ServedPglite> {
  let port = 0;
  const open = async () => {
    const db = await PGlite.create(options.dataDir);
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: options.maxConnections ?? 8 });
    server.addEventListener("listening", (event) => (port = ((event as CustomEvent).detail as AddressInfo).port));
    await server.start();
    // `unref`: serving does not keep the process alive (a script that ends when its work does).
    if (options.unref) (server as unknown as { server: { unref(): void } }).server.unref();
    const stopTracking = dropStatementsOfClosedConnections(db, server);
    return {
      close: async () => {
        stopTracking();
        await server.stop();
        await db.close();
      },
    };
  };
  let current = await open();
  return {
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    restart: async () => {
      if (!options.dataDir) throw new Error("servePglite: restart needs a dataDir (an in-memory database would be lost)");
      await current.close();
      current = await open();
    },
    close: () => current.close(),
  };
}

/** The part of pglite-socket 0.2.17's server that statement tracking reads (not in its types). */
interface SocketServerInternals {
  handlers: Set<{ handlerId: number }>;
  queryQueue: { enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> };
}

/**
 * Drops the named prepared statements of connections that have closed, as PostgreSQL does
 * when a backend ends. Served PGlite has one session for every connection, so without this
 * they outlive their connection: an API server killed and started again prepares its hot
 * path's statements under the same names, gets 42P05 ("already exists") on every request and
 * never recovers (packages/sync's server-restart test hung so). Reads each Parse message's
 * statement name on its way in; checks for closed connections every 100 ms.
 */
function dropStatementsOfClosedConnections(db: PGlite, server: PGLiteSocketServer): () => void {
  const internals = server as unknown as SocketServerInternals;
  const prepared = new Map<number, Set<string>>();
  const enqueue = internals.queryQueue.enqueue.bind(internals.queryQueue);
  internals.queryQueue.enqueue = (handlerId, message, onData) => {
    // Parse: 'P', int32 length, statement name (NUL-terminated; empty for the unnamed one), ...
    if (message[0] === 0x50 && message[5] !== 0) {
      const name = Buffer.from(message.subarray(5, message.indexOf(0, 5))).toString("utf8");
      prepared.set(handlerId, (prepared.get(handlerId) ?? new Set()).add(name));
    }
    return enqueue(handlerId, message, onData);
  };
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const open = new Set([...internals.handlers].map((handler) => handler.handlerId));
    const closed = [...prepared.keys()].filter((id) => !open.has(id));
    if (!closed.length) return;
    busy = true;
    void (async () => {
      for (const id of closed) {
        for (const name of prepared.get(id)!) await db.exec(`DEALLOCATE "${name.replaceAll('"', '""')}"`).catch(() => undefined);
        prepared.delete(id);
      }
    })().finally(() => (busy = false));
  }, 100);
  timer.unref();
  return () => clearInterval(timer);
}
