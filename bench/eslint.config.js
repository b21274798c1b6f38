import { baseConfig } from "@tillsync/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig(baseConfig, {
  // The bench is a harness, not the app: it starts API servers as children with a modified copy
  // of the environment and reads its own knobs (DATABASE_URL, DB_POOL_SIZE, BENCH_CPU_PROFILE).
  files: ["src/**"],
  rules: { "no-restricted-properties": "off", "no-restricted-imports": "off" },
});
