import { baseConfig } from "@tillsync/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig(baseConfig, {
  // The test helpers are test harness, not the app: they build child processes' environments
  // from the test process's own and find the browser (CHROMIUM_PATH).
  files: ["src/**", "bin/**"],
  rules: { "no-restricted-properties": "off", "no-restricted-imports": "off" },
});
