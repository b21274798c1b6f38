// The migration runner (src/migrate.ts) against real databases: an empty database gets
// every migration, a second run is a no-op, the bookkeeping is what `prisma migrate`
// itself would read, an edited migration is refused, and concurrent runs are
// serialised by Prisma's advisory lock. Whether the result matches schema.prisma is
// schema-match.test.ts's job.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database } from "../src/client";
import { migrate, type MigrationConnection } from "../src/migrate";
import { createTestDatabase, testServerUrl } from "../src/testing";

/** The key `prisma migrate` locks; the runner must use the same one so the two never overlap. */
const PRISMA_MIGRATION_LOCK = 72707369;

const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** The migrations on disk, checksummed here rather than by the code under test. */
const onDisk = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
  .map((name) => ({
    name,
    checksum: createHash("sha256")
      .update(readFileSync(join(migrationsDir, name, "migration.sql")))
      .digest("hex"),
  }));
const names = onDisk.map((m) => m.name);

type Query = (sql: string) => Promise<unknown[]>;

const viaPrisma =
  (db: Database): Query =>
  (sql) =>
    db.prisma.$queryRawUnsafe<unknown[]>(sql);

interface RecordedMigration {
  name: string;
  checksum: string;
  finished: boolean;
  rolledBack: boolean;
  steps: number;
}

async function recordedMigrations(query: Query) {
  const rows = await query(`
    SELECT "migration_name" AS "name", "checksum", "finished_at" IS NOT NULL AS "finished",
           "rolled_back_at" IS NOT NULL AS "rolledBack", "applied_steps_count" AS "steps"
      FROM "_prisma_migrations" ORDER BY "migration_name"`);
  return rows as RecordedMigration[];
}

/** Advisory locks on Prisma's key in the current database, held (granted) or waited for. */
async function migrationLocks(query: Query) {
  const rows = (await query(`
    SELECT "granted" FROM pg_locks
     WHERE "locktype" = 'advisory' AND "objid" = ${PRISMA_MIGRATION_LOCK}
       AND "database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())`)) as {
    granted: boolean;
  }[];
  return { held: rows.filter((r) => r.granted).length, waiting: rows.filter((r) => !r.granted).length };
}

function migrationSuite(open: () => Promise<{ db: Database; dispose: () => Promise<void> }>) {
  let db: Database;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ db, dispose } = await open());
  });

  afterAll(() => dispose?.());

  it("reports an empty database as not ready", async () => {
    expect(await db.ready()).toEqual({ ok: false, pendingMigrations: names.length, changedMigrations: 0 });
  });

  it("applies every migration, in order, to an empty database", async () => {
    expect(await db.migrate()).toEqual({ applied: names, alreadyApplied: 0 });
  });

  it("does nothing when run again", async () => {
    expect(await db.migrate()).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await recordedMigrations(viaPrisma(db))).toHaveLength(names.length);
  });

  it("records each migration as finished with the sha256 of its file, as prisma migrate does", async () => {
    expect(await recordedMigrations(viaPrisma(db))).toEqual(
      onDisk.map((m) => ({ name: m.name, checksum: m.checksum, finished: true, rolledBack: false, steps: 1 })),
    );
  });

  it("reports ready", async () => {
    expect(await db.ready()).toEqual({ ok: true, pendingMigrations: 0, changedMigrations: 0 });
  });

  it("refuses to run when an applied migration no longer matches its checksum, and releases the lock", async () => {
    const [first] = onDisk;
    if (!first) throw new Error("no migrations found");
    const setChecksum = (checksum: string) =>
      db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET "checksum" = $1 WHERE "migration_name" = $2`, checksum, first.name);
    await setChecksum("0".repeat(64));
    try {
      await expect(db.migrate()).rejects.toThrow(`Migration ${first.name} was changed after it was applied`);
      expect(await db.ready()).toEqual({ ok: false, pendingMigrations: 0, changedMigrations: 1 });
      expect(await migrationLocks(viaPrisma(db))).toEqual({ held: 0, waiting: 0 });
    } finally {
      await setChecksum(first.checksum);
    }
    expect(await db.migrate()).toEqual({ applied: [], alreadyApplied: names.length });
  });
}

/**
 * A migration that fails must leave no trace: neither its own changes nor a record.
 * Runs the exported runner on a raw connection, since it needs a migrations folder
 * with a broken migration added.
 */
function failedMigrationSuite(open: () => Promise<{ conn: MigrationConnection; dispose: () => Promise<void> }>) {
  describe("a failing migration", () => {
    let conn: MigrationConnection;
    let dispose: (() => Promise<void>) | undefined;
    let dir: string;
    const query: Query = (sql) => conn.query(sql);
    const broken = "99990101000000_broken";

    beforeAll(async () => {
      ({ conn, dispose } = await open());
      dir = mkdtempSync(join(tmpdir(), "tillsync-migrations-"));
      cpSync(migrationsDir, dir, { recursive: true });
      mkdirSync(join(dir, broken));
    });

    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await dispose?.();
    });

    async function expectNoTrace(sql: string, error: string) {
      writeFileSync(join(dir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INTEGER);\n${sql}\n`);
      await expect(migrate(conn, dir)).rejects.toThrow(new RegExp(`^Migration ${broken} failed: .*${error}`));
      expect((await recordedMigrations(query)).map((m) => m.name)).toEqual(names);
      expect(await query(`SELECT to_regclass('"half_done"')::text AS "table"`)).toEqual([{ table: null }]);
      expect(await migrationLocks(query)).toEqual({ held: 0, waiting: 0 });
    }

    it("is rolled back completely and not recorded when a statement fails", async () => {
      await expectNoTrace(`SELECT 1 / 0;`, "division by zero");
    });

    it("is rolled back completely when its record cannot be written", async () => {
      // The migration's own SQL succeeds; only recording it fails. Both must commit or roll back together.
      await expectNoTrace(`ALTER TABLE "_prisma_migrations" ADD CONSTRAINT "refuse_records" CHECK (false) NOT VALID;`, "refuse_records");
    });
  });
}

