import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    // The end-to-end test starts the CLI several times, each a fresh Node + PGlite.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
