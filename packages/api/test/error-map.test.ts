// The one error map (issue 16): every domain error kind answers with one HTTP status on
// every surface, and that status is the one tRPC itself gives the kind's tRPC code (so
// /trpc, whose status tRPC computes, agrees with REST and Better Auth, which read the map).
import { DomainError, type DomainErrorKind } from "@tillsync/db";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { describe, expect, it } from "vitest";

import { DOMAIN_ERROR_ANSWERS, domainHttpStatus, domainTrpcError } from "../src/error-map";

/** Better Auth's status names and their HTTP statuses (better-call's table). */
const AUTH_STATUS = { BAD_REQUEST: 400, NOT_FOUND: 404, CONFLICT: 409, UNPROCESSABLE_ENTITY: 422, SERVICE_UNAVAILABLE: 503 };

describe("the error map", () => {
  it.each(Object.entries(DOMAIN_ERROR_ANSWERS))("%s: the same HTTP status on /trpc, REST and Better Auth", (kind, answer) => {
    const error = domainTrpcError(new DomainError(kind as DomainErrorKind, "PRODUCT_NOT_FOUND", "x"));
    expect(error.code).toBe(answer.trpc);
    expect(getHTTPStatusCodeFromError(error)).toBe(answer.http);
    expect(domainHttpStatus(error)).toBe(answer.http);
    expect(AUTH_STATUS[answer.auth]).toBe(answer.http);
  });
});
