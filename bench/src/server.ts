import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { spawnGroup, stopGroup, waitForOk } from "@tillsync/testing";

const apiDir = fileURLToPath(new URL("../../apps/api/", import.meta.url));

/**
 * The server's command line exactly as `dir`'s package.json `start` script has it (its Node
 * flags, such as the heap limit, included), minus the `exec node` in front, with the
 * `$npm_package_config_<name>` settings it names filled in from the package's `config`.
 */
function startArgs(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(`${dir}package.json`, "utf8")) as { scripts: { start: string }; config?: Record<string, string> };
  const words = pkg.scripts.start.replace(/\$npm_package_config_(\w+)/g, (_, name: string) => pkg.config?.[name] ?? "").split(/\s+/);
  return words.slice(words.indexOf("node") + 1);
}

/** Builds apps/api (or the checkout at `dir`) as `pnpm build` does, for `start` to run. */
export function buildServer(dir = apiDir) {
  execFileSync("pnpm", ["run", "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
}

export interface RunningServer {
  url: string;
  pid: number;
  /** Highest RSS seen so far, in MiB (sampled every 100 ms from /proc/<pid>/status). */
  peakRssMiB(): number;
  rssMiB(): number;
  /** CPU time the server has used so far (user + system), in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

function readRssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
function readCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU time used so far by each PostgreSQL backend connected to `database` (found by its
 * process title), in milliseconds, by pid. Compare two readings with postgresCpuSince.
 */
export function postgresCpuMs(database: string): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.includes(` ${database} `)) byPid.set(Number(entry), readCpuMs(Number(entry)));
    } catch {
      // exited meanwhile
    }
  }
  return byPid;
}

/** CPU time the backends used between two readings; a backend that exited in between is not counted. */
export function postgresCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

export { freePort } from "@tillsync/testing";

/**
 * Starts the real API server as `pnpm start` would (apps/api, or the apps/api folder `dir` of
 * another checkout), as a child process, and waits for /readyz.
 */
export async function startServer(options: {
  databaseUrl: string;
  port: number;
  poolSize?: number;
  dir?: string;
  /** More settings of the server's environment (e.g. WEB_ORIGIN for a web app in front of it). */
  env?: Record<string, string>;
}): Promise<RunningServer> {
  const dir = options.dir ?? apiDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  if (options.poolSize !== undefined) env.DB_POOL_SIZE = String(options.poolSize);
  else delete env.DB_POOL_SIZE;
  // BENCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const started = spawnGroup(process.execPath, [...profile, ...startArgs(dir)], { cwd: dir, env, echo: true });
  const pid = started.child.pid!;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, readRssMiB(pid))), 100);
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitForOk(`${url}/readyz`, started, 60_000);
  } catch (error) {
    clearInterval(sampler);
    await stopGroup(started);
    throw error;
  }
  return {
    url,
    pid,
    peakRssMiB: () => Math.max(peak, readRssMiB(pid)),
    rssMiB: () => readRssMiB(pid),
    cpuMs: () => readCpuMs(pid),
    stop: async () => {
      clearInterval(sampler);
      await stopGroup(started);
    },
  };
}
