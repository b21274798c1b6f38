import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { createAuth } from "@tillsync/auth";
import type { Database } from "@tillsync/db";
import { pino, type Logger } from "pino";

import { authSecret, env, type Env } from "./env";
import { AUTH_PATH, createAuthHandler } from "./http/better-auth";
import { createCors } from "./http/cors";
import { healthz, readyz } from "./http/health";
import { sendError } from "./http/respond";
import { createRestHandler, isRestPath } from "./http/rest";
import { createTrpcHandler, TRPC_PATH } from "./http/trpc";

export interface ServerOptions {
  db: Database;
  logger?: Logger;
  /** Web origin, auth secret and trusted proxies; the process environment by default. */
  config?: Pick<Env, "WEB_ORIGIN" | "AUTH_SECRET" | "NODE_ENV" | "TRUSTED_PROXIES">;
}

/**
 * The API's HTTP server, not yet listening: tRPC under /trpc, staff sign-in (Better Auth)
 * under /api/auth, the seed's REST endpoints and their OpenAPI document under the rest of /api, liveness at /healthz and readiness at /readyz. Every
 * answer is JSON and none carries a stack trace.
 */
export function createServer({ db, logger = pino(), config = env }: ServerOptions): Server {
  const auth = createAuth({ prisma: db.prisma, secret: authSecret(config), webOrigin: config.WEB_ORIGIN, trustedProxies: config.TRUSTED_PROXIES });
  const cors = createCors(config.WEB_ORIGIN);
  const authRoutes = createAuthHandler(auth);
  const trpc = createTrpcHandler({ db, logger, auth });
  const rest = createRestHandler({ db, logger, auth });

  const route = async (req: IncomingMessage, res: ServerResponse, draining: boolean) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (!(await cors(req, res))) return;
    // Before the REST handler, which serves the rest of /api.
    if (path.startsWith(`${AUTH_PATH}/`)) return authRoutes(req, res);
    if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) return trpc(req, res);
    if (isRestPath(path)) return rest(req, res, path);

    const probe = { "/healthz": () => healthz(res), "/readyz": () => readyz(res, { db, logger, draining }) }[path];
    if (!probe) return sendError(res, 404, "NOT_FOUND", `Nothing at ${path}`);
    if (req.method !== "GET" && req.method !== "HEAD") return sendError(res, 405, "METHOD_NOT_ALLOWED", `${path} answers GET only`, { allow: "GET, HEAD" });
    return probe();
  };

  const server = http.createServer((req, res) => {
    // Once close() is called the server stops listening, but a keep-alive connection can
    // still bring a request: answer it, then let the connection go, so draining finishes.
    const draining = !server.listening;
    if (draining) res.setHeader("connection", "close");
    route(req, res, draining).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
      else res.end();
    });
  });
  return server;
}
