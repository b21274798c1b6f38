import type { IncomingHttpHeaders } from "node:http";

import { apiKeyRole, type Context, type Principal } from "@tillsync/api";
import { SESSION_COOKIE, type Auth } from "@tillsync/auth";
import { authenticateApiKey, hashApiKey, staffMembership, type PrismaClient } from "@tillsync/db";
import { fromNodeHeaders } from "better-auth/node";
import { LRUCache } from "lru-cache";

import type { RateLimits } from "./rate-limit";

/**
 * How long an API key the database did not know (unknown, or revoked) is refused without
 * asking it again. A key never becomes valid again once revoked, and a new key is 256
 * random bits nobody sent before it existed, so this refuses nothing that would have been
 * accepted; it only spares the database junk `Bearer tsk_…` headers sent over and over.
 * Revocation is not delayed by it (see API_KEY_CACHE_TTL_MS in packages/db for that).
 */
export const UNKNOWN_KEY_TTL_MS = 5 * 60_000;
/**
 * How long a key that checked out counts as "one of ours" for a client address that is past
 * its failed-authentication budget: such a key is still looked up (and so still refused at
 * once when revoked), while any other key from that address gets 429 with no lookup.
 */
export const KNOWN_KEY_TTL_MS = 60 * 60_000;
const KEY_HASHES_KEPT = 100_000;

export interface Caller {
  headers: IncomingHttpHeaders;
  /** The client's address (the connection's, or X-Forwarded-For's through TRUSTED_PROXIES). */
  address: string;
}

/** Who is calling, or why not: `authFailure` is set when credentials were sent and did not check out. */
export type Authentication = Pick<Context, "principal" | "authFailure">;

/**
 * `Authorization: Bearer <API key>` (tills and internal tools; `Token <key>` is the same key
 * as Django REST Framework's TokenAuthentication spells it, which the seed's tills were
 * written against), else the staff member's Better Auth session cookie, in the shop they
 * are a member of. Procedures only ever see the resulting Principal.
 *
 * Failed authentication is limited per client address (rateLimits.failedAuthentication,
 * DESIGN.md §10; 429 with Retry-After past it) and unknown keys are remembered for
 * UNKNOWN_KEY_TTL_MS, so guessing keys costs the database at most the budget's lookups
 * per window and address. Successful requests are never limited by address: the tills of
 * a shop often share one.
 */
export function createAuthenticator({ prisma, auth, rateLimits }: { prisma: PrismaClient; auth: Auth; rateLimits: RateLimits }) {
  // Keyed by the key's SHA-256, so neither cache ever holds a usable key.
  const unknownKeys = new LRUCache<string, true>({ max: KEY_HASHES_KEPT, ttl: UNKNOWN_KEY_TTL_MS });
  const knownKeys = new LRUCache<string, true>({ max: KEY_HASHES_KEPT, ttl: KNOWN_KEY_TTL_MS });

  async function byApiKey(token: string, address: string): Promise<Principal | null> {
    const keyHash = hashApiKey(token);
    if (unknownKeys.has(keyHash)) return null;
    if (!knownKeys.has(keyHash)) await rateLimits.assertNotBlocked(address);
    const key = await authenticateApiKey(prisma, token);
    if (!key) {
      unknownKeys.set(keyHash, true);
      return null;
    }
    knownKeys.set(keyHash, true);
    return { shopId: key.shopId, role: apiKeyRole(key.role), apiKeyId: key.apiKeyId, name: key.name };
  }

  async function bySession(headers: IncomingHttpHeaders): Promise<Principal | null> {
    const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
    if (!session) return null;
    // A removed member keeps a valid user but no membership: they are nobody here.
    const member = await staffMembership(prisma, session.user.id);
    return member && { shopId: member.shopId, role: member.role, userId: session.user.id, name: member.user.name };
  }

  return async ({ headers, address }: Caller): Promise<Authentication> => {
    const token = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(headers.authorization ?? "")?.[1];
    const hasSession = SESSION_COOKIE.test(headers.cookie ?? "");
    const principal = (token ? await byApiKey(token, address) : null) ?? (hasSession ? await bySession(headers) : null);
    if (principal) return { principal };
    if (!token && !hasSession) return { principal: null };
    await rateLimits.failedAuthentication(address);
    return { principal: null, authFailure: token ? "API_KEY_INVALID" : "SESSION_EXPIRED" };
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
