import type { IncomingMessage } from "node:http";

import { apiKeyRole, type Principal } from "@tillsync/api";
import { authenticateApiKey, type PrismaClient } from "@tillsync/db";

/** One way a request can say who is calling: null when it does not apply or does not check out. */
type Authenticator = (prisma: PrismaClient, req: IncomingMessage) => Promise<Principal | null>;

/** `Authorization: Bearer <API key>`, sent by tills and internal tools. */
const apiKey: Authenticator = async (prisma, req) => {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  if (!token) return null;
  const key = await authenticateApiKey(prisma, token);
  return key && { shopId: key.shopId, role: apiKeyRole(key.role), apiKeyId: key.apiKeyId, name: key.name };
};

// Staff sign-in adds its session authenticator to this list; procedures only ever see
// the resulting Principal, so nothing else changes.
const authenticators: readonly Authenticator[] = [apiKey];

/** Who is calling, or null, in which case every procedure answers UNAUTHORIZED. */
export async function resolvePrincipal(prisma: PrismaClient, req: IncomingMessage): Promise<Principal | null> {
  for (const authenticate of authenticators) {
    const principal = await authenticate(prisma, req);
    if (principal) return principal;
  }
  return null;
}
