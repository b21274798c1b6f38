import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // The REST contract test: each file's /api answers are checked against the OpenAPI document.
    setupFiles: ["test/contract-setup.ts"],
    // The end-to-end test starts the CLI several times, each a fresh Node + PGlite.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
