import { STATUS_CODES } from "node:http";

import fastifyCompress from "@fastify/compress";
import fastifyCors from "@fastify/cors";
import { requestScope } from "@tillsync/api";
import { createAuth } from "@tillsync/auth";
import type { Database } from "@tillsync/db";
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Logger } from "pino";

import { authSecret, env, type Env } from "./env";
import { createAuthenticator } from "./http/auth";
import { authRoutes } from "./http/better-auth";
import { bodyFailureOf, MAX_BODY_BYTES, normalizeContentEncoding } from "./http/body";
import { healthRoutes } from "./http/health";
import { createRateLimits } from "./http/rate-limit";
import { REQUEST_ID_HEADER, requestIdOf } from "./http/request-id";
import { sendError, type ErrorBody } from "./http/respond";
import { restRoutes } from "./http/rest";
import { trpcRoutes } from "./http/trpc";
import { createLogger } from "./logger";

type ServerConfig = Pick<
  Env,
  | "WEB_ORIGIN"
  | "CORS_ORIGINS"
  | "AUTH_SECRET"
  | "NODE_ENV"
  | "TRUSTED_PROXIES"
  | "RATE_LIMIT_API_KEY"
  | "RATE_LIMIT_USER"
  | "RATE_LIMIT_FAILED_AUTH"
  | "RATE_LIMIT_WINDOW_SECONDS"
  | "REDIS_URL"
>;

export interface ServerOptions {
  db: Database;
  logger?: Logger;
  /** Settings that differ from the process environment's (web origin, auth secret, proxies, rate limits). */
  config?: Partial<ServerConfig>;
  /** Names this server's rate-limit counters in Redis; servers with the same prefix share limits. */
  rateLimitPrefix?: string;
}

export type ApiServer = FastifyInstance;

/**
 * On every answer (docs/security.md): JSON is never to be sniffed as anything else, framed,
 * or run as a page, and nothing about the request leaks as a referrer. Four constant
 * headers, set here rather than by a helmet-style plugin whose other headers are for pages.
 */
const API_SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
} as const;

const HSTS = "max-age=31536000; includeSubDomains";

/** The path of a request, for logs and messages: query strings carry procedure inputs, which are not for the logs. */
const pathOf = (url: string) => url.split("?", 1)[0]!;

