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

async function recordedMigrations(db: Database) {
  return db.prisma.$queryRawUnsafe<{ name: string; checksum: string; finished: boolean; rolledBack: boolean; steps: number }[]>(`
    SELECT "migration_name" AS "name", "checksum", "finished_at" IS NOT NULL AS "finished",
           "rolled_back_at" IS NOT NULL AS "rolledBack", "applied_steps_count" AS "steps"
      FROM "_prisma_migrations" ORDER BY "migration_name"`);
}

/** Advisory locks on Prisma's key in the current database, held (granted) or waited for. */
async function migrationLocks(query: (sql: string) => Promise<{ granted: boolean }[]>) {
  const rows = await query(`
    SELECT "granted" FROM pg_locks
     WHERE "locktype" = 'advisory' AND "objid" = ${PRISMA_MIGRATION_LOCK}
       AND "database" = (SELECT "oid" FROM pg_database WHERE "datname" = current_database())`);
  return { held: rows.filter((r) => r.granted).length, waiting: rows.filter((r) => !r.granted).length };
}

const locksOf = (db: Database) => migrationLocks((sql) => db.prisma.$queryRawUnsafe(sql));

function migrationSuite(open: () => Promise<{ db: Database; dispose(): Promise<void> }>) {
  let db: Database;
  let dispose: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ db, dispose } = await open());
  });

  afterAll(() => dispose?.());

  it("reports an empty database as not ready", async () => {
    expect(await db.ready()).toEqual({ ok: false, pendingMigrations: names.length });
  });

  it("applies every migration, in order, to an empty database", async () => {
    expect(await db.migrate()).toEqual({ applied: names, alreadyApplied: 0 });
  });

  it("does nothing when run again", async () => {
    expect(await db.migrate()).toEqual({ applied: [], alreadyApplied: names.length });
    expect(await recordedMigrations(db)).toHaveLength(names.length);
  });

  it("records each migration as finished with the sha256 of its file, as prisma migrate does", async () => {
    expect(await recordedMigrations(db)).toEqual(
      onDisk.map((m) => ({ name: m.name, checksum: m.checksum, finished: true, rolledBack: false, steps: 1 })),
    );
  });

  it("reports ready", async () => {
    expect(await db.ready()).toEqual({ ok: true, pendingMigrations: 0 });
  });

  it("refuses to run when an applied migration no longer matches its checksum, and releases the lock", async () => {
    const [first] = onDisk;
    if (!first) throw new Error("no migrations found");
    const setChecksum = (checksum: string) =>
      db.prisma.$executeRawUnsafe(
        `UPDATE "_prisma_migrations" SET "checksum" = $1 WHERE "migration_name" = $2`,
        checksum,
        first.name,
      );
    await setChecksum("0".repeat(64));
    try {
      await expect(db.migrate()).rejects.toThrow(`Migration ${first.name} was changed after it was applied`);
      expect(await locksOf(db)).toEqual({ held: 0, waiting: 0 });
    } finally {
      await setChecksum(first.checksum);
    }
    expect(await db.migrate()).toEqual({ applied: [], alreadyApplied: names.length });
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
      runs.catch(() => {});
      await expect.poll(() => locksOf(target), { timeout: 10_000 }).toEqual({ held: 1, waiting: 2 });
      await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK]);

      const results = await runs;
      expect(results).toEqual(
        expect.arrayContaining([
          { applied: names, alreadyApplied: 0 },
          { applied: [], alreadyApplied: names.length },
        ]),
      );
      expect((await recordedMigrations(target)).map((m) => m.name)).toEqual(names);
      expect(await locksOf(target)).toEqual({ held: 0, waiting: 0 });
    } finally {
      await holder.end();
      await other.close();
      await target.destroy();
    }
  });

  it("rolls a failing migration back completely and does not record it", async () => {
    const target = await createTestDatabase({ migrate: false });
    const dir = mkdtempSync(join(tmpdir(), "tillsync-migrations-"));
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    const conn: MigrationConnection = {
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async (sql, params) => (await client.query(sql, params)).rows,
    };
    try {
      cpSync(migrationsDir, dir, { recursive: true });
      const broken = "99990101000000_broken";
      mkdirSync(join(dir, broken));
      writeFileSync(join(dir, broken, "migration.sql"), `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT 1 / 0;\n`);

      await expect(migrate(conn, dir)).rejects.toThrow(`Migration ${broken} failed: division by zero`);
      expect((await recordedMigrations(target)).map((m) => m.name)).toEqual(names);
      expect(await target.prisma.$queryRawUnsafe(`SELECT to_regclass('"half_done"')::text AS "table"`)).toEqual([{ table: null }]);
      expect(await locksOf(target)).toEqual({ held: 0, waiting: 0 });
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
      await target.destroy();
    }
  });
});

describe("migrations on PGlite", () => {
  migrationSuite(async () => {
    const db = createDatabase({});
    return { db, dispose: () => db.close() };
  });
});
