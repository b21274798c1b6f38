import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { requestScope } from "@tillsync/api";
import { createAuth } from "@tillsync/auth";
import type { Database } from "@tillsync/db";
import type { Logger } from "pino";

import { authSecret, env, type Env } from "./env";
import { AUTH_PATH, createAuthHandler } from "./http/better-auth";
import { createCors } from "./http/cors";
import { healthz, readyz } from "./http/health";
import { createRateLimits } from "./http/rate-limit";
import { REQUEST_ID_HEADER, requestIdOf } from "./http/request-id";
import { sendError } from "./http/respond";
import { createRestHandler, isRestPath } from "./http/rest";
import { createTrpcHandler, TRPC_PATH } from "./http/trpc";
import { createLogger } from "./logger";

type ServerConfig = Pick<
  Env,
  "WEB_ORIGIN" | "AUTH_SECRET" | "NODE_ENV" | "TRUSTED_PROXIES" | "RATE_LIMIT_API_KEY" | "RATE_LIMIT_USER" | "RATE_LIMIT_WINDOW_SECONDS" | "REDIS_URL"
>;

export interface ServerOptions {
  db: Database;
  logger?: Logger;
  /** Settings that differ from the process environment's (web origin, auth secret, proxies, rate limits). */
  config?: Partial<ServerConfig>;
  /** Names this server's rate-limit counters in Redis; servers with the same prefix share limits. */
  rateLimitPrefix?: string;
}

/**
 * The API's HTTP server, not yet listening: tRPC under /trpc, staff sign-in (Better Auth)
 * under /api/auth, the seed's REST endpoints and their OpenAPI document under the rest of /api, liveness at /healthz and readiness at /readyz. Every
 * answer is JSON and none carries a stack trace; every answer carries an X-Request-Id, which
 * is on every log line about the request and in every error body.
 */
export function createServer({ db, logger = createLogger(env.LOG_LEVEL), config: overrides = {}, rateLimitPrefix }: ServerOptions): Server {
  const config: ServerConfig = { ...env, ...overrides };
  const auth = createAuth({ prisma: db.prisma, secret: authSecret(config), webOrigin: config.WEB_ORIGIN, trustedProxies: config.TRUSTED_PROXIES });
  const cors = createCors(config.WEB_ORIGIN);
  const rateLimits = createRateLimits(config, { logger, keyPrefix: rateLimitPrefix });
  const authRoutes = createAuthHandler(auth);
  const trpc = createTrpcHandler({ db, logger, auth, rateLimits });
  const rest = createRestHandler({ db, logger, auth, rateLimits });

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, draining: boolean) => {
    if (!(await cors(req, res))) return;
    // Before the REST handler, which serves the rest of /api.
    if (path.startsWith(`${AUTH_PATH}/`)) return authRoutes(req, res);
    if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) return trpc(req, res);
    if (isRestPath(path)) return rest(req, res, path);

    const probe = { "/healthz": () => healthz(res), "/readyz": () => readyz(res, { db, logger, draining, rateLimits }) }[path];
    if (!probe) return sendError(res, 404, "NOT_FOUND", `Nothing at ${path}`);
    if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "METHOD_NOT_ALLOWED", `${path} answers GET only`, { allow: "GET, HEAD" });
    return probe();
  };

  const server = http.createServer((req, res) => {
    const requestId = requestIdOf(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // The path only: query strings carry procedure inputs, which are not for the logs.
    const path = (req.url ?? "/").split("?", 1)[0]!;
    const started = performance.now();
    res.once("close", () =>
      logger.info({ requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) }, "request"),
    );
    // Once close() is called the server stops listening, but a keep-alive connection can
    // still bring a request: answer it, then let the connection go, so draining finishes.
    const draining = !server.listening;
    if (draining) res.setHeader("connection", "close");
    requestScope.run({ requestId }, () =>
      route(req, res, path, draining).catch((error: unknown) => {
        logger.error({ err: error, path }, "request failed");
        if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
        else res.end();
      }),
    );
  });
  server.once("close", () => void rateLimits.close());
  return server;
}
