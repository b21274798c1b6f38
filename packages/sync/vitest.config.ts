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
    hookTimeout: 60_000,
  },
});
