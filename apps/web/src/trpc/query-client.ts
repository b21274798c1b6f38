import { QueryClient } from "@tanstack/react-query";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Without a staleTime, data rendered on the server is refetched the moment the
      // page hydrates.
      queries: { staleTime: 30_000 },
    },
  });
}
