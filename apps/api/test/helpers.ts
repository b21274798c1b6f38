import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll } from "vitest";

export const appDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

/** The last line a command printed, which is where the CLI puts its result. */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

/**
 * A database nobody has migrated, for a CLI child process: on PostgreSQL a fresh one
 * (`db` is set), else a new PGlite directory. `env` points the child at it.
 */
export function useUnmigratedDatabase(prefix: string) {
  const target = { env: {} as Record<string, string>, db: undefined as TestDatabase | undefined };
  let scratch: string | undefined;
  beforeAll(async () => {
    const probe = await createTestDatabase({ migrate: false });
    if (probe.url) {
      target.db = probe;
      target.env = { DATABASE_URL: probe.url };
    } else {
      await probe.destroy();
      scratch = mkdtempSync(join(tmpdir(), prefix));
      target.env = { DATA_DIR: join(scratch, "pglite") };
    }
  });
  afterAll(async () => {
    await target.db?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  return target;
}
