import { DomainError, type DomainErrorKind } from "@tillsync/db";
import { TRPCError } from "@trpc/server";

/** Better Auth's name for an HTTP status (APIError.from's first argument), for the statuses domain errors use. */
export type AuthStatus = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "UNPROCESSABLE_ENTITY" | "SERVICE_UNAVAILABLE";

/** How one kind of domain error is answered on each surface. */
export interface ErrorAnswer {
  /** The tRPC error code (/trpc, and the `code` REST falls back to without a domain code). */
  trpc: TRPCError["code"];
  /** The HTTP status, the same on /trpc, /api and /api/auth (tRPC's own code-to-status table agrees: test/error-map.test.ts). */
  http: number;
  /** The status Better Auth's endpoints (sign-up, accepting an invitation) answer with. */
  auth: AuthStatus;
}

/**
 * The one error map (issue 16, STYLE.md "One error map"): each kind of packages/db's
 * DomainError and how tRPC, REST and Better Auth answer it. The domain code
 * (PRODUCT_NOT_FOUND, SKU_TAKEN…) travels with it on every surface.
 */
export const DOMAIN_ERROR_ANSWERS = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", http: 400, auth: "BAD_REQUEST" },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404, auth: "NOT_FOUND" },
  CONFLICT: { trpc: "CONFLICT", http: 409, auth: "CONFLICT" },
  UNPROCESSABLE_CONTENT: { trpc: "UNPROCESSABLE_CONTENT", http: 422, auth: "UNPROCESSABLE_ENTITY" },
  SERVICE_UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503, auth: "SERVICE_UNAVAILABLE" },
} as const satisfies Record<DomainErrorKind, ErrorAnswer>;

/** How `error` is answered, when it is a domain error. */
export const answerTo = (error: DomainError): ErrorAnswer => DOMAIN_ERROR_ANSWERS[error.kind];

/** The TRPCError a domain error becomes, the domain error kept as its cause (the formatter reads its code and details from there). */
export const domainTrpcError = (error: DomainError) => new TRPCError({ code: answerTo(error).trpc, message: error.message, cause: error });

/** The HTTP status of a tRPC error whose cause is a domain error, from the map; undefined for any other. */
export const domainHttpStatus = (error: TRPCError): number | undefined => (error.cause instanceof DomainError ? answerTo(error.cause).http : undefined);
