import { baseConfig } from "@tillsync/eslint-config/base";
import { defineConfig } from "eslint/config";

export default defineConfig(baseConfig, {
  // An operator/test harness, not the app: it builds its children's environments from its own.
  files: ["src/**", "test/**"],
  rules: { "no-restricted-properties": "off", "no-restricted-imports": "off" },
});
