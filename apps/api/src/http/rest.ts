import type { IncomingMessage, ServerResponse } from "node:http";

import { requestScope, restOpenApiDocument, restRouter } from "@tillsync/api";
import type { Logger } from "pino";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";

import { contextFor, retryHeaders, type ContextDeps } from "./context";
import { readJsonBody } from "./json-body";
import { sendJson } from "./respond";
import { MAX_BODY_BYTES } from "./trpc";

export const OPENAPI_PATH = "/api/openapi.json";

/** REST lives under /api, except /api/auth/*, which belongs to staff sign-in. */
export const isRestPath = (path: string) => /^\/api(\/|$)/.test(path) && !/^\/api\/auth(\/|$)/.test(path);

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

export const sendRestError = (res: ServerResponse, status: number, error: RestError, headers?: Record<string, string>) =>
  sendJson(res, status, { ...error, requestId: requestScope.getStore()?.requestId }, headers);

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
 * The adapter spreads tRPC's whole error shape (procedure path, flattened zod errors) into
 * REST errors and cannot carry a domain code in `code`; it ends every answer with a single
 * `res.end(json)`, so that call is where an error body becomes a RestError.
 */
function rewritingErrors(res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, property) {
      if (property === "end") {
        return (json?: string) =>
          target.statusCode >= 400 && json ? sendRestError(target, target.statusCode, toRestError(JSON.parse(json) as AdapterError)) : target.end(json);
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const acceptsBody = (method: string | undefined) => method === "POST" || method === "PUT" || method === "PATCH";

/**
 * The seed's REST endpoints (packages/api's restRouter) through trpc-to-openapi, and their
 * OpenAPI document at /api/openapi.json. JSON bodies are read here, under the same 1 MB
 * limit as /trpc, because the adapter's own reader lets invalid UTF-8 through and ignores
 * bodies sent as `application/json; charset=utf-8`.
 */
export function createRestHandler(deps: ContextDeps & { logger: Logger }) {
  const { logger } = deps;
  const document = JSON.stringify(restOpenApiDocument());
  const openApi = createOpenApiNodeHttpHandler({
    router: restRouter,
    createContext: async ({ req }) => ({ ...(await contextFor(deps, req, 1)), rest: {} }),
    responseMeta({ ctx, errors }) {
      if (errors.length === 0) return ctx?.rest?.status ? { status: ctx.rest.status } : {};
      const challenge = errors.some((error) => error.code === "UNAUTHORIZED") ? { "www-authenticate": "Bearer" } : {};
      return { headers: { ...challenge, ...retryHeaders(errors) } };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path }, "REST call failed");
      else if (error.code === "SERVICE_UNAVAILABLE") logger.warn({ err: error.cause ?? error, path }, "REST call failed: database unavailable");
      else logger.debug({ code: error.code, path, message: error.message }, "REST call rejected");
    },
  });

  return async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === OPENAPI_PATH) {
      if (req.method !== "GET" && req.method !== "HEAD") {
        return sendRestError(res, 405, { message: `${path} answers GET only`, code: "METHOD_NOT_SUPPORTED" }, { allow: "GET, HEAD" });
      }
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(document) });
      return res.end(req.method === "GET" ? document : undefined);
    }
    // The adapter turns the query string into a plain object: a parameter named like one
    // of Object.prototype's members (toString, __proto__) would shadow it and crash it.
    const shadowing = [...new URL(req.url ?? "/", "http://api").searchParams.keys()].find((name) => name in Object.prototype);
    if (shadowing !== undefined) {
      return sendRestError(res, 400, { message: `Unknown query parameter ${shadowing}.`, code: "BAD_REQUEST", issues: [{ path: shadowing, message: "Not a parameter of this endpoint" }] });
    }
    if (acceptsBody(req.method) && req.headers["content-type"]?.toLowerCase().startsWith("application/json")) {
      const body = await readJsonBody(req, MAX_BODY_BYTES);
      if (!body.ok) return sendRestError(res, body.status, { message: body.message, code: body.code });
      // Where Express's body parser leaves it, which is where the adapter looks first. Media
      // types are case-insensitive (RFC 9110 §8.3.1); the adapter compares them as written.
      Object.assign(req, { body: body.value });
      req.headers["content-type"] = "application/json";
    }
    return openApi(req, rewritingErrors(res));
  };
}
