// The multi-host shape of DESIGN.md §10 on one host, from Debian's packages: one etcd, three
// PostgreSQL 15 nodes managed by Patroni (strict synchronous replication by default), HAProxy
// with a write frontend that follows the leader through Patroni's REST checks and a read
// frontend on the standbys, and N API processes (apps/api) behind a second HAProxy frontend.
// Everything listens on 127.0.0.1 on fixed ports clear of the ones the test suites use, lives in
// one temporary directory, and is torn down with every process it started (postmasters too,
// whose parent is PID 1, not Patroni). ../../docs/operations.md explains how to run it.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { createDatabase } from "@tillsync/db";
import { assertPortFree, childEnv, killGroup, processTree, spawnGroup, stopGroup, tsxLoader, waitForOk, type Started } from "@tillsync/testing";

/** Where each piece listens (all on 127.0.0.1); clear of 5432, 6379 and the web tests' 3610-3650/4610-4650. */
export const PORTS = {
  etcdClient: 22379,
  etcdPeer: 22380,
  /** PostgreSQL of node i is postgres + i. */
  postgres: 25432,
  /** Patroni's REST API of node i is patroni + i. */
  patroni: 28008,
  /** HAProxy: the current leader (writes). */
  write: 25000,
  /** HAProxy: the API processes (round robin). */
  api: 25001,
  /** HAProxy: the standbys (reports' DATABASE_READ_URL). */
  read: 25002,
  /** API process i listens on api0 + i. */
  api0: 24700,
} as const;

/** The Debian packages the topology runs on, and a binary each installs. */
export const REQUIRED_PACKAGES = [
  { pkg: "etcd-server", binary: "/usr/bin/etcd" },
  { pkg: "patroni", binary: "/usr/bin/patroni" },
  { pkg: "haproxy", binary: "/usr/sbin/haproxy" },
  { pkg: "postgresql-15", binary: "/usr/lib/postgresql/15/bin/postgres" },
] as const;

const PG_BIN = "/usr/lib/postgresql/15/bin";
const API_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../apps/api");
const SCOPE = "tillsync";

/**
 * Fails with the apt-get line to run when a package the topology needs is missing (the test
 * fails rather than skips on such a machine; .ci/run installs them).
 */
export function requirePackages(): void {
  const missing = REQUIRED_PACKAGES.filter(({ binary }) => !existsSync(binary)).map(({ pkg }) => pkg);
  if (missing.length > 0) throw new Error(`missing Debian packages for the HA topology: apt-get install -y ${missing.join(" ")}`);
}

export interface TopologyOptions {
  /** PostgreSQL nodes (default 3). */
  nodes?: number;
  /** API processes (default 3; 0 for the database alone). */
  apis?: number;
  /**
   * `strict` (default): Patroni's synchronous_mode with synchronous_mode_strict, a commit is
   * acknowledged only once a standby has it. `async`: plain streaming replication, the control.
   */
  replication?: "strict" | "async";
  /** Extra environment for the API processes. */
  apiEnv?: Record<string, string>;
  /** Keep the directory (logs, configs) after teardown. */
  keepDir?: boolean;
  /** Print progress lines here (the CLI); silent by default. */
  log?: (line: string) => void;
}

export interface NodeState {
  name: string;
  /** "leader", "sync_standby", "replica", or "down" (Patroni's REST answers nothing). */
  role: string;
  /** PostgreSQL's state as Patroni reports it ("running", "streaming", …). */
  state: string;
  /** Bytes of WAL this node has not replayed yet (replicas), as Patroni's /cluster says. */
  lagBytes: number | null;
}

interface PgNode {
  index: number;
  name: string;
  dir: string;
  dataDir: string;
  config: string;
  patroni?: Started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The uid/gid PostgreSQL runs as: the `postgres` account when this process is root (PostgreSQL refuses root). */
function postgresAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return { uid: Number(execFileSync("id", ["-u", "postgres"]).toString()), gid: Number(execFileSync("id", ["-g", "postgres"]).toString()) };
}

/** SIGSTOPs these processes; the function returned SIGCONTs them (those still there). */
function suspend(pids: number[]): () => void {
  for (const pid of pids) process.kill(pid, "SIGSTOP");
  return () => {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // Gone (killed with its node).
      }
    }
  };
}

