import type { IncomingMessage, ServerResponse } from "node:http";

import { appRouter } from "@tillsync/api";
import { TRPCError } from "@trpc/server";
import type { Logger } from "pino";

import { contextFor, retryHeaders, type ContextDeps } from "./context";
import { readTextBody, type BodyFailure } from "./json-body";
import { createTrpcNodeHandler } from "./trpc-node";

export const TRPC_PATH = "/trpc";

/** The largest request body accepted; a larger one is answered 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Bodies refused while reading them, answered as tRPC errors once tRPC takes the request. */
const refusedBodies = new WeakMap<IncomingMessage, BodyFailure>();

// Bodies are read here first, strictly (see readTextBody): tRPC's own request conversion
// would turn invalid UTF-8 into U+FFFD and store that.
export function createTrpcHandler(deps: ContextDeps & { logger: Logger }) {
  const { logger } = deps;
  const handle = createTrpcNodeHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
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
  });

  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST") {
      const body = await readTextBody(req, MAX_BODY_BYTES);
      if (!body.ok) refusedBodies.set(req, body);
      // Where a framework's body parser leaves it, which is where the adapter looks first.
      Object.assign(req, { body: body.ok ? body.text : "" });
    }
    return handle(req, res);
  };
}
