import type * as React from "react";

import { cn } from "~/lib/utils";

export const inputClass =
  "flex h-10 w-full min-w-0 rounded-md border border-input bg-card px-3 py-1 text-base shadow-xs transition-colors placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive md:text-sm";

/**
 * A text input. Number fields (amounts, prices, quantities) are DecimalInput
 * (./decimal-input), which shows what staff type in the shop's language and hands the form
 * the number it stands for.
 */
export function Input({ className, type, ...props }: React.ComponentProps<"input">) {
  return <input type={type} data-slot="input" className={cn(inputClass, className)} {...props} />;
}

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(inputClass, "h-auto min-h-20 py-2", className)} {...props} />;
}

/** shadcn's native select: the platform's own picker is the best one on a tablet. */
export function NativeSelect({ className, ...props }: React.ComponentProps<"select">) {
  return <select data-slot="native-select" className={cn(inputClass, "pr-8", className)} {...props} />;
}
