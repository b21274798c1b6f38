// Child processes of the tests (API servers, `next start`, CLIs, the README's run
// command): each in a process group of its own, so that stopping it also stops whatever it
// started (pnpm → turbo → node), and its output kept for the error that explains a failure.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything it wrote to stdout and stderr, interleaved. */
  output: string;
  /** What it wrote to stdout alone (a CLI's result). */
  stdout: string;
  /** What it wrote to stderr alone (a CLI's messages). */
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** Resolves when the process has exited and its output is closed. */
  exited: Promise<Exit>;
  /** What it has written so far (stdout and stderr, interleaved). */
  output(): string;
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Also write the output to this file (a server's log kept as a test artifact). */
  logFile?: string;
  /** Also pass the output on to this process's stdout and stderr (a server the bench runs). */
  echo?: boolean;
}

/** Starts `command` in a process group of its own (see killGroup), collecting its output. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): Started {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const log = options.logFile ? createWriteStream(options.logFile) : undefined;
  let output = "";
  const separate = { stdout: "", stderr: "" };
  for (const name of ["stdout", "stderr"] as const) {
    child[name].on("data", (chunk: Buffer) => {
      output += chunk.toString();
      separate[name] += chunk.toString();
      log?.write(chunk);
      if (options.echo) process[name].write(chunk);
    });
  }
  const exited = once(child, "close").then(([code, signal]) => {
    log?.end();
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, output, ...separate };
  });
  return { child, exited, output: () => output };
}

/** Resolves as `promise` does, or rejects when it has not settled after `ms` (`what` names it in the error). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs a command to completion (in a group of its own) and resolves with its exit. */
export const run = (command: string, args: string[], options: SpawnOptions): Promise<Exit> => spawnGroup(command, args, options).exited;

/** Sends `signal` to the whole process group `started` leads; a group already gone is not an error. */
export function killGroup(started: Pick<Started, "child">, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-started.child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Stops `started` and everything below it: `signal` (default SIGTERM) to its process group,
 * then SIGKILL after `graceMs` to the group and to every descendant seen before, even one
 * that moved to a group of its own (turbo starts each task in its own). Resolves with the exit.
 */
export async function stopGroup(started: Started, graceMs = 5_000, signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
  const descendants = started.child.pid ? processTree(started.child.pid).map((entry) => entry.pid) : [];
  const killAll = () => {
    killGroup(started, "SIGKILL");
    for (const pid of descendants) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  };
  killGroup(started, signal);
  const timer = setTimeout(killAll, graceMs);
  try {
    const exit = await started.exited;
    // The leader can exit before what it started has (or without stopping it at all).
    const deadline = Date.now() + graceMs;
    while (descendants.some(isRunning) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    return exit;
  } finally {
    clearTimeout(timer);
    killAll();
  }
}

/** Is `pid` a process that still runs (not gone, not a zombie waiting to be reaped)? */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const lastLines = (text: string, count = 40) => text.split("\n").slice(-count).join("\n");

/**
 * Polls `url` until it answers 200 (every 250 ms). Fails at once, with the last lines of the
 * output, when the process exits first, and after `timeoutMs` (default 60 s) otherwise.
 */
export async function waitForOk(url: string, started: Started, timeoutMs = 60_000): Promise<void> {
  let exit: Exit | undefined;
  void started.exited.then((result) => (exit = result));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) throw new Error(`exited (${exit.code ?? exit.signal}) before ${url} answered:\n${lastLines(exit.output)}`);
    if (
      (await fetch(url).then(
        (res) => res.status,
        () => 0,
      )) === 200
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s:\n${lastLines(started.output())}`);
}

/**
 * The environment for a child process: this one's without its database and port settings
 * (a child must never reach the test runner's database by accident), plus `extra`.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, TEST_DATABASE_URL: _testUrl, DATA_DIR: _dir, PORT: _port, ...rest } = process.env;
  return { ...rest, ...extra };
}

/** For `node --import <tsxLoader> file.ts`: runs a TypeScript file in a child process. */
export const tsxLoader: string = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface ProcessInfo {
  pid: number;
  /** argv as the kernel has it (/proc/<pid>/cmdline). */
  argv: string[];
}

/** `pid` and all its descendants with their command lines, read from /proc (Linux). */
export function processTree(pid: number): ProcessInfo[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the command name before it may contain spaces.
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Exited meanwhile.
    }
  }
  const tree: ProcessInfo[] = [];
  const visit = (current: number) => {
    try {
      tree.push({ pid: current, argv: readFileSync(`/proc/${current}/cmdline`, "utf8").split("\0").filter(Boolean) });
    } catch {
      return;
    }
    for (const child of children.get(current) ?? []) visit(child);
  };
  visit(pid);
  return tree;
}
