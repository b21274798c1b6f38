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
      const url = createURL(req);
      const response = await resolveResponse({
        ...opts,
        req: jsonRequest(req, res, url) ?? incomingMessageToRequest(req, res, { maxBodySize }),
        path: url.pathname.slice(basePath.length),
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

/** The media type of a Content-Type value, lower-cased, without parameters. */
const mediaType = (value: string | undefined) => value?.split(";", 1)[0]!.trim().toLowerCase();

/**
 * The parts of a Request that tRPC's resolveResponse reads (url, method, headers.get/has,
 * json(), signal), for the calls this API serves: GET, and POST with a JSON body that the
 * server has already read into `req.body` as text. Building undici's Request instead (its
 * Headers, a body stream, AbortSignal.any for its own signal) and reading the body back
 * through that stream took a fifth of the server's CPU time on a replayed sale.create
 * (docs/benchmarks.md). Undefined for anything else, which gets a real Request. The
 * fuzz test (test/fuzz.test.ts) drives every procedure through this by GET and POST, so a
 * tRPC release that reads more of the request fails there.
 */
function jsonRequest(req: IncomingMessage, res: ServerResponse, url: URL): Request | undefined {
  const { method = "GET", headers } = req;
  const body = (req as { body?: unknown }).body;
  const isRead = method === "GET" || method === "HEAD";
  if (!isRead && !(typeof body === "string" && mediaType(headers["content-type"]) === "application/json")) return undefined;
  // Aborted when the client goes away before the answer is written, as tRPC's adapter does.
  const aborter = new AbortController();
  res.once("close", () => {
    if (!res.writableEnded) aborter.abort();
  });
  const header = (name: string) => {
    const value = headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  };
  const request = {
    url: url.href,
    method,
    headers: { get: header, has: (name: string) => header(name) !== null },
    signal: aborter.signal,
    json: async () => JSON.parse(body as string) as unknown,
  };
  return request as unknown as Request;
}
