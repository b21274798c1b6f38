// Issue 22 (DESIGN.md §10): three Patroni-managed PostgreSQL nodes in strict synchronous mode,
// HAProxy, three API processes. 16 tills sell 2,000 sales (sale.create and sale.sync mixed)
// through HAProxy while the leader node dies, then again while the leader and one API process
// die: every sale a till was told is recorded exists exactly once, whole, stock = Σ ledger.
// Sign-in attempts over the limit are refused by every process. Fails (never skips) when the
// Debian packages are missing: .ci/run installs them.
import { randomUUID } from "node:crypto";

import { createApiKey, createDatabase, createProduct, createShop } from "@tillsync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { describeReport, runFailover, type FailoverReport } from "../src/failover";
import { PORTS, Topology } from "../src/topology";

const CLIENTS = 16;
const SALES = 2_000;

describe("PostgreSQL failover under selling load, 3 API processes behind HAProxy", () => {
  let topology: Topology | undefined;

  beforeAll(async () => {
    topology = await Topology.start({
      // Every till shares one API key here; its per-key limit is not what is being tested.
      // Reports older than 1 s say so (the default is 30 s): the replay pause below need not last long.
      apiEnv: { RATE_LIMIT_API_KEY: "0", READ_REPLICA_MAX_LAG_SECONDS: "1" },
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

  it("reads reports on a standby through HAProxy's read frontend; says how far behind when replay stops; reads the primary when no standby answers", async () => {
    const t = topology!;
    const standbys = (await t.cluster()).filter((node) => node.role !== "leader" && node.role !== "down");
    expect(standbys).toHaveLength(2);
    // The connection a report reads on is a standby's (packages/db, as the API uses it).
    const db = createDatabase({ url: t.writeUrl, readUrl: t.readUrl, poolSize: 2 });
    let key: string;
    let productId: number;
    try {
      const { value, freshness } = await db.readReplica(
        async (tx) => (await tx.$queryRaw<{ standby: boolean; port: number }[]>`SELECT pg_is_in_recovery() AS standby, inet_server_port() AS port`)[0]!,
      );
      expect(value.standby).toBe(true);
      expect(standbys.map((node) => PORTS.postgres + t.nodeIndex(node.name))).toContain(value.port);
      expect(freshness).toMatchObject({ source: "standby", lagSeconds: 0, stale: false });
      const { id: shopId } = await createShop(db.prisma, { name: "HA reports shop" });
      key = (await createApiKey(db.prisma, { shopId, name: "back office", role: "manager" })).key;
      productId = (await createProduct(db.prisma, { shopId }, { name: "Coffee", isVolatile: false, unitPrice: "3.00", initialStock: "100" })).id;
    } finally {
      await db.close();
    }
    const call = async <T>(path: string, input: unknown, mutation = false): Promise<T> => {
      const envelope = JSON.stringify({ json: input });
      const res = await fetch(`${t.apiUrl}/trpc/${path}${mutation ? "" : `?input=${encodeURIComponent(envelope)}`}`, {
        method: mutation ? "POST" : "GET",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: mutation ? envelope : undefined,
      });
      const body = (await res.json()) as { result?: { data: { json: T } } };
      if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body.result.data.json;
    };
    const sell = () => call("sale.create", { externalId: randomUUID(), items: [{ productId, quantity: "1" }] }, true);
    interface Summary {
      saleCount: number;
      freshness: { source: string; dataAsOf: string; lagSeconds: number; stale: boolean };
    }
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const summary = () => call<Summary>("analytics.summary", { startDate: day(-1), endDate: day(1), top: 5 });

    await sell();
    // Round robin over the 3 API processes (each pool's connections spread over both standbys): each answer from a standby, with the sale just made.
    for (let i = 0; i < 3; i++) expect(await summary()).toMatchObject({ saleCount: 1, freshness: { source: "standby", lagSeconds: 0, stale: false } });

    const caughtUpAt = Date.now();
    const resume = await t.pauseReplay();
    let lagging: Summary;
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await sell();
      lagging = await summary();
    } finally {
      resume();
    }
    console.log(`[ha] replay paused on both standbys: ${JSON.stringify(lagging.freshness)}`);
    expect(lagging.saleCount, "the second sale is not replayed yet").toBe(1);
    expect(lagging.freshness).toMatchObject({ source: "standby", stale: true });
    expect(lagging.freshness.lagSeconds).toBeGreaterThan(1);
    expect(new Date(lagging.freshness.dataAsOf).getTime()).toBeLessThanOrEqual(caughtUpAt);
    expect(await summary()).toMatchObject({ saleCount: 2, freshness: { source: "standby", stale: false } });

    // No standby behind the read frontend: every process answers from the primary, and logs it.
    await t.setReadFrontend(false);
    try {
      for (let i = 0; i < 3; i++) expect(await summary()).toMatchObject({ saleCount: 2, freshness: { source: "primary", lagSeconds: 0, stale: false } });
    } finally {
      await t.setReadFrontend(true);
    }
    expect(t.logTail(40)).toContain("read replica unavailable: reports read the primary");
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
