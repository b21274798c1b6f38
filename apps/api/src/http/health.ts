import { setTimeout } from "node:timers/promises";

import type { Database } from "@tillsync/db";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";

import type { RateLimits } from "./rate-limit";
import { sendError } from "./respond";

/** Probes give up long before this; a hung database must not pile up readiness checks. */
const READINESS_TIMEOUT_MS = 3_000;

/**
 * Liveness at /healthz: the process is up and serving HTTP, whatever the database is doing.
 * Readiness at /readyz: the database answers and every migration is applied; not while
 * draining (the server has stopped listening). It also says where rate-limit counters are
 * kept (Redis being down does not make the process unready: it counts in memory meanwhile).
 */
export function healthRoutes({ db, logger, rateLimits }: { db: Database; logger: Logger; rateLimits: RateLimits }) {
  return async (scope: FastifyInstance) => {
    scope.get("/healthz", () => ({ status: "ok" }));
    scope.get("/readyz", async (_request, reply) => {
      if (!scope.server.listening) return reply.code(503).send({ status: "draining" });
      try {
        const timeout = setTimeout(READINESS_TIMEOUT_MS, undefined, { ref: false }).then(() => {
          throw new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`);
        });
        const { ok, pendingMigrations, changedMigrations } = await Promise.race([db.ready(), timeout]);
        const status = ok ? "ready" : changedMigrations > 0 ? "applied migrations were changed" : "migrations pending";
        return reply.code(ok ? 200 : 503).send({ status, database: db.kind, pendingMigrations, changedMigrations, rateLimits: rateLimits.store() });
      } catch (error) {
        logger.warn({ err: error }, "readiness check: database unreachable");
        return reply.code(503).send({ status: "database unreachable", database: db.kind });
      }
    });
    for (const url of ["/healthz", "/readyz"]) {
      scope.route({
        method: ["POST", "PUT", "PATCH", "DELETE"],
        url,
        handler: (request, reply) => sendError(request, reply.header("allow", "GET, HEAD"), 405, "METHOD_NOT_ALLOWED", `${url} answers GET only`),
      });
    }
  };
}
