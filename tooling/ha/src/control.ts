// The control run (issue 22, not in CI: `pnpm ha control`): the same failover under load, with
// the leader's WAL senders paused for a few seconds (every standby falls behind) before the leader dies, once with
// asynchronous replication and once with strict synchronous replication. It measures how many
// sales the tills were told were recorded and the database no longer has: the reason for
// synchronous_mode_strict, measured rather than assumed (docs/scaling.md).
import { describeReport, runFailover, type FailoverReport } from "./failover";
import { Topology } from "./topology";

/** How long the standbys fall behind before the leader dies. */
const LAG_MS = 3_000;

export interface ControlResult {
  replication: "async" | "strict";
  lostAcknowledged: number;
  report: FailoverReport;
}

/** Runs the lagging-standby failover in each replication mode on a fresh topology; resolves with what each lost. */
export async function controlRun({
  log,
  clients = 16,
  total = 2_000,
}: {
  log: (line: string) => void;
  clients?: number;
  total?: number;
}): Promise<ControlResult[]> {
  const results: ControlResult[] = [];
  for (const replication of ["async", "strict"] as const) {
    const topology = await Topology.start({ replication, apiEnv: { RATE_LIMIT_API_KEY: "0" }, log });
    let resume: (() => void) | undefined;
    try {
      const report = await runFailover(topology, {
        clients,
        total,
        beforeKill: async () => {
          resume = await topology.pauseReplication();
          await new Promise((resolve) => setTimeout(resolve, LAG_MS));
        },
        afterKill: () => {
          resume?.();
          return Promise.resolve();
        },
      });
      log(`${replication}: ${describeReport(report)}`);
      results.push({ replication, lostAcknowledged: report.verdict.lostAcknowledged.length, report });
    } finally {
      resume?.();
      await topology.destroy();
    }
  }
  return results;
}
