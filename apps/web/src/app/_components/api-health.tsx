"use client";

import { useQuery } from "@tanstack/react-query";

/** Round-trip time in milliseconds, through the same proxy that tRPC calls take. */
async function checkApi() {
  const started = performance.now();
  const response = await fetch("/healthz", { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Math.round(performance.now() - started);
}

const statusStyles = {
  pending: { dot: "bg-amber-500", label: "Checking the API…" },
  success: { dot: "bg-emerald-500", label: "API is up" },
  error: { dot: "bg-red-500", label: "API is unreachable" },
} as const;

export function ApiHealth() {
  const health = useQuery({
    queryKey: ["api-health"],
    queryFn: checkApi,
    refetchInterval: 30_000,
    // A failed health check is the answer, not something to hide behind retries.
    retry: false,
  });
  const { dot, label } = statusStyles[health.status];

  return (
    <section
      aria-live="polite"
      className="flex items-center gap-3 rounded-lg border bg-card px-4 py-3 text-sm"
    >
      <span aria-hidden className={`size-2.5 rounded-full ${dot}`} />
      <span className="font-medium">{label}</span>
      <span className="text-muted-foreground">
        {health.isSuccess && `${health.data} ms`}
        {health.isError && health.error.message}
      </span>
    </section>
  );
}
