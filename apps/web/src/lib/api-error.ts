import type { AppRouter } from "@tillsync/api";
import type { AppErrorCode } from "@tillsync/validators";
import { TRPCClientError } from "@trpc/client";
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

export function appCodeOf(error: unknown): AppErrorCode | null {
  return isApiError(error) ? (error.data?.appCode ?? null) : null;
}

export function httpCodeOf(error: unknown) {
  return isApiError(error) ? error.data?.code : undefined;
}

/** What staff read when the API could not be asked or gave no answer of its own (issue 21: no "Failed to fetch"). */
export const UNREACHABLE_MESSAGE = "Tillsync’s server could not be reached. Check the connection and try again.";

/** Errors of the browser's fetch when the network or the server is gone (Chromium, Firefox, Safari). */
const NETWORK_FAILURE = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed|The network connection was lost\.?)$/;

/**
 * What staff read for a failed call: the API's own message where it wrote one for people (domain
 * errors such as SKU_TAKEN, refused input, sessions), and words of the app's own where the
 * message is the machinery's — the browser's "Failed to fetch", a proxy's error page that is no
 * JSON ("Unexpected token '<'…"), "Internal server error", "Sign in or send an API key", a
 * rate limit in seconds. The API's codes are unchanged for integrators; only what a person is
 * shown is chosen here.
 */
export function messageOf(error: unknown) {
  if (isApiError(error)) {
    const data = error.data;
    // No tRPC error body: the network failed, or something other than the API answered.
    if (!data) return UNREACHABLE_MESSAGE;
    switch (data.code) {
      case "FORBIDDEN":
        return data.appCode === "CROSS_ORIGIN_REQUEST" ? error.message : "Your role does not allow this.";
      case "UNAUTHORIZED":
        return "You are signed out. Sign in again to carry on.";
      case "TOO_MANY_REQUESTS":
        return "Too many requests from here just now. Wait a minute, then try again.";
      case "INTERNAL_SERVER_ERROR":
        return `Something went wrong on Tillsync’s server. Try again; if it keeps happening, tell whoever runs Tillsync${data.requestId ? ` and give them this reference: ${data.requestId}` : ""}.`;
      case "SERVICE_UNAVAILABLE":
      case "GATEWAY_TIMEOUT":
      case "BAD_GATEWAY":
        if (!data.appCode) return "Tillsync’s server is busy or restarting. Try again in a moment.";
        break;
    }
    // A refused input's message is zod's issue list as JSON: staff read its first message (issue 21).
    const zod = data.zodError;
    if (zod) {
      const first = [...zod.formErrors, ...Object.values(zod.fieldErrors as Record<string, string[] | undefined>).flatMap((messages) => messages ?? [])][0];
      if (first) return first;
    }
    return error.message;
  }
  if (error instanceof TypeError && NETWORK_FAILURE.test(error.message)) return UNREACHABLE_MESSAGE;
  return error instanceof Error ? error.message : "Something went wrong.";
}

/**
 * Puts an API error next to the field it concerns: zod's flattened field errors by their
 * path, domain error codes by `codeFields`; anything else becomes the form's root error.
 */
export function setApiErrors<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, codeFields: Partial<Record<AppErrorCode, Path<T>>> = {}) {
  let placed = false;
  if (isApiError(error)) {
    const fieldErrors = (error.data?.zodError?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
    for (const [field, messages] of Object.entries(fieldErrors)) {
      if (messages?.[0]) {
        setError(field as Path<T>, { type: "server", message: messages[0] });
        placed = true;
      }
    }
    const code = appCodeOf(error);
    const field = code ? codeFields[code] : undefined;
    if (field) {
      setError(field, { type: "server", message: error.message });
      placed = true;
    }
  }
  if (!placed) setError("root.server", { type: "server", message: messageOf(error) });
}
