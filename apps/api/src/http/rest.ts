import type { IncomingMessage, ServerResponse } from "node:http";

import { domainHttpStatus, restOpenApiDocument, restRouter } from "@tillsync/api";
import { REST_ANALYTICS_NUMBER_FIELDS } from "@tillsync/validators";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { LosslessNumber, stringify } from "lossless-json";
import type { Logger } from "pino";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";

import { bodyFailureOf, bodyJson } from "./body";
import { applyIdempotencyKey } from "./idempotency-key";
import { contextFor, retryHeaders, type ContextDeps } from "./context";

export const OPENAPI_PATH = "/api/openapi.json";

/**
 * The body of every error under /api (docs/api.md "REST errors"), in the shape Django REST
 * Framework answered and the seed's clients read: `detail` says what went wrong, invalid
 * fields are listed at the top level following the request's shape (`{"items": [{},
 * {"quantity": ["…"]}]}`, errors not about one field under `non_field_errors`), plus
 * Tillsync's `code` and `request_id`, names no request field uses.
 */
export interface RestError {
  detail: string;
  /** The domain code when there is one (IDEMPOTENCY_KEY_REUSED, PRODUCT_NOT_FOUND), else the general one (BAD_REQUEST, UNAUTHORIZED…). */
  code: string;
  /** The X-Request-Id of the request, to find its log lines. */
  request_id: string;
  /** IDEMPOTENCY_KEY_REUSED: the id of the sale already stored under the external_id. */
  stored_sale_id?: number;
  /** Field errors (see drfFieldErrors). */
  [field: string]: unknown;
}

/** One invalid field as zod reports it: its path in the request (keys and array indexes). */
export interface FieldIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** A level of DRF's field errors: messages under a field's name, nested objects and lists following the request. */
interface FieldErrors {
  [field: string]: string[] | FieldErrors | FieldErrors[];
}

const NON_FIELD = "non_field_errors";
const RESERVED = new Set(["detail", "code", "request_id", "stored_sale_id", "__proto__", "constructor", "prototype"]);

/**
 * Field errors in Django REST Framework's layout: `items.1.quantity` → `{"items": [{},
 * {"quantity": ["…"]}]}` (a list holds one object per item up to the last invalid one, `{}`
 * for valid ones); an error about the request as a whole, or about a level that already
 * holds other errors, goes under that level's `non_field_errors`.
 */
export function drfFieldErrors(issues: readonly FieldIssue[]): FieldErrors {
  const root: FieldErrors = {};
  // The lists of messages made here, told from lists of items without scanning them: a body
  // of many thousands of bad items stays linear.
  const messageLists = new WeakSet<string[]>();
  const messages = (message: string) => {
    const list = [message];
    messageLists.add(list);
    return list;
  };
  const isMessages = (slot: unknown): slot is string[] => Array.isArray(slot) && messageLists.has(slot as string[]);
  const note = (level: FieldErrors, message: string) => {
    const list = level[NON_FIELD];
    if (isMessages(list)) list.push(message);
    else level[NON_FIELD] = messages(message);
  };
  for (const { path, message } of issues) {
    let level = root;
    let placed = false;
    for (let i = 0; i < path.length && !placed; i++) {
      const key = String(path[i]);
      const next = path[i + 1];
      if (RESERVED.has(key)) break;
      const slot = level[key];
      if (next === undefined) {
        if (slot === undefined) level[key] = messages(message);
        else if (isMessages(slot)) slot.push(message);
        else if (!Array.isArray(slot)) note(slot, message);
        else break;
        placed = true;
      } else if (typeof next === "number") {
        const list = slot ?? [];
        if (!Array.isArray(list) || isMessages(list)) break;
        level[key] = list;
        while (list.length <= next) list.push({});
        level = list[next]!;
        i++;
        if (path[i + 1] === undefined) {
          note(level, message);
          placed = true;
        }
      } else {
        const inner = slot ?? {};
        if (Array.isArray(inner)) break;
        level[key] = inner;
        level = inner;
      }
    }
    if (!placed) note(level, message);
  }
  return root;
}

export const sendRestError = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  { detail, code, fields, stored_sale_id }: { detail: string; code: string; fields?: FieldErrors; stored_sale_id?: number },
) => reply.code(status).send({ ...fields, detail, code, request_id: request.id, ...(stored_sale_id !== undefined && { stored_sale_id }) } satisfies RestError);

/** What trpc-to-openapi writes for an error: tRPC's error shape (see packages/api's formatter) plus its own fields. */
interface AdapterError {
  message: string;
  code: string;
  data?: { appCode?: string | null; storedSaleId?: number | null };
  issues?: FieldIssue[];
}

const toRestError = ({ message, code, data, issues }: AdapterError) => ({
  detail: message,
  code: data?.appCode ?? code,
  ...(typeof data?.storedSaleId === "number" && { stored_sale_id: data.storedSaleId }),
  ...(issues && { fields: drfFieldErrors(issues) }),
});

