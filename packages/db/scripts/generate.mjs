// `prisma generate` is WASM-only, but the CLI refuses to start unless a schema-engine
// binary exists, and it cannot download one here (see shared/ENVIRONMENT.md). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the check; generate never runs it.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
const result = spawnSync("prisma", ["generate"], { stdio: "inherit", env, shell: process.platform === "win32" });
process.exit(result.status ?? 1);
