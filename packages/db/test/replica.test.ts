// Reads on a standby (replica.ts, DESIGN.md §10) against a real streaming standby: a PostgreSQL
// primary and a pg_basebackup hot standby of this file's own. What each answer says about how
// current it is, when the primary is idle, when replay stops, and when the standby is gone.
import { startPostgres, startStandby, type PostgresCluster } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabase, type Database, type ReplicaEvent } from "../src/index";
import { notFound } from "../src/errors";

const MAX_LAG_SECONDS = 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("reads on a streaming standby", () => {
  let primary: PostgresCluster;
  let standby: PostgresCluster;
  let db: Database;
  const events: ReplicaEvent["kind"][] = [];

  beforeAll(async () => {
    primary = await startPostgres();
    await primary.sql("CREATE DATABASE tillsync");
    await primary.sql("CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL)", "tillsync");
    standby = await startStandby(primary);
    db = createDatabase({
      url: primary.url("tillsync"),
      readUrl: standby.url("tillsync"),
      maxLagSeconds: MAX_LAG_SECONDS,
      poolSize: 2,
      onReplicaEvent: (event) => events.push(event.kind),
    });
  });
  afterAll(async () => {
    await db?.close();
    await standby?.destroy();
    await primary?.destroy();
  });

  const write = (body: string) => db.prisma.$executeRaw`INSERT INTO note (body) VALUES (${body})`;
  /** The notes as the read sees them, and whether its connection is a standby's. */
  const readNotes = () =>
    db.readReplica(async (reader) => {
      const [position] = await reader.$queryRaw<{ standby: boolean }[]>`SELECT pg_is_in_recovery() AS standby`;
      const rows = await reader.$queryRaw<{ body: string }[]>`SELECT body FROM note ORDER BY id`;
      return { onStandby: position!.standby, notes: rows.map((row) => row.body) };
    });

  it("reads on the standby and sees a write made just before", async () => {
    await write("first");
    const { value, freshness } = await readNotes();
    expect(value).toEqual({ onStandby: true, notes: ["first"] });
    expect(freshness).toMatchObject({ source: "standby", lagSeconds: 0, stale: false });
  });

  it("is current on an idle primary, where the last replayed commit is older than the bound", async () => {
    await sleep((MAX_LAG_SECONDS + 0.5) * 1000);
    // What a replay-timestamp measure would say: the last commit is older than the bound…
    const age = Number(await standby.sql("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())", "tillsync"));
    expect(age).toBeGreaterThan(MAX_LAG_SECONDS);
    // …though the standby has everything: the positions say so.
    const before = Date.now();
    const { freshness } = await readNotes();
    expect(freshness).toMatchObject({ source: "standby", lagSeconds: 0, stale: false });
    expect(Math.abs(freshness.dataAsOf.getTime() - before)).toBeLessThan(2_000);
  });

  it("says since when, and stale, once replay stops past the bound; the read's own errors are its own", async () => {
    await standby.sql("SELECT pg_wal_replay_pause()");
    try {
      await sleep((MAX_LAG_SECONDS + 0.5) * 1000);
      await write("second");
      const { value, freshness } = await readNotes();
      expect(value.notes).toEqual(["first"]);
      expect(freshness).toMatchObject({ source: "standby", stale: true });
      expect(freshness.lagSeconds).toBeGreaterThan(MAX_LAG_SECONDS);
      // A NOT_FOUND (or any error of the report itself) is thrown, not retried on the primary.
      await expect(db.readReplica(() => Promise.reject(notFound("PRODUCT_NOT_FOUND", "Product 9 not found.")))).rejects.toThrow("Product 9 not found.");
      expect(events).toEqual([]);
    } finally {
      await standby.sql("SELECT pg_wal_replay_resume()");
    }
    expect((await readNotes()).value.notes).toEqual(["first", "second"]);
  });

  it("reads the primary when the standby is down, and says so once", async () => {
    await standby.ctl("stop", "-m", "immediate");
    for (let i = 0; i < 2; i++) {
      const { value, freshness } = await readNotes();
      expect(value).toEqual({ onStandby: false, notes: ["first", "second"] });
      expect(freshness).toMatchObject({ source: "primary", lagSeconds: 0, stale: false });
    }
    expect(events).toEqual(["down"]);
  });

  it("reads the primary, current, without a read URL", async () => {
    const alone = createDatabase({ url: primary.url("tillsync"), poolSize: 1 });
    try {
      const { value, freshness } = await alone.readReplica(async (reader) => (await reader.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM note`)[0]!.n);
      expect(value).toBe(2n);
      expect(freshness).toMatchObject({ source: "primary", lagSeconds: 0, stale: false });
    } finally {
      await alone.close();
    }
  });
});
