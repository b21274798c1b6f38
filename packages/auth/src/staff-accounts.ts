import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { answerTo } from "@tillsync/api";
import { acceptStaffInvite, createShopWithOwner, DomainError, invitedAccount, type PrismaClient } from "@tillsync/db";
import { acceptInviteInput, signUpInput } from "@tillsync/validators";

/**
 * The two ways a staff account comes to be, as Better Auth endpoints so that they hash
 * with its password hasher, are rate limited by it and sign the new user in with its
 * session cookie:
 * - POST /api/auth/sign-up/shop: a new shop and its owner, in one transaction;
 * - POST /api/auth/invite/accept: an invited member, using their invitation up. When the
 *   invitation's email has an account already (a removed member invited back, DESIGN.md
 *   §7 keeps their user), the password given must be that account's: they join as
 *   themselves, their name and password unchanged; a wrong one is INVITE_PASSWORD_WRONG (401).
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
        const existing = await domain(() => invitedAccount(prisma, token));
        if (existing && !(await passwordMatches(ctx, existing.userId, password))) {
          throw APIError.from("UNAUTHORIZED", {
            code: "INVITE_PASSWORD_WRONG",
            message: "This email already has a Tillsync account. Enter that account's password to join.",
          });
        }
        const member = existing
          ? await domain(() => acceptStaffInvite(prisma, { token, existingUserId: existing.userId }))
          : await domain(async () => acceptStaffInvite(prisma, { token, user: { name, passwordHash: await ctx.context.password.hash(password) } }));
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

/** Whether `password` is the one of the user's email-and-password account, checked with Better Auth's hasher as its sign-in does. */
async function passwordMatches(ctx: EndpointContext, userId: string, password: string): Promise<boolean> {
  const accounts = await ctx.context.internalAdapter.findAccounts(userId);
  const hash = accounts.find((account) => account.providerId === "credential" && account.accountId === userId)?.password;
  return !!hash && (await ctx.context.password.verify({ hash, password }));
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
