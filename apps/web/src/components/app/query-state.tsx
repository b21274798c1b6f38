"use client";

import { Button } from "~/components/ui/button";
import { FormError } from "~/components/ui/field";
import { Skeleton } from "~/components/ui/skeleton";
import { messageOf } from "~/lib/api-error";

export function LoadingRows({ rows = 5 }: { rows?: number }) {
  return (
    <div className="grid gap-2" aria-busy="true" aria-label="Loading">
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-10 w-full" />
      ))}
    </div>
  );
}

export function QueryError({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div className="grid gap-3">
      <FormError message={messageOf(error)} />
      {retry ? (
        <Button variant="outline" className="w-fit" onClick={retry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}
