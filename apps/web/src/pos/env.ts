/**
 * The till's one build setting, without zod: ~/env's createEnv builds its zod schemas in the
 * browser too, which put zod (~31 KiB gzipped) into the till's first load for a single flag
 * (issue 21: /pos first-load JS ≤ 250 KB). NODE_ENV is not operator configuration to validate:
 * Next sets it and writes its value into the bundle at build time.
 */
export const env = { NODE_ENV: process.env.NODE_ENV } as const;
