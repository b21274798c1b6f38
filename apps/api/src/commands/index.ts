import { parseArgs } from "node:util";

import { env } from "../env";
import { UsageError, type Command } from "./command";
import { createApiKeyCommand } from "./create-api-key";
import { createShopCommand } from "./create-shop";
import { migrateCommand } from "./migrate";
import { serveCommand } from "./serve";

const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  "create-shop": createShopCommand,
  "create-api-key": createApiKeyCommand,
};

const usage = `Usage: pnpm tillsync <command> [options]

Commands:
${Object.values(commands)
  .map((command) => `  ${command.usage}\n      ${command.summary}`)
  .join("\n")}

Environment:
  DATABASE_URL   PostgreSQL connection string; without it, PGlite in DATA_DIR
  DATA_DIR       PGlite's directory (default: .data/pglite at the repo root)
  DB_POOL_SIZE   PostgreSQL connections per process (default 20)
  DB_POOL_IDLE_SECONDS  how long an idle connection is kept open (default 300; 0 = always)
  PORT, HOST     where serve listens (default 127.0.0.1:4000; use HOST=0.0.0.0 in containers)
  LOG_LEVEL      fatal, error, warn, info (default), debug, trace or silent
`;

/** Runs one command line and resolves to the exit code; errors are thrown to the caller. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage);
    return 0;
  }
  if (!name) {
    process.stderr.write(usage);
    return 1;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command "${name}".`);

  const { help, ...options } = parseOptionsOf(command, rest);
  if (help) {
    process.stdout.write(`Usage: pnpm tillsync ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  return command.run(options, env);
}

function parseOptionsOf(command: Command, args: string[]) {
  try {
    const options = { ...command.options, help: { type: "boolean", short: "h" } } as const;
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs explains unknown options and missing values well; only the kind changes.
    throw new UsageError((error as Error).message);
  }
}
