import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "./root";

export { appRouter, createCaller, type AppRouter } from "./root";
export { isDatabaseUnavailable } from "@tillsync/db";
export { createContext, databaseUnavailable, requestScope, type Context } from "./trpc";
export { answerTo, DOMAIN_ERROR_ANSWERS, domainHttpStatus, domainTrpcError, type AuthStatus, type ErrorAnswer } from "./error-map";
export { restRouter } from "./router/rest";
export { restOpenApiDocument } from "./openapi";
export { apiKeyRole, AuthError, canManage, type AuthErrorCode, type Principal, type Role } from "./principal";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
