"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { shopUpdateInput } from "@tillsync/validators";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { PageHeader } from "~/components/app/page-header";
import { useShop } from "~/components/app/shop-context";
import { Button } from "~/components/ui/button";
import { Card, CardContent } from "~/components/ui/card";
import { Field, FormError } from "~/components/ui/field";
import { Input } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";

export function SettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop } = useShop();
  const update = useMutation(trpc.shop.update.mutationOptions());
  const form = useForm({
    resolver: zodResolver(shopUpdateInput),
    defaultValues: { name: shop.name, timezone: shop.timezone, currency: shop.currency },
  });
  const { errors, isSubmitting, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(values);
      // Every page formats money and dates with these settings.
      await queryClient.invalidateQueries();
      form.reset(values);
      toast.success("Shop settings saved");
    } catch (error) {
      setApiErrors(error, form.setError);
    }
  });

  return (
    <>
      <PageHeader title="Shop settings" />
      <Card className="max-w-xl">
        <CardContent>
          <form onSubmit={onSubmit} className="grid gap-4" noValidate>
            <FormError message={errors.root?.server?.message} />
            <Field label="Shop name" htmlFor="name" error={errors.name?.message}>
              <Input id="name" aria-invalid={!!errors.name} {...form.register("name")} />
            </Field>
            <Field
              label="Time zone"
              htmlFor="timezone"
              error={errors.timezone?.message}
              hint="An IANA name such as Europe/Berlin. Reports count days and weeks in this zone."
            >
              <Input id="timezone" aria-invalid={!!errors.timezone} {...form.register("timezone")} />
            </Field>
            <Field
              label="Currency"
              htmlFor="currency"
              error={errors.currency?.message}
              hint="Three-letter ISO code, e.g. EUR or GBP. Changes how amounts are shown, not the amounts."
            >
              <Input id="currency" maxLength={3} aria-invalid={!!errors.currency} {...form.register("currency")} />
            </Field>
            <Button type="submit" className="w-fit" disabled={isSubmitting || !isDirty}>
              {isSubmitting ? "Saving…" : "Save"}
            </Button>
          </form>
        </CardContent>
      </Card>
    </>
  );
}
