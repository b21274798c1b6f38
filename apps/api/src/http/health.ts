import type { ServerResponse } from "node:http";
import { setTimeout } from "node:timers/promises";

import type { Database } from "@tillsync/db";
import type { Logger } from "pino";

import type { RateLimits } from "./rate-limit";
import { sendJson } from "./respond";

/** Probes give up long before this; a hung database must not pile up readiness checks. */
const READINESS_TIMEOUT_MS = 3_000;

/** Liveness: the process is up and serving HTTP, whatever the database is doing. */
export function healthz(res: ServerResponse) {
  sendJson(res, 200, { status: "ok" });
}

/**
 * Readiness: the database answers and every migration is applied; not while draining.
 * Also says where rate-limit counters are kept (Redis being down does not make the
 * process unready: it counts in memory meanwhile).
 */
export async function readyz(res: ServerResponse, { db, logger, draining, rateLimits }: { db: Database; logger: Logger; draining: boolean; rateLimits: RateLimits }) {
  if (draining) return sendJson(res, 503, { status: "draining" });
  try {
    const timeout = setTimeout(READINESS_TIMEOUT_MS, undefined, { ref: false }).then(() => {
      throw new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`);
    });
    const { ok, pendingMigrations, changedMigrations } = await Promise.race([db.ready(), timeout]);
    const status = ok ? "ready" : changedMigrations > 0 ? "applied migrations were changed" : "migrations pending";
    sendJson(res, ok ? 200 : 503, { status, database: db.kind, pendingMigrations, changedMigrations, rateLimits: rateLimits.store() });
  } catch (error) {
    logger.warn({ err: error }, "readiness check: database unreachable");
    sendJson(res, 503, { status: "database unreachable", database: db.kind });
  }
}
