import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test file gets its own process: PGlite (WASM) and pg pools do not share well.
    pool: "forks",
    testTimeout: 60_000,
    // PGlite's cold start (WASM + initdb) plus migrations can take well over 10 s.
    hookTimeout: 120_000,
  },
});
