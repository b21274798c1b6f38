import { decimalAsTyped } from "@tillsync/validators";
import type * as React from "react";

import { cn } from "~/lib/utils";

export const inputClass =
  "flex h-10 w-full min-w-0 rounded-md border border-input bg-card px-3 py-1 text-base shadow-xs transition-colors placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive md:text-sm";

/**
 * A text input. With `inputMode="decimal"` (every amount, price and quantity field of the till
 * and admin app) it reads the shop's decimal separator as it is typed: "2,5" is 2.5
 * (validators decimalAsTyped; issue 21), before the field's own onChange and validation see it.
 */
export function Input({ className, type, onChange, ...props }: React.ComponentProps<"input">) {
  const decimal = props.inputMode === "decimal";
  return (
    <input
      type={type}
      data-slot="input"
      className={cn(inputClass, className)}
      onChange={decimal && onChange ? (e) => onChange(asDecimal(e)) : onChange}
      {...props}
    />
  );
}

/** The change event with the field's text read by decimalAsTyped ("2,5" → "2.5"). */
export function asDecimal<E extends React.ChangeEvent<HTMLInputElement>>(event: E): E {
  const typed = decimalAsTyped(event.target.value);
  if (typed !== event.target.value) event.target.value = typed;
  return event;
}

export function Textarea({ className, ...props }: React.ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" className={cn(inputClass, "h-auto min-h-20 py-2", className)} {...props} />;
}

/** shadcn's native select: the platform's own picker is the best one on a tablet. */
export function NativeSelect({ className, ...props }: React.ComponentProps<"select">) {
  return <select data-slot="native-select" className={cn(inputClass, "pr-8", className)} {...props} />;
}
