import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // Two files at a time (as packages/api): each has its own database, port and Redis key
    // prefix, and many of them mostly wait on child processes (the CLI, the built server).
    maxWorkers: 2,
    // The REST contract test: each file's /api answers are checked against the OpenAPI document.
    setupFiles: ["test/contract-setup.ts"],
    // The end-to-end test starts the CLI several times, each a fresh Node + PGlite.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