/** Running topology: the URLs to use, and the faults the tests inject. Stop it with destroy(). */
export class Topology {
  readonly dir: string;
  /** HAProxy's write frontend (the leader), for DATABASE_URL. */
  readonly writeUrl = `postgres://postgres@127.0.0.1:${PORTS.write}/tillsync`;
  /** HAProxy's read frontend (a standby), for DATABASE_READ_URL. */
  readonly readUrl = `postgres://postgres@127.0.0.1:${PORTS.read}/tillsync`;
  /** HAProxy's API frontend: what tills and browsers talk to. */
  readonly apiUrl = `http://127.0.0.1:${PORTS.api}`;
  private readonly nodes: PgNode[] = [];
  private readonly apis: (Started | undefined)[] = [];
  private etcd?: Started;
  private haproxy?: Started;
  private readonly account = postgresAccount();
  private readonly options: Required<Omit<TopologyOptions, "log" | "apiEnv">> & Pick<TopologyOptions, "log" | "apiEnv">;

  private constructor(options: TopologyOptions) {
    this.options = { nodes: 3, apis: 3, replication: "strict", keepDir: false, ...options };
    this.dir = mkdtempSync(join(tmpdir(), "tillsync-ha-"));
    // PostgreSQL's account must reach its node's directory inside.
    chmodSync(this.dir, 0o755);
  }

  /**
   * Starts etcd, the PostgreSQL nodes (waiting for a leader and, in strict mode, a synchronous
   * standby), HAProxy (waiting until its write frontend sees exactly the leader), creates the
   * `tillsync` database and applies the migrations, then starts the API processes. Everything started is stopped again if any step fails.
   */
  static async start(options: TopologyOptions = {}): Promise<Topology> {
    requirePackages();
    const topology = new Topology(options);
    try {
      await topology.boot();
      return topology;
    } catch (error) {
      await topology.destroy();
      throw error;
    }
  }

  private say(line: string) {
    this.options.log?.(line);
  }

  private async boot() {
    const { nodes, apis } = this.options;
    for (const port of [PORTS.etcdClient, PORTS.etcdPeer, PORTS.write, PORTS.api, PORTS.read]) await assertPortFree(port, "(another HA topology running?)");
    for (let i = 0; i < nodes; i++) {
      await assertPortFree(PORTS.postgres + i);
      await assertPortFree(PORTS.patroni + i);
    }
    for (let i = 0; i < apis; i++) await assertPortFree(PORTS.api0 + i);
    const startedAt = Date.now();
    this.startEtcd();
    await this.waitFor(
      () =>
        fetch(`http://127.0.0.1:${PORTS.etcdClient}/health`).then(
          (res) => res.ok,
          () => false,
        ),
      20_000,
      "etcd to answer",
    );
    for (let i = 0; i < nodes; i++) this.nodes.push(this.writeNode(i));
    // The first node bootstraps the cluster; the others clone it once it leads.
    this.startNode(this.nodes[0]!);
    let exited = false;
    void this.nodes[0]!.patroni!.exited.then(() => (exited = true));
    await this.waitFor(
      async () => {
        if (exited) throw new Error("Patroni exited");
        return (await this.leader()) !== undefined;
      },
      60_000,
      "a leader",
      () => exited,
    );
    for (const node of this.nodes.slice(1)) this.startNode(node);
    await this.waitReplicated();
    this.startHaproxy();
    await this.waitForHaproxyLeader(30_000);
    this.say(`database cluster up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (leader ${await this.leader()})`);
    // Created and migrated on the leader itself, not through HAProxy: a CI run once found the
    // database missing on the connection after CREATE DATABASE went through the write frontend
    // (two connections, possibly two nodes while HAProxy's checks settled). Applied once here
    // (as `tillsync migrate` would), so the API processes start side by side and each finds
    // nothing to do.
    const leader = this.nodeIndex((await this.leader())!);
    await this.psql(["-c", "CREATE DATABASE tillsync"], leader);
    const db = createDatabase({ url: `postgres://postgres@127.0.0.1:${PORTS.postgres + leader}/tillsync`, poolSize: 1 });
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
    for (let i = 0; i < apis; i++) this.apis.push(this.startApi(i));
    await Promise.all(this.apis.map((api, i) => waitForOk(`http://127.0.0.1:${PORTS.api0 + i}/readyz`, api!, 90_000)));
    if (apis > 0) await this.waitForHaproxyApis(apis, 10_000);
    this.say(`topology up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: API at ${this.apiUrl}, writes at ${this.writeUrl}`);
  }

