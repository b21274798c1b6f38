"use client";

import { useController, type Control, type FieldPath, type FieldValues } from "react-hook-form";

import { DecimalInput, type DecimalInputProps } from "./decimal-input";

// Apart from decimal-input.tsx so that the till, whose fields are not React Hook Form's, does
// not load react-hook-form (~15 KiB gzipped) with its first page (issue 21: /pos first-load JS).

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
