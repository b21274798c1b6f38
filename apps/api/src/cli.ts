// The operator CLI (DESIGN.md §4): `pnpm tillsync <command>` from the repo root.
// Non-interactive, so scripts can drive it: results on stdout, notes on stderr, and a
// failure is a message on stderr with exit code 1, never a stack trace.
import { UsageError } from "./commands/command";

try {
  // Imported here rather than at the top so that an invalid environment, which env.ts
  // rejects as it loads, is reported like any other error.
  const { runCli } = await import("./commands/index");
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  const hint = error instanceof UsageError ? "\nRun `pnpm tillsync --help` for usage." : "";
  process.stderr.write(`tillsync: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
  process.exitCode = 1;
}