/** Fastify's request log as one line per request, when it is answered: what, how, how long; never the query string. */
class RequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(_error: unknown, request: FastifyRequest, reply: FastifyReply) {
    request.log.info(
      { requestId: request.id, method: request.method, path: pathOf(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
  }
}

/**
 * The API's HTTP server (Fastify), not yet listening: tRPC under /trpc, staff sign-in
 * (Better Auth) under /api/auth, the seed's REST endpoints and their OpenAPI document under
 * the rest of /api, liveness at /healthz and readiness at /readyz. Every answer is JSON and
 * none carries a stack trace; every answer carries an X-Request-Id, which is on every log
 * line about the request and in every error body. Request bodies: at most 1 MB once
 * decompressed (gzip, deflate, br).
 */
export function createServer({ db, logger = createLogger(env.LOG_LEVEL), config: overrides = {}, rateLimitPrefix }: ServerOptions): ApiServer {
  const config: ServerConfig = { ...env, ...overrides };
  const auth = createAuth({ prisma: db.prisma, secret: authSecret(config), webOrigins: config.WEB_ORIGIN });
  const rateLimits = createRateLimits(config, { logger, keyPrefix: rateLimitPrefix });
  const authenticate = createAuthenticator({ prisma: db.prisma, auth, rateLimits });
  const deps = { db, logger, authenticate, rateLimits, webOrigins: config.WEB_ORIGIN };

  // Typed as Fastify's base logger so the instance's type stays FastifyInstance's default
  // (what plugins and ApiServer expect), not one parameterised by pino's Logger.
  const baseLogger: FastifyBaseLogger = logger;
  const app = Fastify({
    loggerInstance: baseLogger,
    // One logger for the whole server: the request id comes from requestScope (logger.ts),
    // so it is also on lines logged by code that never sees the request.
    childLoggerFactory: (parent) => parent,
    logController: new RequestLog(),
    requestIdHeader: false,
    // request.ip is the client's address behind the proxies named in TRUSTED_PROXIES (the
    // failed-authentication limit counts per address), as Better Auth reads it for sign-in.
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    genReqId: requestIdOf,
    bodyLimit: MAX_BODY_BYTES,
    // A request that arrives on a kept-alive connection while draining is still answered
    // (with Connection: close), as a load balancer that has not yet seen /readyz expects.
    return503OnClosing: false,
    // tRPC batches name every procedure in the path ("sale.create,product.list,…"): no limit
    // of Fastify's below Node's own on the request line (16 KB of headers, a 431).
    routerOptions: { maxParamLength: 16 * 1024 },
    // A request Node's parser refuses (headers over 16 KB: a long tRPC batch path) never
    // reaches a route. Answered as Node itself does, with Connection: close, so that a client
    // still sending the body reads the 431 instead of a reset (Fastify's own omits the header).
    clientErrorHandler: (error, socket) => {
      if ((error as NodeJS.ErrnoException).code === "ECONNRESET" || socket.destroyed) return;
      const [status, message] =
        (error as NodeJS.ErrnoException).code === "HPE_HEADER_OVERFLOW"
          ? [431, "The request line and headers are larger than 16 KB."]
          : [400, "Malformed request."];
      const body = JSON.stringify({ error: { code: status === 431 ? "REQUEST_HEADER_FIELDS_TOO_LARGE" : "BAD_REQUEST", message } } satisfies ErrorBody);
      if (socket.writable)
        socket.end(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      else socket.destroy();
    },
  });

  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id).headers(API_SECURITY_HEADERS);
    // HSTS as the web app sends it (apps/web src/security-headers.ts): only on what a TLS proxy marks as https.
    if (request.headers["x-forwarded-proto"] === "https") reply.header("strict-transport-security", HSTS);
    requestScope.run({ requestId: request.id }, done);
  });
  // Again once the body is read: reading it runs in the socket's callbacks, outside the scope.
  app.addHook("preValidation", (request, _reply, done) => requestScope.run({ requestId: request.id }, done));
  app.addHook("onClose", () => rateLimits.close());

  // The admin app's origins may call the API from a browser with its cookies; CORS_ORIGINS
  // (tills on sites of their own) with an API key only (no Access-Control-Allow-Credentials,
  // so a browser never lets them read an answer to a cookie). Any other origin gets no
  // Access-Control-Allow-Origin and browsers keep the answer from its scripts.
  void app.register(fastifyCors, {
    delegator: (request, callback) => {
      const origin = request.headers.origin ?? "";
      const exposedHeaders = ["x-request-id", "retry-after", "allow"];
      if (config.WEB_ORIGIN.includes(origin)) callback(null, { origin, credentials: true, maxAge: 600, exposedHeaders });
      else if (config.CORS_ORIGINS.includes(origin)) callback(null, { origin, credentials: false, maxAge: 600, exposedHeaders });
      else callback(null, { origin: false });
    },
  });
  normalizeContentEncoding(app);
  // Request bodies only: answers are small JSON, mostly on a LAN.
  void app.register(fastifyCompress, { global: false, globalDecompression: true, requestEncodings: ["gzip", "deflate", "br", "identity"] });

  void app.register(authRoutes(auth));
  void app.register(trpcRoutes(deps));
  void app.register(restRoutes(deps));
  void app.register(healthRoutes(deps));

  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, "NOT_FOUND", `Nothing at ${pathOf(request.url)}`));
  app.setErrorHandler((error, request, reply) => {
    const refused = bodyFailureOf(error, request);
    if (refused) return sendError(request, reply, refused.status, refused.code, refused.message);
    logger.error({ err: error, path: pathOf(request.url) }, "request failed");
    return sendError(request, reply, 500, "INTERNAL_SERVER_ERROR", "Internal server error");
  });
  return app;
}
