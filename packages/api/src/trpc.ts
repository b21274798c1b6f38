import type { PrismaClient } from "@tillsync/db";
import { DomainError } from "@tillsync/db";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";

import { canManage, type Principal, type Role } from "./principal";

export interface Context {
  prisma: PrismaClient;
  principal: Principal | null;
  /**
   * Present on REST calls only (trpc-to-openapi in apps/api): a procedure whose success
   * status depends on the outcome (201 for a new sale, 200 for a replay) sets it here.
   */
  rest?: { status?: number };
}

/** For callers that have already resolved who is calling (the HTTP server, tests, tools). */
export const createContext = (context: Context): Context => context;

const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      // Unexpected failures say nothing about the server's internals.
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        ...data,
        appCode: cause instanceof DomainError ? cause.code : null,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Domain errors become the matching tRPC error, with the domain code kept as the cause. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.kind, message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

const authenticated = t.middleware(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in or send an API key." });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

const requireRole = (allowed: (role: Role) => boolean, what: string) =>
  t.middleware(({ ctx, next }) => {
    if (!ctx.principal || !allowed(ctx.principal.role)) throw new TRPCError({ code: "FORBIDDEN", message: `Only ${what} may do this.` });
    return next();
  });

/** Anyone of the shop: cashiers and tills sell and read products. */
export const shopProcedure = publicProcedure.use(authenticated);
/** Owners, managers and manager keys: products, stock, alerts, reversals, analytics. */
export const managerProcedure = shopProcedure.use(requireRole(canManage, "owners and managers"));
/** Owners: staff, API keys and shop settings. */
export const ownerProcedure = shopProcedure.use(requireRole((role) => role === "owner", "owners"));
