import { defineConfig } from "vitest/config";

// Browser tests (e2e/harness.ts): one build, one API and one `next start` per run, made
// by the global setup; the files run one at a time (two cores, one shared server pair).
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