  private mkdir(path: string) {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    if (this.account) chownSync(path, this.account.uid, this.account.gid);
  }

  private startEtcd() {
    const dir = join(this.dir, "etcd");
    this.mkdir(dir);
    const url = (port: number) => `http://127.0.0.1:${port}`;
    this.etcd = spawnGroup(
      "/usr/bin/etcd",
      [
        "--name=etcd0",
        `--data-dir=${dir}`,
        `--listen-client-urls=${url(PORTS.etcdClient)}`,
        `--advertise-client-urls=${url(PORTS.etcdClient)}`,
        `--listen-peer-urls=${url(PORTS.etcdPeer)}`,
        `--initial-advertise-peer-urls=${url(PORTS.etcdPeer)}`,
        `--initial-cluster=etcd0=${url(PORTS.etcdPeer)}`,
        "--initial-cluster-state=new",
      ],
      { cwd: this.dir, env: childEnv(), logFile: join(this.dir, "etcd.log") },
    );
  }

  /** Writes node i's Patroni configuration (see docs/operations.md for what each setting is for). */
  private writeNode(index: number): PgNode {
    const name = `pg${index}`;
    const dir = join(this.dir, name);
    this.mkdir(dir);
    const dataDir = join(dir, "data");
    const strict = this.options.replication === "strict";
    const yaml = `scope: ${SCOPE}
namespace: /tillsync-ha/
name: ${name}
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:${PORTS.patroni + index}
  connect_address: 127.0.0.1:${PORTS.patroni + index}
etcd3:
  hosts: 127.0.0.1:${PORTS.etcdClient}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    primary_start_timeout: 0
    maximum_lag_on_failover: ${strict ? 1048576 : 1073741824}
    synchronous_mode: ${strict}
    synchronous_mode_strict: ${strict}
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_log_hints: "on"
        max_connections: 120
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        hot_standby: "on"
        shared_buffers: 32MB
        fsync: "off"
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
    - local all all trust
postgresql:
  listen: 127.0.0.1:${PORTS.postgres + index}
  connect_address: 127.0.0.1:${PORTS.postgres + index}
  data_dir: ${dataDir}
  bin_dir: ${PG_BIN}
  pgpass: ${join(dir, "pgpass")}
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  authentication:
    replication:
      username: replicator
      password: replicator
    superuser:
      username: postgres
      password: postgres
  parameters:
    unix_socket_directories: ${dir}
`;
    const config = join(dir, "patroni.yml");
    writeFileSync(config, yaml);
    if (this.account) chownSync(config, this.account.uid, this.account.gid);
    return { index, name, dir, dataDir, config };
  }

