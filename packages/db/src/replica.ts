// Reports on a streaming standby (DESIGN.md §10, docs/scaling.md "Reads from a standby"): the
// read client of DATABASE_READ_URL, how current each answer is, and the fallback to the primary
// when the standby cannot answer.
import type { Freshness } from "@tillsync/validators";
import type pg from "pg";

import type { PrismaClient, Tx } from "./db";
import { isTransientDatabaseError } from "./errors";

/** A read that may run on the standby: the primary's client, or the standby's transaction. Never a write. */
export type ReportRead<T> = (db: PrismaClient | Tx) => Promise<T>;

/** Runs a report's read on the standby when there is one, else on the primary; its value and how current it is. */
export type ReadReplica = <T>(read: ReportRead<T>) => Promise<{ value: T; freshness: Freshness }>;

/** What a read replica tells its owner: the standby could not be used (reads go to the primary meanwhile), or it answers again. */
export type ReplicaEvent = { kind: "down"; error: unknown; retryInSeconds: number } | { kind: "up" };

/** The default of READ_REPLICA_MAX_LAG_SECONDS: older data than this is shown with "Data as of …". */
export const DEFAULT_MAX_LAG_SECONDS = 30;

/**
 * How long a read waits for the standby to replay what the primary had when the read began, in
 * ms between polls (≈ 0.2 s in all). A healthy standby replays within milliseconds (measured in
 * docs/scaling.md), so a report almost always sees the reader's own last changes; one still
 * behind after this is lagging for real, and the answer says since when.
 */
const CATCH_UP_POLLS_MS = [2, 5, 10, 20, 40, 60, 60];

/** After the standby failed, reads go to the primary this long before it is tried again. */
const RETRY_STANDBY_MS = 10_000;

/** A standby read: waiting for a pooled connection, then at most this long (a year's report included). */
const READ_TX_OPTIONS = { maxWait: 5_000, timeout: 120_000 } as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const round = (seconds: number) => Math.round(seconds * 10) / 10;

/** A read answered by the primary: complete up to the moment it began. */
export const primaryFreshness = (asOf: Date): Freshness => ({ source: "primary", dataAsOf: asOf, lagSeconds: 0, stale: false });

/** Reads on the primary alone (no DATABASE_READ_URL, or PGlite). */
export function primaryReads(prisma: PrismaClient): ReadReplica {
  return async (read) => {
    const asOf = new Date();
    return { value: await read(prisma), freshness: primaryFreshness(asOf) };
  };
}

interface StandbyPosition {
  standby: boolean;
  caught_up: boolean;
  replayed_at: Date | null;
}

/**
 * Reads on the standby of `replica` (a PrismaClient on DATABASE_READ_URL's pool), measured
 * against the primary's `pool`. Each read, one transaction on one standby connection (a load
 * balancer may send each connection to a different standby, so the position is measured on the
 * connection that reads):
 *
 * 1. P = the primary's WAL flush position (`pg_current_wal_flush_lsn()`): every commit
 *    acknowledged before the read began is at or below it.
 * 2. The standby's replay position is compared with P (`pg_last_wal_replay_lsn() >= P`), polled
 *    for up to ≈ 0.2 s. Caught up: the data is current as of P's instant (lag 0), whatever the
 *    time of the last commit: comparing positions, not `now() - pg_last_xact_replay_timestamp()`,
 *    which grows without bound on a primary that writes nothing (docs/scaling.md).
 * 3. Still behind: the data is complete up to the last transaction it replayed
 *    (`pg_last_xact_replay_timestamp()`), a lower bound; lagSeconds is P's instant minus that.
 *    `stale` when beyond `maxLagSeconds`. The read goes on on the standby: sending reports to
 *    the primary whenever the standby lags would load the primary exactly when it is busiest.
 * 4. The connection turns out to be a primary (`pg_is_in_recovery()` false: the read URL names
 *    one, or a standby was just promoted): current, source "primary".
 *
 * The standby unreachable, failing before the read starts, or the read failing in a way a retry
 * may not (a dropped connection, a query cancelled by a conflict with recovery, SQLSTATE 40001):
 * the read runs on the primary instead, `onEvent` is told once, and the standby is left alone
 * for 10 s. Any other error (NOT_FOUND…) is the read's own and is thrown. Measuring it costs one
 * statement on the primary and one on the standby per read.
 */
export function standbyReads({
  prisma,
  pool,
  replica,
  maxLagSeconds,
  onEvent = () => {},
}: {
  prisma: PrismaClient;
  pool: pg.Pool;
  replica: PrismaClient;
  maxLagSeconds: number;
  onEvent?: (event: ReplicaEvent) => void;
}): ReadReplica {
  const onPrimary = primaryReads(prisma);
  let retryStandbyAt = 0;
  let down = false;

  return async (read) => {
    if (Date.now() < retryStandbyAt) return onPrimary(read);
    const {
      rows: [primary],
    } = await pool.query<{ lsn: string; at: Date }>("SELECT pg_current_wal_flush_lsn()::text AS lsn, clock_timestamp() AS at");
    let reading = false;
    try {
      const answer = await replica.$transaction(async (tx) => {
        let position: StandbyPosition | undefined;
        for (const pause of [...CATCH_UP_POLLS_MS, 0]) {
          [position] = await tx.$queryRaw<StandbyPosition[]>`
            SELECT pg_is_in_recovery() AS standby,
                   coalesce(pg_last_wal_replay_lsn() >= ${primary!.lsn}::pg_lsn, false) AS caught_up,
                   pg_last_xact_replay_timestamp() AS replayed_at`;
          if (!position!.standby || position!.caught_up || pause === 0) break;
          await sleep(pause);
        }
        const { standby, caught_up, replayed_at } = position!;
        let freshness: Freshness;
        if (!standby) freshness = primaryFreshness(primary!.at);
        else if (caught_up) freshness = { source: "standby", dataAsOf: primary!.at, lagSeconds: 0, stale: false };
        else if (replayed_at) {
          const lagSeconds = round(Math.max(0, primary!.at.getTime() - replayed_at.getTime()) / 1000);
          freshness = { source: "standby", dataAsOf: replayed_at, lagSeconds, stale: lagSeconds > maxLagSeconds };
        } else throw new Error("the standby is behind and has replayed no transaction since it started: how old its data is is unknown");
        reading = true;
        return { value: await read(tx), freshness };
      }, READ_TX_OPTIONS);
      if (down) onEvent({ kind: "up" });
      down = false;
      return answer;
    } catch (error) {
      if (reading && !isTransientDatabaseError(error)) throw error;
      retryStandbyAt = Date.now() + RETRY_STANDBY_MS;
      if (!down) onEvent({ kind: "down", error, retryInSeconds: RETRY_STANDBY_MS / 1000 });
      down = true;
      return onPrimary(read);
    }
  };
}
