// @ts-check
import nextPlugin from "@next/eslint-plugin-next";
import { defineConfig } from "eslint/config";

/** Next.js's own rules (recommended + Core Web Vitals) for apps/web (create-t3-turbo `nextjs`). */
export const nextjsConfig = defineConfig({
  files: ["**/*.ts", "**/*.tsx"],
  plugins: { "@next/next": nextPlugin },
  rules: {
    ...nextPlugin.configs.recommended.rules,
    ...nextPlugin.configs["core-web-vitals"].rules,
  },
});
