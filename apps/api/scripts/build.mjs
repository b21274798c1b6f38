// The production build of the API (issue 16): src/cli.ts and everything it imports, the
// workspace packages' TypeScript included, bundled by esbuild into one ES module that plain
// `node` runs (`pnpm start`), with the files it reads at run time copied next to it.
//
// Layout, and why:
//   dist/bin/cli.js            the bundle
//   dist/bin/pglite.{wasm,data}, initdb.wasm
//                              PGlite finds these at `new URL("./pglite.wasm", import.meta.url)`;
//                              once bundled, import.meta.url is the bundle's, so they sit beside it
//   dist/prisma/migrations     packages/db reads its migrations at `../prisma/migrations` from
//                              its own file: from dist/bin/ that is here
// Prisma's query compiler is WASM too, but shipped as a base64 module that esbuild bundles.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const dist = join(appDir, "dist");
const bin = join(dist, "bin");

// Resolved from packages/db, the package that depends on them.
const dbDir = join(appDir, "../../packages/db");
const pgliteDist = dirname(createRequire(join(dbDir, "package.json")).resolve("@electric-sql/pglite"));

rmSync(dist, { recursive: true, force: true });
mkdirSync(bin, { recursive: true });

await build({
  entryPoints: [join(appDir, "src/cli.ts")],
  outfile: join(bin, "cli.js"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  // Bundled CommonJS packages (pg, ioredis…) call require() for Node's built-ins, which an
  // ES module does not have: give them one.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  // Optional native or driver packages that dependencies require only when configured to,
  // never here: pg's libpq binding.
  external: ["pg-native"],
});

for (const file of ["pglite.wasm", "pglite.data", "initdb.wasm"]) cpSync(join(pgliteDist, file), join(bin, file));
cpSync(join(dbDir, "prisma/migrations"), join(dist, "prisma/migrations"), { recursive: true });
