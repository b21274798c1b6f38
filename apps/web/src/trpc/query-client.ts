import { QueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";

/** Errors that a retry cannot fix: the answer would be the same. */
const FINAL = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST"]);

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A result stays fresh for 30 s, so going back to a page or refocusing the window
        // within that time does not fetch it again; nor does a page whose first screen the
        // server read (trpc/server.tsx) ask again as it hydrates.
        staleTime: 30_000,
        retry: (failures, error) => {
          const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
          return !(code && FINAL.has(code)) && failures < 2;
        },
      },
    },
  });
}
