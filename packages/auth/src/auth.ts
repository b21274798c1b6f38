// Staff identity is Better Auth's: email + password (its scrypt hashing), database
// sessions in httpOnly SameSite=Lax cookies, sign-in/sign-out, and its rate limiter.
// What it does not model the way a shop needs stays ours, in packages/db:
// - shops keep integer ids and are referenced by every tenant row; the organization
//   plugin's string-id organizations would have meant a second "shop" beside ours;
// - device API keys belong to a shop, not a user, and sit on the hot sale path, so they
//   stay our own SHA-256-hashed `api_key` rows rather than the api-key plugin's;
// - membership is our `shop_member` (one shop per user, role owner|manager|cashier).
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { PrismaClient } from "@tillsync/db";

import { AUTH_COOKIE_PREFIX } from "./session-cookie";
import { staffAccounts } from "./staff-accounts";

export interface AuthOptions {
  prisma: PrismaClient;
  /** Signs session cookies: at least 32 characters, the same on every API instance. */
  secret: string;
  /** The origins staff reach the API from (the web app, which proxies /api/*; WEB_ORIGIN): the first is the base URL. */
  webOrigins: readonly string[];
}

export const AUTH_BASE_PATH = "/api/auth";

/** Failed and successful sign-ins alike count: 20 per minute per client address. */
const SIGN_IN_LIMIT = { window: 60, max: 20 } as const;

export function createAuth({ prisma, secret, webOrigins }: AuthOptions) {
  return betterAuth({
    appName: "Tillsync",
    secret,
    baseURL: webOrigins[0],
    basePath: AUTH_BASE_PATH,
    trustedOrigins: [...webOrigins],
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    emailAndPassword: {
      enabled: true,
      // Accounts are only made together with a shop or from an invitation (staffAccounts).
      disableSignUp: true,
    },
    rateLimit: {
      // On in every environment, not only production: tests prove it.
      enabled: true,
      // In PostgreSQL (the rate_limit table), so every API process behind a load balancer
      // counts against one budget per client address (DESIGN.md §10); not in Better Auth's
      // secondary storage, which would move sessions out of PostgreSQL too.
      storage: "database",
      // Accepting an invitation may check an existing account's password: limited like sign-in.
      customRules: { "/sign-in/email": SIGN_IN_LIMIT, "/sign-up/shop": { window: 60, max: 10 }, "/invite/accept": { window: 60, max: 10 } },
    },
    advanced: {
      // The session cookie is then (__Secure-)tillsync.session_token: SESSION_COOKIE in ./session-cookie.
      cookiePrefix: AUTH_COOKIE_PREFIX,
      // Better Auth skips its origin (CSRF) check under test runners unless told otherwise;
      // the tests must see what production does.
      disableOriginCheck: false,
      // The API's auth route puts the client's address, already resolved through TRUSTED_PROXIES
      // (apps/api http/better-auth.ts), in X-Forwarded-For as its only entry.
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    telemetry: { enabled: false },
    plugins: [staffAccounts(prisma)],
  });
}

export type Auth = ReturnType<typeof createAuth>;
