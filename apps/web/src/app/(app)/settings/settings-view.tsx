"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  cashRoundingIncrements,
  commonShopLocales,
  decimalForField,
  formatMoney as formatMoneyIn,
  money,
  scanPrefixes,
  shopUpdateInput,
  tenderLabels,
  TILL_RETENTION_DAYS,
  tillRetentionDays,
  type CashRoundingIncrement,
} from "@tillsync/validators";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { TimeZoneInput } from "~/components/app/time-zone-input";
import { PageHeader } from "~/components/app/page-header";
import { useShop } from "~/components/app/shop-context";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { FormDecimalInput } from "~/components/ui/form-decimal-input";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input, NativeSelect, Textarea } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { displayLocale, formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { ScaleLabels } from "./scale-labels";

/**
 * The settings form as typed: the money settings are text boxes and a select, turned into
 * shop.update's input (DESIGN.md §8) with the same validators the server uses: "" means none
 * (no rounding, no pay-out review limit), the tender names are one per line.
 */
const settingsForm = shopUpdateInput.extend({
  cashRounding: z.union([z.literal(""), z.enum(cashRoundingIncrements)]),
  payoutReviewAbove: z.union([z.literal(""), money]),
  tenderLabels: z.string().transform((text, ctx) => {
    const parsed = tenderLabels.safeParse(
      text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    );
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Check the tender names" });
    return z.NEVER;
  }),
  scanPrefixes,
  locale: z.string(),
  tillRetentionDays: tillRetentionDays,
});
export type SettingsFormInput = z.input<typeof settingsForm>;
export type SettingsFormOutput = z.output<typeof settingsForm>;

/** A cash rounding choice as the shop writes numbers: "To the nearest 0.05" (de-DE "0,05"). */
const roundingText = (increment: CashRoundingIncrement) => `To the nearest ${decimalForField(increment, displayLocale())}`;

export function SettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop } = useShop();
  const update = useMutation(trpc.shop.update.mutationOptions());
  const defaults: SettingsFormInput = {
    name: shop.name,
    timezone: shop.timezone,
    currency: shop.currency,
    cashRounding: shop.cashRounding ?? "",
    payoutReviewAbove: shop.payoutReviewAbove ?? "",
    tenderLabels: shop.tenderLabels.join("\n"),
    scanPrefixes: shop.scanPrefixes,
    locale: shop.locale ?? "",
    tillRetentionDays: shop.tillRetentionDays,
  };
  const form = useForm<SettingsFormInput, unknown, SettingsFormOutput>({ resolver: zodResolver(settingsForm), defaultValues: defaults });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    // Save stays enabled with nothing changed (a disabled button drops the keyboard's focus after a save): it says so instead.
    if (!isDirty) {
      toast.info("Nothing to save: no setting has changed.");
      return;
    }
    // The fields as saved, as the form holds them (before the schema's transforms).
    const saved = form.getValues();
    try {
      await update.mutateAsync({
        ...values,
        cashRounding: values.cashRounding === "" ? null : values.cashRounding,
        payoutReviewAbove: values.payoutReviewAbove === "" ? null : values.payoutReviewAbove,
        locale: values.locale === "" ? null : values.locale,
      });
      // What was saved is the form's new starting point; what staff typed while the save was on
      // its way stays in the boxes, as a change still to save (never overwritten by the answer).
      const now = form.getValues();
      form.reset(saved, { keepValues: true });
      for (const name of Object.keys(now) as (keyof SettingsFormInput)[]) {
        if (JSON.stringify(now[name]) !== JSON.stringify(saved[name])) form.setValue(name, now[name], { shouldDirty: true });
      }
      // Every page formats money and dates with these settings.
      await queryClient.invalidateQueries();
      toast.success("Shop settings saved");
    } catch (error) {
      setApiErrors(error, form.setError);
    }
  });

  return (
    <>
      <PageHeader title="Shop settings" />
      <Form onSubmit={onSubmit} className="grid max-w-xl gap-6">
        <FormError message={errors.root?.server?.message} />
        <Card>
          <CardContent className="grid gap-4">
            <Field label="Shop name" htmlFor="name" error={errors.name?.message}>
              <Input id="name" aria-invalid={!!errors.name} {...form.register("name")} />
            </Field>
            <Field
              label="Time zone"
              htmlFor="timezone"
              error={errors.timezone?.message}
              hint="An IANA name such as Europe/Berlin. Reports count days and weeks in this zone."
            >
              <TimeZoneInput id="timezone" aria-invalid={!!errors.timezone} {...form.register("timezone")} />
            </Field>
            <Field
              label="Currency"
              htmlFor="currency"
              error={errors.currency?.message}
              hint="Three-letter ISO code, e.g. EUR or GBP. Changes how amounts are shown, not the amounts."
            >
              <Input id="currency" maxLength={3} aria-invalid={!!errors.currency} {...form.register("currency")} />
            </Field>
            <Field
              label="Language and formats"
              htmlFor="locale"
              error={errors.locale?.message}
              hint="How every screen and till writes numbers, dates and money, and which decimal separator the number fields take (2,5 or 2.5)."
            >
              <NativeSelect id="locale" aria-invalid={!!errors.locale} {...form.register("locale")}>
                <option value="">Each device’s own language</option>
                {commonShopLocales.map((locale) => (
                  <option key={locale.tag} value={locale.tag}>
                    {locale.name} — {formatMoneyIn("1234.5", shop.currency, locale.tag)}
                  </option>
                ))}
                {shop.locale && !commonShopLocales.some((locale) => locale.tag === shop.locale) ? <option value={shop.locale}>{shop.locale}</option> : null}
              </NativeSelect>
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Taking money</CardTitle>
            <CardDescription>How the tills settle cash and which other ways to pay they offer.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Field
              label="Cash rounding"
              htmlFor="cashRounding"
              error={errors.cashRounding?.message}
              hint="Where small coins are not used: the part paid in cash is rounded, half up. Card payments are never rounded. Applies to sales from now on."
            >
              <NativeSelect id="cashRounding" aria-invalid={!!errors.cashRounding} {...form.register("cashRounding")}>
                <option value="">No rounding</option>
                {cashRoundingIncrements.map((increment) => (
                  <option key={increment} value={increment}>
                    {roundingText(increment)}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field
              label="Pay-out review limit"
              htmlFor="payoutReviewAbove"
              error={errors.payoutReviewAbove?.message}
              hint={`A pay-out above this amount taken with no manager signed in at the till is kept and flagged for you to check, e.g. ${formatMoney("50.00", shop.currency)}. Leave empty to flag none.`}
            >
              <FormDecimalInput
                id="payoutReviewAbove"
                placeholder="No limit"
                aria-invalid={!!errors.payoutReviewAbove}
                control={form.control}
                name="payoutReviewAbove"
              />
            </Field>
            <Field
              label="Other ways to pay"
              htmlFor="tenderLabels"
              error={errors.tenderLabels?.message}
              hint="Besides cash and card, one per line, e.g. Voucher or Bank transfer. Tills offer them at the payment step."
            >
              <Textarea id="tenderLabels" rows={3} aria-invalid={!!errors.tenderLabels} {...form.register("tenderLabels")} />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Tills</CardTitle>
            <CardDescription>What each till keeps in its own storage.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Field
              label="Keep sent sales on the till for (days)"
              htmlFor="tillRetentionDays"
              error={errors.tillRetentionDays?.message}
              hint={`A till refunds and reprints receipts from the sales it keeps, so make this longer than your returns period. Older sales are refunded and reprinted from the sale's page here. Unsent and rejected sales always stay on the till. ${TILL_RETENTION_DAYS.min} to ${TILL_RETENTION_DAYS.max} days; usually ${TILL_RETENTION_DAYS.default}.`}
            >
              <Input
                id="tillRetentionDays"
                inputMode="numeric"
                className="w-32"
                aria-invalid={!!errors.tillRetentionDays}
                {...form.register("tillRetentionDays", { setValueAs: (value: unknown) => (value === "" ? undefined : Number(value)) })}
              />
            </Field>
          </CardContent>
        </Card>
        <ScaleLabels form={form} />
        <Button type="submit" className="w-fit" busy={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save"}
        </Button>
      </Form>
    </>
  );
}
