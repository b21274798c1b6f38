import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { answerTo } from "@tillsync/api";
import { acceptStaffInvite, createShopWithOwner, DomainError, type PrismaClient } from "@tillsync/db";
import { acceptInviteInput, signUpInput } from "@tillsync/validators";

/**
 * The two ways a staff account comes to be, as Better Auth endpoints so that they hash
 * with its password hasher, are rate limited by it and sign the new user in with its
 * session cookie:
 * - POST /api/auth/sign-up/shop: a new shop and its owner, in one transaction;
 * - POST /api/auth/invite/accept: an invited member, using their invitation up.
 * Better Auth's own /sign-up/email is disabled: it cannot create the shop or the
 * membership in the same transaction as the user.
 */
export const staffAccounts = (prisma: PrismaClient) =>
  ({
    id: "tillsync-staff-accounts",
    endpoints: {
      signUpShop: createAuthEndpoint("/sign-up/shop", { method: "POST", body: signUpInput }, async (ctx) => {
        const { shopName, timezone, currency, name, email, password } = ctx.body;
        const passwordHash = await ctx.context.password.hash(password);
        const { shop, userId } = await domain(() =>
          createShopWithOwner(prisma, { shop: { name: shopName, timezone, currency }, owner: { name, email, passwordHash } }),
        );
        await signIn(ctx, userId);
        return ctx.json({ shopId: shop.id, userId });
      }),
      acceptInvite: createAuthEndpoint("/invite/accept", { method: "POST", body: acceptInviteInput }, async (ctx) => {
        const { token, name, password } = ctx.body;
        const passwordHash = await ctx.context.password.hash(password);
        const member = await domain(() => acceptStaffInvite(prisma, { token, user: { name, passwordHash } }));
        await signIn(ctx, member.userId);
        return ctx.json({ shopId: member.shopId, userId: member.userId, role: member.role });
      }),
    },
  }) satisfies BetterAuthPlugin;

type EndpointContext = Parameters<typeof setSessionCookie>[0];

async function signIn(ctx: EndpointContext, userId: string) {
  const user = await ctx.context.internalAdapter.findUserById(userId);
  const session = await ctx.context.internalAdapter.createSession(userId);
  if (!user || !session) throw APIError.from("INTERNAL_SERVER_ERROR", { message: "Could not start a session", code: "FAILED_TO_CREATE_SESSION" });
  await setSessionCookie(ctx, { session, user });
}

/** Domain errors (email taken, invitation used) become Better Auth's HTTP errors, as the error map (packages/api) says. */
async function domain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw APIError.from(answerTo(error).auth, { message: error.message, code: error.code });
  }
}