  private startNode(node: PgNode) {
    // PGPASSWORD inherited from the environment would override Patroni's pgpass (ENVIRONMENT.md).
    const env = childEnv();
    delete env.PGPASSWORD;
    const [command, args] = this.account
      ? ["/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/patroni", node.config]]
      : ["/usr/bin/patroni", [node.config]];
    node.patroni = spawnGroup(command, args, { cwd: node.dir, env, logFile: join(node.dir, `patroni-${Date.now()}.log`) });
  }

  private startApi(index: number): Started {
    return spawnGroup(process.execPath, ["--max-old-space-size=192", "--import", tsxLoader, "src/cli.ts", "serve"], {
      cwd: API_DIR,
      env: childEnv({
        DATABASE_URL: this.writeUrl,
        // Reports (analytics, sales list, cash-up, activity log) on the standbys (docs/scaling.md).
        DATABASE_READ_URL: this.readUrl,
        DB_POOL_SIZE: "8",
        PORT: String(PORTS.api0 + index),
        HOST: "127.0.0.1",
        // HAProxy (127.0.0.1) adds the client's address to X-Forwarded-For.
        TRUSTED_PROXIES: "127.0.0.1/32",
        REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
        AUTH_SECRET: "tillsync-ha-topology-secret-0123456789abcdef",
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        ...this.options.apiEnv,
      }),
      logFile: join(this.dir, `api${index}-${Date.now()}.log`),
    });
  }

  private startHaproxy() {
    const servers = this.nodes
      .map((node) => `  server ${node.name} 127.0.0.1:${PORTS.postgres + node.index} check port ${PORTS.patroni + node.index}`)
      .join("\n");
    const apis = Array.from({ length: this.options.apis }, (_, i) => `  server api${i} 127.0.0.1:${PORTS.api0 + i} check`).join("\n");
    const config = `global
  maxconn 2000
  stats socket ${join(this.dir, "haproxy.sock")} mode 600 level admin

defaults
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 1s

# Writes: the node holding Patroni's leader lock. OPTIONS, not GET (GET logs a traceback in
# Patroni 3.0.2); a node that loses the lock has its sessions cut at once.
listen postgres_write
  bind 127.0.0.1:${PORTS.write}
  mode tcp
  retries 0
  option httpchk OPTIONS /primary
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
${servers}

# Reads (reports): the running standbys.
listen postgres_read
  bind 127.0.0.1:${PORTS.read}
  mode tcp
  balance roundrobin
  retries 0
  option httpchk OPTIONS /replica
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${servers}

# The API processes: /healthz (the process serves HTTP), not /readyz, so that while the
# database fails over the API itself answers its typed 503 + Retry-After rather than HAProxy.
listen api
  bind 127.0.0.1:${PORTS.api}
  mode http
  balance roundrobin
  option forwardfor
  option httpchk GET /healthz
  retries 3
  option redispatch 1
  timeout client 60s
  timeout server 60s
  default-server inter 500ms fall 2 rise 1
${apis}
`;
    const file = join(this.dir, "haproxy.cfg");
    writeFileSync(file, config);
    execFileSync("/usr/sbin/haproxy", ["-c", "-q", "-f", file]);
    this.haproxy = spawnGroup("/usr/sbin/haproxy", ["-db", "-f", file], { cwd: this.dir, env: childEnv(), logFile: join(this.dir, "haproxy.log") });
  }

  /** One command on HAProxy's admin socket (its answer's text). */
  private haproxyCommand(command: string): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const socket = createConnection(join(this.dir, "haproxy.sock"));
      let out = "";
      socket.on("data", (chunk) => (out += chunk.toString()));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
      socket.write(`${command}\n`);
    });
  }

  /**
   * Takes every server out of HAProxy's read frontend (`disable server`, sessions cut), or puts
   * them back: the standbys unreachable for reports while replication goes on.
   */
  async setReadFrontend(enabled: boolean): Promise<void> {
    for (const node of this.nodes) {
      await this.haproxyCommand(`${enabled ? "enable" : "disable"} server postgres_read/${node.name}`);
      if (!enabled) await this.haproxyCommand(`shutdown sessions server postgres_read/${node.name}`);
    }
  }

  /** HAProxy's view (`show stat`): server name → status ("UP", "DOWN", …) for one proxy. */
  async haproxyServers(proxy: string): Promise<Map<string, string>> {
    const text = await this.haproxyCommand("show stat");
    const result = new Map<string, string>();
    for (const line of text.split("\n")) {
      const [pxname, svname, ...rest] = line.split(",");
      if (pxname === proxy && svname && svname !== "FRONTEND" && svname !== "BACKEND") result.set(svname, rest[15] ?? "");
    }
    return result;
  }

  private async waitForHaproxyLeader(timeoutMs: number) {
    // Servers count as up until their first checks fail: wait until exactly the leader is.
    const leader = await this.leader();
    await this.waitFor(
      async () => {
        const up = [...(await this.haproxyServers("postgres_write"))].filter(([, status]) => status === "UP").map(([name]) => name);
        return up.length === 1 && up[0] === leader;
      },
      timeoutMs,
      "HAProxy to route writes to the leader alone",
    );
  }

  private async waitForHaproxyApis(count: number, timeoutMs: number) {
    await this.waitFor(
      async () => [...(await this.haproxyServers("api"))].filter(([, status]) => status === "UP").length === count,
      timeoutMs,
      "HAProxy to see every API process",
    );
  }

  /** Patroni's /cluster as seen from any node that answers. */
  async cluster(): Promise<NodeState[]> {
    for (const node of this.nodes) {
      const body = await fetch(`http://127.0.0.1:${PORTS.patroni + node.index}/cluster`, { signal: AbortSignal.timeout(1_000) }).then(
        (res) => (res.ok ? (res.json() as Promise<{ members: { name: string; role: string; state: string; lag?: number | string }[] }>) : undefined),
        () => undefined,
      );
      if (!body) continue;
      return this.nodes.map(({ name }) => {
        const member = body.members.find((entry) => entry.name === name);
        return member
          ? { name, role: member.role, state: member.state, lagBytes: typeof member.lag === "number" ? member.lag : null }
          : { name, role: "down", state: "stopped", lagBytes: null };
      });
    }
    return this.nodes.map(({ name }) => ({ name, role: "down", state: "stopped", lagBytes: null }));
  }

  /** The node whose Patroni answers 200 to /primary (holds the leader lock and runs as primary), if any. */
  async leader(): Promise<string | undefined> {
    const answers = await Promise.all(
      this.nodes.map((node) =>
        fetch(`http://127.0.0.1:${PORTS.patroni + node.index}/primary`, { method: "OPTIONS", signal: AbortSignal.timeout(1_000) }).then(
          (res) => res.status === 200,
          () => false,
        ),
      ),
    );
    const index = answers.indexOf(true);
    return index >= 0 ? this.nodes[index]!.name : undefined;
  }

  /** The standbys streaming from the leader, with pg_stat_replication's sync_state ("sync", "async", "potential"). */
  async replication(): Promise<{ name: string; syncState: string }[]> {
    const leader = await this.leader();
    const node = this.nodes.find((entry) => entry.name === leader);
    if (!node) return [];
    const out = await this.psql(["-c", "SELECT application_name, sync_state FROM pg_stat_replication WHERE state = 'streaming' ORDER BY 1"], node.index);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, syncState] = line.split("|");
        return { name: name!, syncState: syncState! };
      });
  }

  /** Waits until every running node but the leader streams from it (and, in strict mode, one of them is the synchronous standby). */
  async waitReplicated(timeoutMs = 60_000): Promise<void> {
    const running = this.nodes.filter((node) => node.patroni).length;
    await this.waitFor(
      async () => {
        const standbys = await this.replication().catch(() => []);
        return standbys.length === running - 1 && (this.options.replication !== "strict" || standbys.some((entry) => entry.syncState === "sync"));
      },
      timeoutMs,
      `${running - 1} streaming standby(s)${this.options.replication === "strict" ? ", one synchronous" : ""}`,
    );
  }

  /** psql as the superuser against node `index` (default: through the write frontend), output unaligned. */
  async psql(args: string[], index?: number, database = "postgres"): Promise<string> {
    const port = index === undefined ? PORTS.write : PORTS.postgres + index;
    return execFileSync(
      `${PG_BIN}/psql`,
      ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtX", ...args],
      {
        env: { ...childEnv(), PGCONNECT_TIMEOUT: "3" },
        encoding: "utf8",
      },
    );
  }

  /** The index of a node by name. */
  nodeIndex(name: string): number {
    const node = this.nodes.find((entry) => entry.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node.index;
  }

  /**
   * Kills a node the way a machine dies: SIGKILL to its Patroni and to its postmaster and every
   * PostgreSQL process below it, at once. Returns when they are gone.
   */
  killNode(name: string): void {
    const node = this.nodes[this.nodeIndex(name)]!;
    const postmaster = this.postmasterPid(node);
    const victims = postmaster ? processTree(postmaster).map((entry) => entry.pid) : [];
    if (node.patroni) killGroup(node.patroni, "SIGKILL");
    for (const pid of victims) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    node.patroni = undefined;
  }

  /**
   * Makes every standby fall behind the leader, as on a slow or congested link: the leader's WAL
   * senders are paused (SIGSTOP), so what it writes from now on reaches no standby. Returns the
   * resume function (SIGCONT). Pausing the standbys' WAL receivers instead is no such fault:
   * the WAL already sent waits in their sockets' receive buffers (megabytes), and they read it
   * once resumed, even after the leader died. The control run's fault (docs/scaling.md).
   */
  async pauseReplication(): Promise<() => void> {
    const leader = await this.leader();
    const node = this.nodes.find((entry) => entry.name === leader);
    const postmaster = node && this.postmasterPid(node);
    if (!postmaster) throw new Error("no leader whose replication to pause");
    const paused = processTree(postmaster)
      .filter((entry) => entry.argv.join(" ").includes("walsender"))
      .map((entry) => entry.pid);
    if (paused.length === 0) throw new Error("the leader has no WAL sender to pause");
    return suspend(paused);
  }

  /**
   * Makes every standby stop replaying (its startup process paused with SIGSTOP) while it goes
   * on receiving and flushing WAL, so synchronous commits go through: its data falls behind, as
   * under a long replay conflict. Not pg_wal_replay_pause(): Patroni resumes a paused replay
   * within a loop. Returns the resume function (SIGCONT).
   */
  async pauseReplay(): Promise<() => void> {
    const leader = await this.leader();
    const startups = this.nodes
      .filter((node) => node.patroni && node.name !== leader)
      .flatMap((node) => {
        const postmaster = this.postmasterPid(node);
        return postmaster ? processTree(postmaster).filter((entry) => ` ${entry.argv.join(" ")} `.includes(" startup ")) : [];
      })
      .map((entry) => entry.pid);
    if (startups.length === 0) throw new Error("no standby whose replay to pause");
    return suspend(startups);
  }

  /** Starts a killed node's Patroni again: it rewinds or re-clones and rejoins as a standby. */
  restartNode(name: string): void {
    const node = this.nodes[this.nodeIndex(name)]!;
    if (node.patroni) throw new Error(`${name} is running`);
    this.startNode(node);
  }

  /** Kills API process i (SIGKILL: requests in flight are cut). */
  killApi(index: number): void {
    const api = this.apis[index];
    if (api) killGroup(api, "SIGKILL");
    this.apis[index] = undefined;
  }

  /** Starts API process i again and waits until it is ready. */
  async restartApi(index: number): Promise<void> {
    if (this.apis[index]) throw new Error(`api${index} is running`);
    this.apis[index] = this.startApi(index);
    await waitForOk(`http://127.0.0.1:${PORTS.api0 + index}/readyz`, this.apis[index], 60_000);
  }

  /** API process i's own address (bypassing HAProxy). */
  apiUrlOf(index: number): string {
    return `http://127.0.0.1:${PORTS.api0 + index}`;
  }

  private postmasterPid(node: PgNode): number | undefined {
    try {
      return Number(readFileSync(join(node.dataDir, "postmaster.pid"), "utf8").split("\n")[0]) || undefined;
    } catch {
      return undefined;
    }
  }

  private async waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, failed: () => boolean = () => false) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && !failed()) {
      if (await check().catch(() => false)) return;
      await sleep(100);
    }
    throw new Error(`${failed() ? "failed" : `timed out after ${timeoutMs / 1000} s`} waiting for ${what}; logs in ${this.dir}:\n${this.logTail()}`);
  }

  /** The last lines of every log, for a failure's message. */
  logTail(lines = 15): string {
    const logs: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "data" && entry.name !== "etcd") walk(path);
        else if (entry.name.endsWith(".log")) logs.push(`--- ${path}\n${readFileSync(path, "utf8").split("\n").slice(-lines).join("\n")}`);
      }
    };
    try {
      walk(this.dir);
    } catch {
      // Nothing written yet.
    }
    return logs.join("\n");
  }

  /** Stops everything (APIs, HAProxy, Patroni and the postmasters, etcd) and removes the directory. Safe to call twice. */
  async destroy(): Promise<void> {
    const stopping: Promise<unknown>[] = [];
    for (const [index, api] of this.apis.entries()) {
      if (api) stopping.push(stopGroup(api, 2_000, "SIGKILL"));
      this.apis[index] = undefined;
    }
    if (this.haproxy) stopping.push(stopGroup(this.haproxy, 1_000, "SIGKILL"));
    this.haproxy = undefined;
    for (const node of this.nodes) {
      const postmaster = this.postmasterPid(node);
      const tree = postmaster ? processTree(postmaster).map((entry) => entry.pid) : [];
      if (node.patroni) stopping.push(stopGroup(node.patroni, 1_000, "SIGKILL"));
      node.patroni = undefined;
      for (const pid of tree) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    await Promise.all(stopping);
    if (this.etcd) await stopGroup(this.etcd, 1_000, "SIGKILL");
    this.etcd = undefined;
    if (!this.options.keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
