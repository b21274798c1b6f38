"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { signUpInput } from "@tillsync/validators";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useForm } from "react-hook-form";

import { TimeZoneInput } from "~/components/app/time-zone-input";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "~/components/ui/card";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";
import { authClient } from "~/lib/auth-client";

export function SignUpForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(signUpInput),
    defaultValues: { shopName: "", name: "", email: "", password: "", timezone: "UTC", currency: "EUR" },
  });
  const { errors, isSubmitting } = form.formState;

  // The browser's zone is the best first guess for where the shop is.
  useEffect(() => {
    form.setValue("timezone", Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, [form]);

  const onSubmit = form.handleSubmit(async (values) => {
    // A Tillsync endpoint on Better Auth (packages/auth): creates the shop and its owner, then signs in.
    const { error } = await authClient.$fetch("/sign-up/shop", { method: "POST", body: values });
    if (error) {
      if ((error as { code?: string }).code === "EMAIL_TAKEN") form.setError("email", { message: error.message ?? "This email is already used." });
      else form.setError("root.server", { message: error.message ?? "Could not open the shop." });
      return;
    }
    queryClient.clear();
    router.replace("/");
  });

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-none font-semibold">Open your shop</h1>
        <CardDescription>You become the shop’s owner and can invite your staff afterwards.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form onSubmit={onSubmit} className="grid gap-4">
          <FormError message={errors.root?.server?.message} />
          <Field label="Shop name" htmlFor="shopName" error={errors.shopName?.message}>
            <Input id="shopName" aria-invalid={!!errors.shopName} {...form.register("shopName")} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Time zone" htmlFor="timezone" error={errors.timezone?.message} hint="Reports count days in this zone.">
              <TimeZoneInput id="timezone" aria-invalid={!!errors.timezone} {...form.register("timezone")} />
            </Field>
            <Field label="Currency" htmlFor="currency" error={errors.currency?.message} hint="ISO code, e.g. EUR.">
              <Input
                id="currency"
                maxLength={3}
                aria-invalid={!!errors.currency}
                {...form.register("currency", { setValueAs: (v: string) => v.toUpperCase() })}
              />
            </Field>
          </div>
          <Field label="Your name" htmlFor="name" error={errors.name?.message}>
            <Input id="name" autoComplete="name" aria-invalid={!!errors.name} {...form.register("name")} />
          </Field>
          <Field label="Email" htmlFor="email" error={errors.email?.message}>
            <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...form.register("email")} />
          </Field>
          <Field label="Password" htmlFor="password" error={errors.password?.message} hint="At least 8 characters.">
            <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...form.register("password")} />
          </Field>
          <Button type="submit" size="lg" busy={isSubmitting}>
            {isSubmitting ? "Opening…" : "Open shop"}
          </Button>
          <p className="text-center text-sm text-muted-foreground">
            Already have an account?{" "}
            <Link href="/sign-in" className="text-primary underline underline-offset-4">
              Sign in
            </Link>
          </p>
        </Form>
      </CardContent>
    </Card>
  );
}