const analyticsFigures = new Set<string>(REST_ANALYTICS_NUMBER_FIELDS);

/**
 * The analytics answer as the seed wrote it: its figures (REST_ANALYTICS_NUMBER_FIELDS,
 * decimal strings from the procedure) become JSON numbers with exactly their digits
 * (`247.00`, never through a float), by lossless-json.
 */
export const writeSeedFigures = (json: string): string =>
  stringify(JSON.parse(json), (key, value) => (analyticsFigures.has(key) && typeof value === "string" ? new LosslessNumber(value) : value)) ?? json;

/**
 * The part of a ServerResponse that trpc-to-openapi's node handler writes to, on Fastify's
 * reply (as the library's own Fastify plugin does; that plugin strips its base path from
 * the URL, and these endpoints keep /api in theirs). The adapter spreads tRPC's whole error
 * shape (procedure path, flattened zod errors) into REST errors and cannot carry a domain
 * code in `code`; it ends every answer with one `end(json)`, which is where an error body
 * becomes a RestError.
 */
function replyAsResponse(request: FastifyRequest, reply: FastifyReply, write: (json: string) => string): ServerResponse {
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
      reply.statusCode >= 400 && json
        ? sendRestError(request, reply, reply.statusCode, toRestError(JSON.parse(json) as AdapterError))
        : reply.send(json && write(json)),
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
const SALES_PATH = "/api/sales";
const ANALYTICS_PATH = "/api/sales/analytics";

/** The REST endpoints (paths without their trailing slash) and the methods each answers; any other is a 405 with Allow. */
const REST_ROUTES: Record<string, { methods: readonly string[] } | undefined> = {
  [SALES_PATH]: { methods: ["POST"] },
  [ANALYTICS_PATH]: { methods: ["GET"] },
};

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
      // Anything but JSON is left unread and answered 415, naming its Content-Type (body.ts).
      if (request.headers["content-type"]?.split(";", 1)[0]!.trim().toLowerCase() !== "application/json") {
        return done(Object.assign(new Error("Unsupported Media Type"), { code: "FST_ERR_CTP_INVALID_MEDIA_TYPE", statusCode: 415 }));
      }
      request.headers["content-type"] = "application/json";
      try {
        done(null, bodyJson(body));
      } catch (error) {
        done(error as Error);
      }
    });
    scope.setErrorHandler((error, request, reply) => {
      const refused = bodyFailureOf(error, request);
      if (refused) return sendRestError(request, reply, refused.status, { detail: refused.message, code: refused.code });
      // Anything else is the server's fault, answered in the REST error shape the document gives 500.
      logger.error({ err: error, path: request.url.split("?", 1)[0] }, "REST request failed");
      return sendRestError(request, reply, 500, { detail: "Internal server error", code: "INTERNAL_SERVER_ERROR" });
    });

    scope.get(OPENAPI_PATH, (_request, reply) => reply.type("application/json; charset=utf-8").send(document));
    scope.route({
      method: ["POST", "PUT", "PATCH", "DELETE"],
      url: OPENAPI_PATH,
      handler: (request, reply) =>
        sendRestError(request, reply.header("allow", "GET, HEAD"), 405, { detail: `${OPENAPI_PATH} answers GET only.`, code: "METHOD_NOT_SUPPORTED" }),
    });
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = new URL(request.url, "http://api").pathname.replace(/\/+$/, "");
      const route = REST_ROUTES[path];
      if (route && !route.methods.includes(request.method)) {
        return sendRestError(request, reply.header("allow", route.methods.join(", ")), 405, {
          detail: `Method "${request.method}" not allowed: ${path}/ answers ${route.methods.join(", ")}.`,
          code: "METHOD_NOT_SUPPORTED",
        });
      }
      if (path === SALES_PATH && request.headers["idempotency-key"] !== undefined) {
        const refused = applyIdempotencyKey(request.headers["idempotency-key"], request.body);
        if (refused) return sendRestError(request, reply, 400, refused);
      }
      // The adapter turns the query string into a plain object: a parameter named like one
      // of Object.prototype's members (toString, __proto__) would shadow it and crash it.
      const shadowing = [...new URL(request.url, "http://api").searchParams.keys()].find((name) => name in Object.prototype);
      if (shadowing !== undefined) {
        return sendRestError(request, reply, 400, {
          detail: `Unknown query parameter ${shadowing}.`,
          code: "BAD_REQUEST",
          fields: { [NON_FIELD]: [`${shadowing} is not a parameter of this endpoint`] },
        });
      }
      // Where Express's body parser leaves it, which is where the adapter looks first.
      Object.assign(request.raw, { body: request.body });
      requests.set(request.raw, request);
      await openApi(request.raw, replyAsResponse(request, reply, path === ANALYTICS_PATH ? writeSeedFigures : (json) => json));
      return reply;
    };
    for (const url of ["/api", "/api/*"]) scope.route({ method: ["GET", "POST", "PUT", "PATCH", "DELETE"], url, handler: serve });
  };
}
