import { text } from "node:stream/consumers";

import { UsageError } from "./command";

/**
 * A secret option of the CLI (a password), from the first of: the `--<name>` option, the
 * environment variable `envName`, or standard input with `--<name>-stdin` (one line; the
 * trailing newline is not part of it). The environment and stdin keep it out of `ps` and
 * shell history. Returns undefined when none is given, for the schema to say it is required;
 * more than one source is a UsageError, since either would be a guess.
 */
export async function secretOption(
  values: Record<string, unknown>,
  { name, envName, envValue }: { name: string; envName: string; envValue: string | undefined },
): Promise<string | undefined> {
  const fromFlag = values[name] as string | undefined;
  const fromStdin = values[`${name}-stdin`] === true;
  const given = [fromFlag !== undefined, envValue !== undefined, fromStdin].filter(Boolean).length;
  if (given > 1) throw new UsageError(`--${name}: give it once: as --${name}, in ${envName} or with --${name}-stdin`);
  if (!fromStdin) return fromFlag ?? envValue;
  if (process.stdin.isTTY)
    throw new UsageError(`--${name}-stdin reads it from standard input: pipe it in, e.g. printf '%s\\n' "$${envName}" | pnpm tillsync …`);
  return (await text(process.stdin)).replace(/\r?\n$/, "");
}
