import { appRouter, createContext } from "@tillsync/api";
import type { Auth } from "@tillsync/auth";
import type { Database } from "@tillsync/db";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Logger } from "pino";

import { resolvePrincipal } from "./auth";

export const TRPC_PATH = "/trpc";

/** The largest request body accepted; a larger one is answered 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;

// The node-http adapter (rather than the fetch adapter) works on Node's own request and
// response, enforces the body limit while streaming the body in, and needs no glue code.
export function createTrpcHandler({ db, logger, auth }: { db: Database; logger: Logger; auth: Auth }) {
  return createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    maxBodySize: MAX_BODY_BYTES,
    createContext: async ({ req }) => createContext({ prisma: db.prisma, principal: await resolvePrincipal(db.prisma, req, auth) }),
    onError({ error, path, type }) {
      // Clients get a generic message (see packages/api's error formatter); the log keeps the cause.
      if (error.code === "INTERNAL_SERVER_ERROR") logger.error({ err: error.cause ?? error, path, type }, "procedure failed");
      else logger.debug({ code: error.code, path, type, message: error.message }, "procedure rejected");
    },
  });
}
