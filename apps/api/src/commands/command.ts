import type { ParseArgsConfig } from "node:util";

import type { z } from "zod";

import type { Env } from "../env";

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** How to call it, e.g. `create-api-key --shop <id> --name <name> [--role device|manager]`. */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Resolves to the process exit code. */
  run(values: OptionValues, env: Env): Promise<number>;
}

/** The caller got the command line wrong: the message is followed by a pointer to --help. */
export class UsageError extends Error {}

/** Checks option values against a schema whose messages complete "--<option> ...". */
export function parseOptions<T extends z.ZodType>(schema: T, values: OptionValues): z.output<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new UsageError(result.error.issues.map((issue) => `--${issue.path.join(".")} ${issue.message}`).join("\n"));
}
