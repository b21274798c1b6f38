import { AUTH_BASE_PATH, type Auth } from "@tillsync/auth";
import { fromNodeHeaders } from "better-auth/node";
import type { FastifyInstance } from "fastify";

export const AUTH_PATH = AUTH_BASE_PATH;

/**
 * Better Auth's own routes (sign-in, sign-out, session, sign-up of a shop, invitations),
 * mounted as its Fastify guide does: the request rebuilt as a Fetch Request for
 * `auth.handler`, its Response sent by Fastify. Bodies reach it as sent, unparsed.
 * X-Forwarded-For is replaced by the one address Fastify resolved (`request.ip`: the
 * connection's, or the X-Forwarded-For entry left of the hops in TRUSTED_PROXIES), so the
 * sign-in rate limit counts the same client as the API's own limits and a client cannot pick
 * its own address. Better Auth resolving the chain itself found no address at all when every
 * hop was trusted (a browser on the machine that runs the web app's proxy: "could not
 * determine a client IP", one bucket shared by every such request).
 */
export function authRoutes(auth: Auth) {
  return async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    scope.all(`${AUTH_PATH}/*`, async (request, reply) => {
      const headers = fromNodeHeaders(request.headers);
      headers.set("x-forwarded-for", request.ip);
      const hasBody = request.method !== "GET" && request.method !== "HEAD" && Buffer.isBuffer(request.body);
      const url = new URL(request.url, `http://${request.headers.host ?? "localhost"}`);
      const response = await auth.handler(new Request(url, { method: request.method, headers, body: hasBody ? (request.body as Buffer) : undefined }));
      return reply.send(response.status === 403 ? await explainOrigin(response, request.headers.origin ?? request.headers.referer) : response);
    });
  };
}

/**
 * Better Auth refuses a sign-in from an origin not in its trusted origins with a bare
 * "Invalid origin"; whoever opened the app at that address needs to know which setting
 * lets it in. Other 403s pass unchanged.
 */
async function explainOrigin(response: Response, origin: string | undefined): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: string } | null;
  if (body?.code !== "INVALID_ORIGIN") return response;
  // `Origin: null` (a sandboxed page) or a malformed Referer is not a URL: still a 403, never a 500.
  const address = (origin && URL.canParse(origin) ? new URL(origin).origin : origin) ?? "this address";
  const message = `This address (${address}) is not allowed to sign in: add it to WEB_ORIGIN (a comma-separated list) where the API runs.`;
  return Response.json({ ...body, message }, { status: 403, headers: response.headers });
}
