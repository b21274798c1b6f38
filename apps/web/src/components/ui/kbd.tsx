import type * as React from "react";

import { cn } from "~/lib/utils";

/** A key to press, as shadcn's Kbd: shown where a keyboard shortcut does the same as the control beside it. */
export function Kbd({ className, ...props }: React.ComponentProps<"kbd">) {
  return (
    <kbd
      data-slot="kbd"
      className={cn(
        "pointer-events-none inline-flex h-5 items-center rounded border bg-muted px-1.5 font-sans text-xs font-medium text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}
