import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";

import type { Database } from "@tillsync/db";
import { pino, type Logger } from "pino";

import { healthz, readyz } from "./http/health";
import { sendError } from "./http/respond";
import { createTrpcHandler, TRPC_PATH } from "./http/trpc";

export interface ServerOptions {
  db: Database;
  logger?: Logger;
}

/**
 * The API's HTTP server, not yet listening: tRPC under /trpc, liveness at /healthz and
 * readiness at /readyz. Every answer is JSON and none carries a stack trace.
 */
export function createServer({ db, logger = pino() }: ServerOptions): Server {
  const trpc = createTrpcHandler({ db, logger });

  const route = async (req: IncomingMessage, res: ServerResponse, draining: boolean) => {
    const path = (req.url ?? "/").split("?", 1)[0]!;
    if (path === TRPC_PATH || path.startsWith(`${TRPC_PATH}/`)) return trpc(req, res);

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
