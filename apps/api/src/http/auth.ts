import type { IncomingHttpHeaders } from "node:http";

import { apiKeyRole, type Principal } from "@tillsync/api";
import type { Auth } from "@tillsync/auth";
import { authenticateApiKey, staffMembership, type PrismaClient } from "@tillsync/db";
import { fromNodeHeaders } from "better-auth/node";

/** One way a request can say who is calling: null when it does not apply or does not check out. */
type Authenticator = (prisma: PrismaClient, headers: IncomingHttpHeaders, auth: Auth) => Promise<Principal | null>;

/**
 * `Authorization: Bearer <API key>`, sent by tills and internal tools; `Token <API key>` is
 * the same key as Django REST Framework's TokenAuthentication spells it, which the seed's
 * tills were written against (DESIGN.md §4, REST compatibility).
 */
const apiKey: Authenticator = async (prisma, headers) => {
  const token = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
  if (!token) return null;
  const key = await authenticateApiKey(prisma, token);
  return key && { shopId: key.shopId, role: apiKeyRole(key.role), apiKeyId: key.apiKeyId, name: key.name };
};

/** A staff member's Better Auth session cookie, in the shop they are a member of. */
const staffSession: Authenticator = async (prisma, headers, auth) => {
  if (!headers.cookie) return null;
  const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
  if (!session) return null;
  // A removed member keeps a valid user but no membership: they are nobody here.
  const member = await staffMembership(prisma, session.user.id);
  return member && { shopId: member.shopId, role: member.role, userId: session.user.id, name: member.user.name };
};

// Procedures only ever see the resulting Principal, whichever way it was proven.
const authenticators: readonly Authenticator[] = [apiKey, staffSession];

/** Who is calling, or null, in which case every procedure answers UNAUTHORIZED. */
export async function resolvePrincipal(prisma: PrismaClient, headers: IncomingHttpHeaders, auth: Auth): Promise<Principal | null> {
  for (const authenticate of authenticators) {
    const principal = await authenticate(prisma, headers, auth);
    if (principal) return principal;
  }
  return null;
}
