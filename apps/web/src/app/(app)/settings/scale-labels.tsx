"use client";

import { gs1Preset, type ScanPrefixRule } from "@tillsync/validators";
import { Trash2 } from "lucide-react";
import { useFieldArray, type UseFormReturn } from "react-hook-form";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { Input, NativeSelect } from "~/components/ui/input";

import type { SettingsFormInput, SettingsFormOutput } from "./settings-view";

const toNumber = (value: unknown) => Number(value);
const blank: ScanPrefixRule = { prefix: "", measure: "weight", itemStart: 3, itemLength: 5, valueLength: 5, verifierDigit: false };

/**
 * The shop's GS1 variable-measure label prefixes (DESIGN.md §9): one row per prefix its
 * scales print, what the label carries and where the item code sits; presets for the common
 * layout of 20–29. Checked with validators scanPrefixes, as the server does.
 */
export function ScaleLabels({ form }: { form: UseFormReturn<SettingsFormInput, unknown, SettingsFormOutput> }) {
  const { fields, append, remove, replace } = useFieldArray({ control: form.control, name: "scanPrefixes" });
  const errors = form.formState.errors.scanPrefixes;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Scale labels</CardTitle>
        <CardDescription>
          Barcodes your scales print (GS1 variable measure, EAN-13 starting 20–29): per prefix, whether the label carries a weight in kg or a price, and where
          the item code sits (positions 1–13 from the left). The weight or price fills the digits just before the last (check) digit. Tills read them offline.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {fields.length === 0 ? <p className="text-sm text-muted-foreground">None: every barcode is looked up as it is.</p> : null}
        {fields.map((field, index) => {
          const id = (name: string) => `scanPrefixes-${index}-${name}`;
          const rowErrors = errors?.[index];
          return (
            <fieldset key={field.id} aria-label={`Prefix ${index + 1}`} className="grid grid-cols-2 items-start gap-3 rounded-md border p-3 sm:grid-cols-3">
              <Field label="Prefix" htmlFor={id("prefix")} error={rowErrors?.prefix?.message}>
                <Input id={id("prefix")} inputMode="numeric" maxLength={3} {...form.register(`scanPrefixes.${index}.prefix`)} />
              </Field>
              <Field label="Carries" htmlFor={id("measure")}>
                <NativeSelect id={id("measure")} {...form.register(`scanPrefixes.${index}.measure`)}>
                  <option value="weight">Weight (kg)</option>
                  <option value="price">Price</option>
                </NativeSelect>
              </Field>
              <Field label="Item code from" htmlFor={id("itemStart")} error={rowErrors?.itemStart?.message}>
                <Input id={id("itemStart")} type="number" min={2} max={11} {...form.register(`scanPrefixes.${index}.itemStart`, { setValueAs: toNumber })} />
              </Field>
              <Field label="Item code digits" htmlFor={id("itemLength")} error={rowErrors?.itemLength?.message}>
                <Input id={id("itemLength")} type="number" min={1} max={10} {...form.register(`scanPrefixes.${index}.itemLength`, { setValueAs: toNumber })} />
              </Field>
              <Field label="Value digits" htmlFor={id("valueLength")}>
                <NativeSelect id={id("valueLength")} {...form.register(`scanPrefixes.${index}.valueLength`, { setValueAs: toNumber })}>
                  <option value={5}>5</option>
                  <option value={4}>4</option>
                </NativeSelect>
              </Field>
              <div className="grid gap-2">
                <label className="flex items-center gap-2 pt-7 text-sm">
                  <input type="checkbox" className="size-4" {...form.register(`scanPrefixes.${index}.verifierDigit`)} />
                  Verifier digit
                </label>
                <Button type="button" variant="ghost" size="sm" className="w-fit" onClick={() => remove(index)} aria-label={`Remove prefix ${index + 1}`}>
                  <Trash2 /> Remove
                </Button>
              </div>
            </fieldset>
          );
        })}
        {errors?.root?.message || errors?.message ? (
          <p role="alert" className="text-sm text-destructive">
            {errors.root?.message ?? errors.message}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="outline" onClick={() => append(blank)}>
            Add a prefix
          </Button>
          <Button type="button" variant="outline" onClick={() => replace(gs1Preset("weight"))}>
            GS1 20–29 weight
          </Button>
          <Button type="button" variant="outline" onClick={() => replace(gs1Preset("price"))}>
            GS1 20–29 price
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
