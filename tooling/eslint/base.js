// @ts-check
import * as path from "node:path";

import { includeIgnoreFile } from "@eslint/compat";
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const envMessage = "Read environment variables in env.ts only (parsed once, with zod) and import `env` from it (STYLE.md: nothing else reads process.env).";

/**
 * "Only env.ts reads process.env" (STYLE.md, issue 16), after create-t3-turbo's `restrictEnvAccess`.
 * Unlike create-t3-turbo, env.ts is exempt from these two rules only, not ignored: it gets every
 * other rule. Paths are relative to the package whose eslint.config.js runs.
 */
export const restrictEnvAccess = defineConfig({
  files: ["**/*.js", "**/*.mjs", "**/*.ts", "**/*.tsx"],
  ignores: [
    "**/env.ts",
    // Tool configs (next.config.ts, vitest.config.ts, prisma.config.ts, postcss) are read by the
    // tool before any app module loads, and choose where the tool itself writes (NEXT_DIST_DIR).
    "**/*.config.ts",
    "**/*.config.js",
    "**/*.config.mjs",
    // Build scripts run by pnpm (db's `prisma generate` wrapper) hand the environment to a child CLI.
    "scripts/**",
    // Test harnesses are not the app: they start the app as a child with a modified copy of the
    // environment, and read test-only knobs (fuzz seeds and runs, ports, CHROMIUM_PATH) that
    // must not become the app's settings. Importing an app's env.ts there would validate the
    // app's variables in the test process instead.
    "test/**",
    "e2e/**",
    // @tillsync/db/testing: the test-database picker, imported only by tests (same reason).
    "src/testing.ts",
  ],
  rules: {
    "no-restricted-properties": ["error", { object: "process", property: "env", message: envMessage }],
    "no-restricted-imports": [
      "error",
      { name: "process", importNames: ["env"], message: envMessage },
      { name: "node:process", importNames: ["env"], message: envMessage },
    ],
  },
});

/**
 * Shared by every package: ESLint's and typescript-eslint's recommended type-checked rules plus
 * the stylistic ones, as create-t3-turbo's `tooling/eslint/base`. Formatting is Prettier's job
 * (tooling/prettier), so no formatting rules here.
 */
export const baseConfig = defineConfig(
  // Never lint what git ignores (generated Prisma client, .next*, dist, coverage).
  includeIgnoreFile(path.join(import.meta.dirname, "../../.gitignore")),
  // Frozen copies of earlier releases' code that migration tests load as they shipped.
  { ignores: ["**/test/fixtures/**"] },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.ts", "**/*.tsx"],
    extends: [eslint.configs.recommended, tseslint.configs.recommendedTypeChecked, tseslint.configs.stylisticTypeChecked],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        // `_name` marks a value kept on purpose, e.g. `const { DATABASE_URL: _url, ...rest } = env`.
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { prefer: "type-imports", fixStyle: "inline-type-imports" }],
      // React's onClick={async () => …} is fine: React ignores the returned promise on purpose.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Off: an `async` method with no `await` is how an in-memory store or a test stub meets a
      // Promise-returning interface (a throw still becomes a rejection). The mistake this rule
      // hunts for, a promise nobody waits for, is no-floating-promises' job, which stays on.
      "@typescript-eslint/require-await": "off",
      // Rejecting with what was caught or with an AbortSignal's reason (typed any/unknown) passes
      // the original error on unchanged; inventing a new Error there would lose it.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Off: an empty listener is how Node is told an error event is handled (`pool.on("error", () => {})`
      // keeps a dropped connection from crashing the process), and a no-op release is a real value
      // (PGlite in memory has no directory to release). Each such place says why next to it.
      "@typescript-eslint/no-empty-function": "off",
    },
  },
  {
    // Tests read untyped wire data on purpose (`await response.json()` is `any`) and check it
    // with assertions, and Vitest's asymmetric matchers (`expect.any(String)`) are typed `any`:
    // there the no-unsafe-* rules flagged hundreds of lines (apps/api/test alone: 214 of 248
    // findings) whose type check is the assertion itself. For the same reason a test may say
    // `any` where it reads such data (`(await res.json()) as any`); source code may not.
    files: ["**/test/**", "**/e2e/**", "**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: {
      parserOptions: {
        projectService: true,
      },
    },
  },
  {
    // Plain JavaScript (eslint/postcss configs, build scripts) runs in Node and has no types; tool
    // configs in TypeScript (vitest, next, prisma) are not in every package's tsconfig, so they
    // get the syntax rules only.
    files: ["**/*.js", "**/*.mjs", "**/*.config.ts"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  restrictEnvAccess,
);
