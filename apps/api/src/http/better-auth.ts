import type { IncomingMessage, ServerResponse } from "node:http";

import { AUTH_BASE_PATH, type Auth } from "@tillsync/auth";
import { toNodeHandler } from "better-auth/node";

export const AUTH_PATH = AUTH_BASE_PATH;

/**
 * Better Auth's own routes: sign-in, sign-out, session, sign-up of a shop, invitations.
 * The connection's address is appended to X-Forwarded-For, as a proxy would, so the
 * sign-in rate limit counts per client: Better Auth reads the chain from the right and
 * skips only the hops listed in TRUSTED_PROXIES, so a client cannot pick its own address.
 */
export function createAuthHandler(auth: Auth) {
  const handle = toNodeHandler(auth);
  return (req: IncomingMessage, res: ServerResponse) => {
    const forwarded = req.headers["x-forwarded-for"];
    const peer = req.socket.remoteAddress ?? "";
    req.headers["x-forwarded-for"] = forwarded ? `${String(forwarded)}, ${peer}` : peer;
    return handle(req, res);
  };
}
