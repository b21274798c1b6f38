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

export function messageOf(error: unknown) {
  if (isApiError(error)) {
    if (error.data?.code === "FORBIDDEN") return "Your role does not allow this.";
    // A refused input's message is zod's issue list as JSON: staff read its first message (issue 21).
    const zod = error.data?.zodError;
    if (zod) {
      const first = [...zod.formErrors, ...Object.values(zod.fieldErrors as Record<string, string[] | undefined>).flatMap((messages) => messages ?? [])][0];
      if (first) return first;
    }
    return error.message;
  }
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
