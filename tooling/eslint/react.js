// @ts-check
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";

/** React's rules of hooks and exhaustive effect dependencies, for packages with .tsx (create-t3-turbo `react`). */
export const reactConfig = defineConfig({
  files: ["**/*.ts", "**/*.tsx"],
  extends: [reactHooks.configs.flat.recommended],
  rules: {
    // Tillsync does not run the React Compiler; this only says the compiler would skip a
    // component that uses TanStack Table or react-hook-form's watch(), which need no change.
    "react-hooks/incompatible-library": "off",
  },
});
