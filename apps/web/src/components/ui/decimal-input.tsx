"use client";

import { canonicalDecimal, decimalForField, decimalFromField } from "@tillsync/validators";
import { useState } from "react";
import type * as React from "react";

import { displayLocale } from "~/lib/format";
import { cn } from "~/lib/utils";

import { inputClass } from "./input";

export interface DecimalInputProps extends Omit<React.ComponentProps<"input">, "value" | "defaultValue" | "onChange" | "type" | "inputMode"> {
  /**
   * The field's number as the form keeps it: a canonical decimal ("2.5", "2.50"), "" (or
   * null/undefined) for none, or text staff typed that is no number, kept for validation to
   * refuse. Shown in the shop's locale ("2,50" in de-DE) whenever it changes from outside the
   * field (an edit form's value, a quick cash amount, the cart's + and −).
   */
  value: string | null | undefined;
  /** The number the box now stands for (validators decimalFromField): "2,5" typed → "2.5"; "" when empty. */
  onValueChange: (value: string) => void;
  /** No input styling of its own (the cart's compact quantity box brings its own classes). */
  unstyled?: boolean;
}

/**
 * Every number field of the till and the admin app (prices, quantities, weights, amounts of
 * cash; issue 21). The box shows exactly what staff type ("2,5", "1.234,5", a half-typed
 * "0,"); the form gets the number it stands for as a canonical decimal ("2.5", "1234.5"),
 * read by parseLocaleDecimal's rule (only one of "," and "." is the decimal separator; with
 * both, the last one is). A value put in from outside is written in the shop's locale
 * (decimalForField: "2.50" → "2,50" in de-DE), and so is a placeholder that is a number.
 */
export function DecimalInput({ value, onValueChange, unstyled, className, placeholder, ...props }: DecimalInputProps) {
  const current = value ?? "";
  // What the box shows while it stands for `current`: what staff typed, until the value is
  // changed from outside, when the value is shown in the locale's format instead.
  const [typed, setTyped] = useState<{ value: string; text: string } | null>(null);
  const text = typed?.value === current ? typed.text : decimalForField(current, displayLocale());
  return (
    <input
      {...props}
      type="text"
      inputMode="decimal"
      data-slot="input"
      className={unstyled ? className : cn(inputClass, className)}
      placeholder={placeholder !== undefined && canonicalDecimal(placeholder) !== null ? decimalForField(placeholder, displayLocale()) : placeholder}
      value={text}
      onChange={(event) => {
        const next = decimalFromField(event.target.value);
        setTyped({ value: next, text: event.target.value });
        onValueChange(next);
      }}
    />
  );
}
