import type { IncomingMessage, ServerResponse } from "node:http";

import type { AnyTRPCRouter, inferRouterContext } from "@trpc/server";
import { createURL, incomingMessageToRequest, internal_exceptionHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse, type HTTPBaseHandlerOptions, type TRPCRequestInfo } from "@trpc/server/http";

export interface TrpcNodeHandlerOptions<TRouter extends AnyTRPCRouter> extends HTTPBaseHandlerOptions<TRouter, IncomingMessage> {
  router: TRouter;
  /** The path prefix procedures are served under, with its trailing slash ("/trpc/"). */
  basePath: string;
  maxBodySize: number;
  createContext: (opts: { req: IncomingMessage; info: TRPCRequestInfo }) => Promise<inferRouterContext<TRouter>>;
}

/**
 * tRPC over Node's http module, answering each call with a single write. tRPC's own node
 * adapter pipes the answer through a WHATWG WritableStream and ends it with a second write
 * (chunked encoding); on sale.create those two syscalls and the stream machinery were among
 * the largest costs per request (docs/benchmarks.md). Here the answer (never streamed: this
 * API has no subscriptions and clients use httpBatchLink) is buffered and sent with its
 * Content-Length. Request parsing, errors and batching are tRPC's own.
 */
export function createTrpcNodeHandler<TRouter extends AnyTRPCRouter>(opts: TrpcNodeHandlerOptions<TRouter>) {
  const { router, basePath, maxBodySize, createContext, onError } = opts;
  // What tRPC's adapter answers when a request fails before resolveResponse can (a bad URL).
  // (Its options type is conditional on the router's context, which a generic cannot satisfy.)
  const fail = (req: IncomingMessage, res: ServerResponse) =>
    internal_exceptionHandler({ router, req, res, onError } as unknown as Parameters<typeof internal_exceptionHandler>[0]);
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const request = incomingMessageToRequest(req, res, { maxBodySize });
      const response = await resolveResponse({
        ...opts,
        req: request,
        path: createURL(req).pathname.slice(basePath.length),
        error: null,
        createContext: ({ info }) => createContext({ req, info }),
        onError: onError && ((o) => onError({ ...o, req })),
      });
      const body = Buffer.from(await response.arrayBuffer());
      for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) res.setHeader("set-cookie", cookies);
      res.setHeader("content-length", body.byteLength);
      res.statusCode = response.status;
      res.end(body);
    } catch (cause) {
      fail(req, res)(cause);
    }
  };
}
