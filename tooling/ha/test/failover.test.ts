// Issue 22 (DESIGN.md §10): three Patroni-managed PostgreSQL nodes in strict synchronous mode,
// HAProxy, three API processes. 16 tills sell 2,000 sales (sale.create and sale.sync mixed)
// through HAProxy while the leader node dies, then again while the leader and one API process
// die: every sale a till was told is recorded exists exactly once, whole, stock = Σ ledger.
// Sign-in attempts over the limit are refused by every process. Fails (never skips) when the
// Debian packages are missing: .ci/run installs them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { describeReport, runFailover, type FailoverReport } from "../src/failover";
import { Topology } from "../src/topology";

const CLIENTS = 16;
const SALES = 2_000;

describe("PostgreSQL failover under selling load, 3 API processes behind HAProxy", () => {
  let topology: Topology | undefined;

  beforeAll(async () => {
    topology = await Topology.start({
      // Every till shares one API key here; its per-key limit is not what is being tested.
      apiEnv: { RATE_LIMIT_API_KEY: "0" },
      log: (line) => console.log(`[ha] ${line}`),
      // HA_KEEP_DIR=1 keeps the logs (every process's) for a failure's post-mortem.
      keepDir: process.env.HA_KEEP_DIR === "1",
    });
  }, 150_000);
  afterAll(async () => {
    await topology?.destroy();
  }, 60_000);

  /** The checks both runs share: nothing acknowledged lost, nothing doubled or split, every answer typed. */
  function expectNothingLost(report: FailoverReport) {
    const { verdict } = report;
    expect(report.newLeader, "Patroni promoted a standby").toBeDefined();
    expect(report.newLeader).not.toBe(report.killed);
    expect(report.failed).toEqual([]);
    expect(report.untyped).toEqual([]);
    // Every till got every sale recorded in the end (it retried through the failover).
    expect(verdict.acknowledged).toBe(SALES);
    expect(verdict.lostAcknowledged).toEqual([]);
    expect(verdict.stored).toBe(SALES);
    expect(verdict.distinctStored).toBe(SALES);
    expect(verdict.partial).toEqual([]);
    expect(verdict.stockMismatch).toEqual([]);
    // The kill really interrupted the tills, and an API process said so while it lasted.
    expect(report.retried503 + report.retriedOther).toBeGreaterThan(0);
    expect(report.readyz["503 database unreachable"] ?? 0, JSON.stringify(report.readyz)).toBeGreaterThan(0);
    // …and stopped saying it once a leader was back (in a checkout where a migration was just
    // added it says "migrations pending", which is also the truth).
    expect(report.readyzAfter).toMatch(/^(200 ready|503 migrations pending)$/);
  }

  it("refuses sign-in attempts over the limit on every API process, not only the one counting", async () => {
    const t = topology!;
    // One client address (as HAProxy's X-Forwarded-For tells it) for this test alone.
    const client = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
    const attempt = (base: string) =>
      fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": client },
        body: JSON.stringify({ email: "nobody@example.com", password: "wrong password 123" }),
      }).then((res) => res.status);
    // 20 a minute per client address (packages/auth): spread round robin over the 3 processes,
    // no process sees more than 7 of them.
    const allowed = [];
    for (let i = 0; i < 20; i++) allowed.push(await attempt(t.apiUrl));
    expect(allowed.every((status) => status === 401)).toBe(true);
    // Directly to each process, none of which has counted 20 on its own: all refuse.
    for (let i = 0; i < 3; i++) expect(await attempt(t.apiUrlOf(i)), `api${i}`).toBe(429);
    expect(await attempt(t.apiUrl)).toBe(429);
  });

  it(`loses no acknowledged sale when the leader dies while ${CLIENTS} tills sync ${SALES} sales`, async ({ annotate }) => {
    const report = await runFailover(topology!, { clients: CLIENTS, total: SALES });
    console.log(`[ha] leader killed: ${describeReport(report)}`);
    await annotate(describeReport(report));
    expectNothingLost(report);
  });

  it("the same with one API process killed too, after the old leader rejoined as a standby", async ({ annotate }) => {
    const t = topology!;
    const down = (await t.cluster()).find((node) => node.role === "down");
    expect(down, "the first run's dead node").toBeDefined();
    const rejoinStarted = Date.now();
    t.restartNode(down!.name);
    await t.waitReplicated(60_000);
    console.log(`[ha] ${down!.name} rejoined (pg_rewind) in ${((Date.now() - rejoinStarted) / 1000).toFixed(1)} s`);
    const report = await runFailover(t, { clients: CLIENTS, total: SALES, killApi: 1 });
    console.log(`[ha] leader and api1 killed: ${describeReport(report)}`);
    await annotate(describeReport(report));
    expectNothingLost(report);
  });
});
