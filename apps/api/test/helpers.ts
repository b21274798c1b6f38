import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll } from "vitest";

export const appDir = fileURLToPath(new URL("..", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** In a process group of its own, so `killGroup` also reaches what it starts. */
  detached?: boolean;
}

/** Starts a process whose output is collected, for `exited` to report. */
export function start(command: string, args: string[], options: StartOptions) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited: Promise<Exited> = once(child, "close").then(([code, signal]) => ({ code, signal, ...output }));
  return { child, exited };
}

/** Runs a command to completion. */
export const run = (command: string, args: string[], options: StartOptions) => start(command, args, options).exited;

/** Kills a detached process and everything it started, if any is left. */
export function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** The last line a command printed, which is where the CLI puts its result. */
export const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? "";

/** The environment a child process gets: this one's, minus any database settings. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, TEST_DATABASE_URL: _testUrl, DATA_DIR: _dir, PORT: _port, ...rest } = process.env;
  return { ...rest, ...extra };
}

export { freePort } from "@tillsync/testing";

/** Polls `url` until it answers 200, failing early, with its output, if the process exits first. */
export async function waitForOk(url: string, exited: Promise<Exited>, timeoutMs: number) {
  let exit: Exited | undefined;
  void exited.then((result) => (exit = result));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`exited with ${exit.code ?? exit.signal} before ${url} was ready:\n${exit.stdout}${exit.stderr}`);
    const status = await fetch(url).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

/** Resolves with the exit, or rejects when the process is still running after `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A database nobody has migrated, for a CLI child process: on PostgreSQL a fresh one
 * (`db` is set), else a new PGlite directory. `env` points the child at it.
 */
export function useUnmigratedDatabase(prefix: string) {
  const target = { env: {} as Record<string, string>, db: undefined as TestDatabase | undefined };
  let scratch: string | undefined;
  beforeAll(async () => {
    const probe = await createTestDatabase({ migrate: false });
    if (probe.url) {
      target.db = probe;
      target.env = { DATABASE_URL: probe.url };
    } else {
      await probe.destroy();
      scratch = mkdtempSync(join(tmpdir(), prefix));
      target.env = { DATA_DIR: join(scratch, "pglite") };
    }
  });
  afterAll(async () => {
    await target.db?.destroy();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  return target;
}
