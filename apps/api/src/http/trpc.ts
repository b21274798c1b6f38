import { appRouter, requestScope, type AppRouter } from "@tillsync/api";
import { TRPCError } from "@trpc/server";
import { fastifyRequestHandler, type FastifyHandlerOptions } from "@trpc/server/adapters/fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";

import { bodyFailureOf, bodyText, type BodyFailure } from "./body";
import { contextFor, retryHeaders, type ContextDeps } from "./context";

export const TRPC_PATH = "/trpc";

/** Bodies refused while reading them, answered as tRPC errors once tRPC takes the request. */
const refusedBodies = new WeakMap<FastifyRequest, BodyFailure>();

/**
 * tRPC under /trpc through tRPC's own Fastify adapter. Its handler is used in a route of
 * our own rather than through `fastifyTRPCPlugin` because the plugin installs a JSON parser
 * that reads bodies leniently (invalid UTF-8 becomes U+FFFD, and gets stored); here every
 * body is read strictly (bodyText) and handed to tRPC as text, for tRPC to parse.
 *
 * A body refused while reading it (too large, not UTF-8, an unknown Content-Encoding) is
 * answered by tRPC too, so that clients always get tRPC's error shape (one per call of a
 * batch): the request goes on to tRPC with no body and its context throws the refusal.
 */
export function trpcRoutes(deps: ContextDeps & { logger: Logger }) {
  const { logger } = deps;
  const options: Omit<FastifyHandlerOptions<AppRouter, FastifyRequest, FastifyReply>, "req" | "res" | "path"> = {
    router: appRouter,
    createContext: ({ req, info }) => {
      const refused = refusedBodies.get(req);
      if (refused) throw new TRPCError({ code: refused.code, message: refused.message });
      return contextFor(deps, req, Math.max(1, info.calls.length));
    },
    responseMeta: ({ errors }) => ({ headers: retryHeaders(errors) }),
    onError({ error, path, type }) {
      // Clients get a generic message (see packages/api's error formatter); the log keeps the cause.
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path, type }, "procedure failed");
      else if (error.code === "SERVICE_UNAVAILABLE") logger.warn({ err: error.cause ?? error, path, type }, "procedure failed: database unavailable");
      else logger.debug({ code: error.code, path, type, message: error.message }, "procedure rejected");
    },
  };
  const handle = (req: FastifyRequest<{ Params: { path: string } }>, res: FastifyReply) =>
    fastifyRequestHandler({ ...options, req, res, path: req.params.path });

  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body: Buffer, done) => {
      try {
        done(null, bodyText(body));
      } catch (error) {
        done(error as Error);
      }
    });
    scope.setErrorHandler((error, request: FastifyRequest<{ Params: { path: string } }>, reply) => {
      const refused = bodyFailureOf(error, request);
      if (!refused) throw error;
      refusedBodies.set(request, refused);
      request.body = "";
      // Fastify calls this outside the request's scope (from the body stream's events).
      return requestScope.run({ requestId: request.id }, () => handle(request, reply));
    });
    scope.all<{ Params: { path: string } }>(`${TRPC_PATH}/:path`, handle);
  };
}
