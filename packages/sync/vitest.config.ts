import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Test files that spawn an API server each get their own process and database.
    pool: "forks",
    // The HTTP test files mostly wait on their child processes (API server, CLI) and on
    // PostgreSQL, so they overlap well even on a two-core machine.
    maxWorkers: 3,
    testTimeout: 60_000,
    // Without DATABASE_URL a file's database is a PGlite started in the test process
    // (~5 s of WASM start-up and migrations on an idle machine, several times that when
    // files start together on two busy cores) before its API server starts.
    hookTimeout: 180_000,
  },
});
