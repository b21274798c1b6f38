"use client";

import { canonicalDecimal, decimalForField, decimalFromField } from "@tillsync/validators";
import { useState } from "react";
import type * as React from "react";
import { useController, type Control, type FieldPath, type FieldValues } from "react-hook-form";

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

/**
 * DecimalInput as a React Hook Form field `name` of `control`: the form's value is the
 * canonical decimal (what its zod schema validates and the API gets), an empty box is `empty`
 * ("" by default; undefined or null where the schema means "not given" that way).
 */
export function FormDecimalInput<T extends FieldValues, N extends FieldPath<T>>({
  control,
  name,
  empty = "",
  ...props
}: Omit<DecimalInputProps, "value" | "onValueChange" | "name"> & {
  // Forms whose resolver transforms the values have a third type parameter; the field does not depend on it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  control: Control<T, any, any>;
  name: N;
  empty?: "" | null | undefined;
}) {
  const {
    field: { ref, name: fieldName, value, onBlur, onChange, disabled },
  } = useController({ control, name });
  return (
    <DecimalInput
      {...props}
      ref={ref}
      name={fieldName}
      value={value}
      onBlur={onBlur}
      disabled={props.disabled ?? disabled}
      onValueChange={(next) => onChange(next === "" ? empty : next)}
    />
  );
}
