// One failover run (docs/operations.md): tills sell through HAProxy while the leader node dies
// (and, optionally, one API process with it); the run measures how long there was no leader and
// no acknowledged write, watches what /readyz said meanwhile, and verifies the database after.
import { createTestShop, emptyTally, makeSales, sell, verify, type Tally, type Verdict } from "./load";
import type { Topology } from "./topology";

export interface FailoverOptions {
  clients: number;
  total: number;
  /** Kill the leader once this share of the sales is acknowledged (default 1/3). */
  killAt?: number;
  /** Also kill this API process at the same moment. */
  killApi?: number;
  /** Before the kill, while selling: make the standbys lag (the control run). Resolves once they do. */
  beforeKill?: () => Promise<void>;
  /** After the kill (the control run resumes the paused WAL receivers here). */
  afterKill?: () => Promise<void>;
}

export interface FailoverReport {
  killed: string;
  newLeader: string | undefined;
  /** From the kill until another node answered Patroni's /primary with 200. */
  secondsWithoutLeader: number;
  /** The longest stretch of the run in which no till got a sale acknowledged (the outage a till sees). */
  secondsWithoutWrite: number;
  /** The whole run, seconds. */
  seconds: number;
  retried503: number;
  retriedOther: number;
  replayed: number;
  failed: string[];
  untyped: string[];
  /** What an API process's own /readyz answered while polled during the run: status → times seen. */
  readyz: Record<string, number>;
  /** What that /readyz answered once the run was over. */
  readyzAfter: string;
  verdict: Verdict;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one failover under load on a running topology whose standbys are all streaming. */
export async function runFailover(topology: Topology, options: FailoverOptions): Promise<FailoverReport> {
  const shop = await createTestShop(topology.writeUrl);
  const queues = makeSales(shop, options.clients, options.total);
  const tally: Tally = emptyTally();
  const killed = await topology.leader();
  if (!killed) throw new Error("no leader to kill");
  const killAfter = Math.floor(options.total * (options.killAt ?? 1 / 3));

  let killedAt = 0;
  let newLeaderAt = 0;
  let newLeader: string | undefined;
  let killing: Promise<void> | undefined;
  const started = Date.now();
  // An API process that stays up: its /readyz must say "database unreachable" while there is no leader.
  const watched = topology.apiUrlOf(options.killApi === 0 ? 1 : 0);
  const readyz: Record<string, number> = {};
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const status = await fetch(`${watched}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
        async (res) => `${res.status} ${((await res.json()) as { status: string }).status}`,
        () => "no answer",
      );
      readyz[status] = (readyz[status] ?? 0) + 1;
      await sleep(200);
    }
  })();

  const kill = async () => {
    await options.beforeKill?.();
    killedAt = Date.now();
    topology.killNode(killed);
    if (options.killApi !== undefined) topology.killApi(options.killApi);
    await options.afterKill?.();
    for (;;) {
      const leader = await topology.leader();
      if (leader && leader !== killed) {
        newLeader = leader;
        newLeaderAt = Date.now();
        return;
      }
      if (Date.now() - killedAt > 120_000) return;
      await sleep(100);
    }
  };
  await sell(topology.apiUrl, shop.key, queues, tally, () => {
    if (!killing && tally.acknowledged.size >= killAfter) killing = kill();
  });
  await killing;
  watching = false;
  await watcher;
  const seconds = (Date.now() - started) / 1000;
  const ackTimes = [...tally.acknowledged.values()].sort((a, b) => a - b);
  const longestGap = ackTimes.reduce((gap, at, i) => (i === 0 ? gap : Math.max(gap, at - ackTimes[i - 1]!)), 0);
  const readyzAfter = await fetch(`${watched}/readyz`).then(
    async (res) => `${res.status} ${((await res.json()) as { status: string }).status}`,
    () => "no answer",
  );

  return {
    killed,
    newLeader,
    secondsWithoutLeader: newLeaderAt ? (newLeaderAt - killedAt) / 1000 : Number.NaN,
    secondsWithoutWrite: longestGap / 1000,
    seconds,
    retried503: tally.retried503,
    retriedOther: tally.retriedOther,
    replayed: tally.replayed,
    failed: tally.failed.slice(0, 20),
    untyped: tally.untyped.slice(0, 20),
    readyz,
    readyzAfter,
    verdict: await verify(topology.writeUrl, shop, queues.flat(), tally),
  };
}

/** A report as one line for logs and the test's annotation. */
export function describeReport(report: FailoverReport): string {
  const { verdict } = report;
  return (
    `killed ${report.killed} → ${report.newLeader ?? "no new leader"}: ${report.secondsWithoutLeader.toFixed(1)} s without a leader, ` +
    `${report.secondsWithoutWrite.toFixed(1)} s at most without an acknowledged sale; ${report.retried503} typed 503 retries, ${report.retriedOther} other retries ` +
    `(HAProxy/connection), ${report.replayed} replays; ${verdict.acknowledged}/${verdict.sent} acknowledged, ${verdict.stored} stored ` +
    `(${verdict.distinctStored} distinct), ${verdict.lostAcknowledged.length} acknowledged lost, ${verdict.partial.length} partial, ` +
    `${verdict.stockMismatch.length} stock mismatches; run ${report.seconds.toFixed(1)} s; /readyz seen: ${JSON.stringify(report.readyz)}, then ${report.readyzAfter}`
  );
}
