// Applies the SQL migrations in prisma/migrations the way `prisma migrate deploy` would:
// in name order, each in its own transaction, under Prisma's advisory lock, recorded
// in a `_prisma_migrations` table with the same columns and checksums. The Prisma CLI
// cannot run here (its schema engine is a native download), and the same code must
// migrate PGlite, which has no engine at all.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface MigrationConnection {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export const migrationsDir = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

/** The advisory lock key `prisma migrate` itself uses, so both never run at once. */
const MIGRATION_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function appliedMigrations(conn: MigrationConnection): Promise<Map<string, string>> {
  const exists = await conn.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
  if (!exists[0]?.exists) return new Map();
  const rows = await conn.query(
    `SELECT "migration_name", "checksum" FROM "_prisma_migrations"
     WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  );
  return new Map(rows.map((row) => [String(row.migration_name), String(row.checksum)]));
}

/** Migrations not yet applied, and applied ones whose file has changed since. */
export async function pendingMigrations(conn: MigrationConnection, dir = migrationsDir) {
  const applied = await appliedMigrations(conn);
  const files = readMigrations(dir);
  return {
    pending: files.filter((m) => !applied.has(m.name)),
    changed: files.filter((m) => applied.has(m.name) && applied.get(m.name) !== m.checksum),
  };
}

export async function migrate(conn: MigrationConnection, dir = migrationsDir): Promise<MigrationResult> {
  const migrations = readMigrations(dir);
  await conn.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
  try {
    await conn.exec(CREATE_MIGRATIONS_TABLE);
    const applied = await appliedMigrations(conn);
    for (const m of migrations) {
      const checksum = applied.get(m.name);
      if (checksum !== undefined && checksum !== m.checksum) {
        throw new Error(`Migration ${m.name} was changed after it was applied (checksum mismatch).`);
      }
    }
    const done: string[] = [];
    for (const m of migrations.filter((m) => !applied.has(m.name))) {
      await conn.exec("BEGIN");
      try {
        await conn.exec(m.sql);
        await conn.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "finished_at", "applied_steps_count")
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await conn.exec("COMMIT");
      } catch (error) {
        await conn.exec("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(m.name);
    }
    return { applied: done, alreadyApplied: applied.size };
  } finally {
    await conn.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
  }
}
