import type { IncomingMessage, ServerResponse } from "node:http";

import { domainHttpStatus, restOpenApiDocument, restRouter } from "@tillsync/api";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";

import { bodyFailureOf, bodyJson } from "./body";
import { contextFor, retryHeaders, type ContextDeps } from "./context";

export const OPENAPI_PATH = "/api/openapi.json";

/** The body of every error under /api (docs/api.md, "REST errors"). */
export interface RestError {
  message: string;
  /** The domain code when there is one (IDEMPOTENCY_KEY_REUSED, PRODUCT_NOT_FOUND), else the tRPC one (BAD_REQUEST, UNAUTHORIZED…). */
  code: string;
  /** Field-level details of invalid input: `path` is dotted, e.g. "items.0.quantity". */
  issues?: { path: string; message: string }[];
  /** IDEMPOTENCY_KEY_REUSED: the id of the sale already stored under the external_id. */
  stored_sale_id?: number;
  /** The X-Request-Id of the request, to find its log lines. */
  requestId?: string;
}

export const sendRestError = (request: FastifyRequest, reply: FastifyReply, status: number, error: RestError) =>
  reply.code(status).send({ ...error, requestId: request.id } satisfies RestError);

/** What trpc-to-openapi writes for an error: tRPC's error shape (see packages/api's formatter) plus its own fields. */
interface AdapterError {
  message: string;
  code: string;
  data?: { appCode?: string | null; storedSaleId?: number | null };
  issues?: { path: PropertyKey[]; message: string }[];
}

const toRestError = ({ message, code, data, issues }: AdapterError): RestError => ({
  message,
  code: data?.appCode ?? code,
  ...(typeof data?.storedSaleId === "number" && { stored_sale_id: data.storedSaleId }),
  ...(issues && { issues: issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })) }),
});

/**
 * The part of a ServerResponse that trpc-to-openapi's node handler writes to, on Fastify's
 * reply (as the library's own Fastify plugin does; that plugin strips its base path from
 * the URL, and these endpoints keep /api in theirs). The adapter spreads tRPC's whole error
 * shape (procedure path, flattened zod errors) into REST errors and cannot carry a domain
 * code in `code`; it ends every answer with one `end(json)`, which is where an error body
 * becomes a RestError.
 */
function replyAsResponse(request: FastifyRequest, reply: FastifyReply): ServerResponse {
  const raw = reply.raw;
  const response = {
    get statusCode() {
      return reply.statusCode;
    },
    set statusCode(status: number) {
      reply.code(status);
    },
    get writableEnded() {
      return raw.writableEnded;
    },
    setHeader: (name: string, value: string) => reply.header(name, value),
    end: (json?: string) =>
      reply.statusCode >= 400 && json ? sendRestError(request, reply, reply.statusCode, toRestError(JSON.parse(json) as AdapterError)) : reply.send(json),
    once: raw.once.bind(raw),
    on: raw.on.bind(raw),
    off: raw.off.bind(raw),
  };
  return response as unknown as ServerResponse;
}

/**
 * The seed's REST endpoints (packages/api's restRouter) through trpc-to-openapi, and their
 * OpenAPI document at /api/openapi.json. JSON bodies are read strictly (bodyJson), under the
 * same limit as /trpc; media types are matched in any letter case (RFC 9110 §8.3.1), which
 * the adapter does not do.
 */
export function restRoutes(deps: ContextDeps & { logger: Logger }) {
  const { logger } = deps;
  // The adapter hands createContext the raw request; its Fastify request knows the client's address.
  const requests = new WeakMap<IncomingMessage, FastifyRequest>();
  const document = JSON.stringify(restOpenApiDocument());
  const openApi = createOpenApiNodeHttpHandler({
    router: restRouter,
    createContext: async ({ req }) => ({
      ...(await contextFor(deps, requests.get(req) ?? { method: req.method ?? "GET", headers: req.headers, ip: req.socket.remoteAddress ?? "" }, 1)),
      rest: {},
    }),
    responseMeta({ ctx, errors }) {
      if (errors.length === 0) return ctx?.rest?.status ? { status: ctx.rest.status } : {};
      const challenge = errors.some((error) => error.code === "UNAUTHORIZED") ? { "www-authenticate": "Bearer" } : {};
      // A domain error's status is the error map's (packages/api error-map.ts), as on /trpc and /api/auth.
      return { status: domainHttpStatus(errors[0]!), headers: { ...challenge, ...retryHeaders(errors) } };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "REST call failed");
      else if (error.code === "SERVICE_UNAVAILABLE") logger.warn({ err: error.cause ?? error, path }, "REST call failed: database unavailable");
      else logger.debug({ code: error.code, path, message: error.message }, "REST call rejected");
    },
  });

  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (request, body: Buffer, done) => {
      // Anything but JSON is left unread: the adapter answers it 415 by its Content-Type.
      if (request.headers["content-type"]?.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") return done(null, undefined);
      request.headers["content-type"] = "application/json";
      try {
        done(null, bodyJson(body));
      } catch (error) {
        done(error as Error);
      }
    });
    scope.setErrorHandler((error, request, reply) => {
      const refused = bodyFailureOf(error, request);
      if (!refused) throw error;
      return sendRestError(request, reply, refused.status, { message: refused.message, code: refused.code });
    });

    scope.get(OPENAPI_PATH, (_request, reply) => reply.type("application/json; charset=utf-8").send(document));
    scope.route({
      method: ["POST", "PUT", "PATCH", "DELETE"],
      url: OPENAPI_PATH,
      handler: (request, reply) =>
        sendRestError(request, reply.header("allow", "GET, HEAD"), 405, { message: `${OPENAPI_PATH} answers GET only`, code: "METHOD_NOT_SUPPORTED" }),
    });
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      // The adapter turns the query string into a plain object: a parameter named like one
      // of Object.prototype's members (toString, __proto__) would shadow it and crash it.
      const shadowing = [...new URL(request.url, "http://api").searchParams.keys()].find((name) => name in Object.prototype);
      if (shadowing !== undefined) {
        return sendRestError(request, reply, 400, {
          message: `Unknown query parameter ${shadowing}.`,
          code: "BAD_REQUEST",
          issues: [{ path: shadowing, message: "Not a parameter of this endpoint" }],
        });
      }
      // Where Express's body parser leaves it, which is where the adapter looks first.
      Object.assign(request.raw, { body: request.body });
      requests.set(request.raw, request);
      await openApi(request.raw, replyAsResponse(request, reply));
      return reply;
    };
    for (const url of ["/api", "/api/*"]) scope.route({ method: ["GET", "POST", "PUT", "PATCH", "DELETE"], url, handler: serve });
  };
}
