import type * as React from "react";

import { inputClass } from "~/components/ui/input";
import { cn } from "~/lib/utils";

/**
 * The face of a field that opens a popover to pick its value (the product picker, the date
 * picker): a button that looks like an input, showing `label` (muted while it is only a
 * `placeholder`) and an `icon` at its end. Used as a Radix Popover.Trigger's child.
 */
export function PickerTrigger({
  label,
  icon,
  placeholder = false,
  className,
  ...props
}: React.ComponentProps<"button"> & { label: React.ReactNode; icon: React.ReactNode; placeholder?: boolean }) {
  return (
    <button
      type="button"
      className={cn(inputClass, "items-center justify-between gap-2 text-left", placeholder && "text-muted-foreground", className)}
      {...props}
    >
      <span className="truncate">{label}</span>
      {icon}
    </button>
  );
}
