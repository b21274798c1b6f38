import type { Prisma, PrismaClient } from "./db";

/**
 * Runs one SQL statement outside any transaction and returns its rows. `name` makes it a
 * prepared statement where the driver supports that (each pooled connection plans it once);
 * the statement's text must then never vary under that name.
 */
export type SqlRunner = <T>(statement: Prisma.Sql, name?: string) => Promise<T[]>;

const runners = new WeakMap<PrismaClient, SqlRunner>();

/** Registers the direct driver path of a client (createDatabase does this for pg pools). */
export function registerSqlRunner(prisma: PrismaClient, runner: SqlRunner): void {
  runners.set(prisma, runner);
}

/**
 * The hot paths (recording a sale, replays) send a few fixed statements many times a
 * second. Prisma's raw queries re-plan them on every call and cost more client CPU than the
 * statements themselves (docs/benchmarks.md), so on PostgreSQL they go straight to the pg
 * pool as prepared statements. Anywhere else (PGlite) they run through Prisma, unchanged.
 * Statements run this way select text for numerics and big integers, so their rows read the
 * same from either path.
 */
export function sqlRunner(prisma: PrismaClient): SqlRunner {
  return runners.get(prisma) ?? (<T>(statement: Prisma.Sql) => prisma.$queryRaw<T[]>(statement));
}
