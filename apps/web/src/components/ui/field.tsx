import { cloneElement, isValidElement, type ReactElement } from "react";
import type * as React from "react";

import { cn } from "~/lib/utils";

import { Label } from "./label";

/**
 * A labelled form control with its hint and its error (client-side or from the API). The control
 * (`children`, one element) is marked `aria-invalid` while there is an error and described by the
 * error or the hint (WCAG 3.3.1, 1.3.1), as shadcn's FormControl does: ids `<htmlFor>-error`, `<htmlFor>-hint`.
 * The field's error wins over an `aria-invalid` the control was given (cloneElement rather than
 * radix Slot, where the child's props win).
 */
export function Field({
  label,
  htmlFor,
  hint,
  error,
  className,
  children,
}: {
  label: React.ReactNode;
  htmlFor: string;
  hint?: React.ReactNode;
  error?: string;
  className?: string;
  children: ReactElement<React.AriaAttributes>;
}) {
  const describedBy = error ? `${htmlFor}-error` : hint ? `${htmlFor}-hint` : undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
        "aria-invalid": error ? true : children.props["aria-invalid"],
        "aria-describedby": [describedBy, children.props["aria-describedby"]].filter(Boolean).join(" ") || undefined,
      })
    : children;
  return (
    <div data-slot="field" className={cn("grid content-start gap-2", className)}>
      <Label htmlFor={htmlFor}>{label}</Label>
      {control}
      {error ? (
        <p id={`${htmlFor}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : hint ? (
        <p id={`${htmlFor}-hint`} className="text-sm text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive">
      {message}
    </p>
  );
}