const serverUrl = testServerUrl();

describe.skipIf(!serverUrl)("migrations on PostgreSQL", () => {
  migrationSuite(async () => {
    const db = await createTestDatabase({ migrate: false });
    return { db, dispose: () => db.destroy() };
  });

  it("lets concurrent runs from two clients take turns, applying each migration once", async () => {
    const target = await createTestDatabase({ migrate: false });
    const other = createDatabase({ url: target.url });
    // Holding the lock first makes both runs queue behind it, so they really do overlap.
    const holder = new pg.Client({ connectionString: target.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATION_LOCK]);
      const runs = Promise.all([target.migrate(), other.migrate()]);
      // Awaited below; this only stops a rejection during the poll from counting as unhandled.
      runs.catch(() => undefined);
      await expect.poll(() => migrationLocks(viaPrisma(target)), { timeout: 10_000 }).toEqual({ held: 1, waiting: 2 });
      await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK]);

      const results = await runs;
      expect(results).toEqual(
        expect.arrayContaining([
          { applied: names, alreadyApplied: 0 },
          { applied: [], alreadyApplied: names.length },
        ]),
      );
      expect((await recordedMigrations(viaPrisma(target))).map((m) => m.name)).toEqual(names);
      expect(await migrationLocks(viaPrisma(target))).toEqual({ held: 0, waiting: 0 });
    } finally {
      await holder.end();
      await other.close();
      await target.destroy();
    }
  });

  failedMigrationSuite(async () => {
    const target = await createTestDatabase({ migrate: false });
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    return {
      conn: {
        exec: async (sql) => {
          await client.query(sql);
        },
        query: async (sql, params) => (await client.query(sql, params)).rows,
      },
      dispose: async () => {
        await client.end();
        await target.destroy();
      },
    };
  });
});

describe("migrations on PGlite", () => {
  migrationSuite(async () => {
    const db = createDatabase({});
    return { db, dispose: () => db.close() };
  });

  failedMigrationSuite(async () => {
    const pglite = new PGlite();
    return {
      conn: {
        exec: async (sql) => {
          await pglite.exec(sql);
        },
        query: async (sql, params) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
      },
      dispose: () => pglite.close(),
    };
  });
});
