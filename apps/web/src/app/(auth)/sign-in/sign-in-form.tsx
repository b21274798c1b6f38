"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { email, password, safeNext } from "@tillsync/validators";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "~/components/ui/card";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";
import { authClient } from "~/lib/auth-client";

const signInInput = z.object({ email, password: z.string().min(1, "Enter your password").pipe(password) });

export function SignInForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({ resolver: zodResolver(signInInput), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    const { error } = await authClient.signIn.email(values);
    if (error) {
      form.setError("root.server", {
        message: error.status === 429 ? "Too many attempts. Wait a minute and try again." : (error.message ?? "Could not sign in."),
      });
      return;
    }
    queryClient.clear();
    // Read when signed in rather than with useSearchParams, which would keep the form out of
    // the server-rendered page: it is there before the page's JavaScript runs.
    router.replace(safeNext(new URLSearchParams(window.location.search).get("next")));
  });

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-none font-semibold">Sign in</h1>
        <CardDescription>Staff of your shop sign in with their email and password.</CardDescription>
      </CardHeader>
      <CardContent>
        <Form onSubmit={onSubmit} className="grid gap-4">
          <FormError message={errors.root?.server?.message} />
          <Field label="Email" htmlFor="email" error={errors.email?.message}>
            <Input id="email" type="email" autoComplete="email" aria-invalid={!!errors.email} {...form.register("email")} />
          </Field>
          <Field label="Password" htmlFor="password" error={errors.password?.message}>
            <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!errors.password} {...form.register("password")} />
          </Field>
          <Button type="submit" size="lg" busy={isSubmitting}>
            {isSubmitting ? "Signing in…" : "Sign in"}
          </Button>
          <p className="text-center text-sm text-muted-foreground">
            New to Tillsync?{" "}
            <Link href="/sign-up" className="text-primary underline underline-offset-4">
              Open your shop
            </Link>
          </p>
        </Form>
      </CardContent>
    </Card>
  );
}
