import type * as React from "react";

import { cn } from "~/lib/utils";

/**
 * A native checkbox with a large hit area: the whole row toggles it. Its name is the label
 * alone; the description is announced as its description, not read out as part of the name.
 */
export function CheckboxField({
  id,
  label,
  description,
  className,
  ...props
}: Omit<React.ComponentProps<"input">, "type"> & { id: string; label: React.ReactNode; description?: React.ReactNode }) {
  return (
    <label
      htmlFor={id}
      className={cn("flex cursor-pointer items-start gap-3 rounded-md border p-3 has-[:checked]:border-primary has-[:checked]:bg-accent", className)}
    >
      <input
        id={id}
        type="checkbox"
        aria-labelledby={`${id}-label`}
        aria-describedby={description ? `${id}-description` : undefined}
        className="mt-0.5 size-4 accent-[var(--primary)]"
        {...props}
      />
      <span className="grid gap-1">
        <span id={`${id}-label`} className="text-sm font-medium">
          {label}
        </span>
        {description ? (
          <span id={`${id}-description`} className="text-sm text-muted-foreground">
            {description}
          </span>
        ) : null}
      </span>
    </label>
  );
}
