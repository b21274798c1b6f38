"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { acceptInviteInput } from "@tillsync/validators";
import { useRouter, useSearchParams } from "next/navigation";
import { useForm } from "react-hook-form";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "~/components/ui/card";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";
import { authClient } from "~/lib/auth-client";

export function AcceptInviteForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const token = useSearchParams().get("token") ?? "";
  const form = useForm({ resolver: zodResolver(acceptInviteInput), defaultValues: { token, name: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    // A Tillsync endpoint on Better Auth (packages/auth): creates the account, uses the invitation up and signs in.
    const { error } = await authClient.$fetch("/invite/accept", { method: "POST", body: values });
    if (error) {
      const code = (error as { code?: string }).code;
      if (code === "INVITE_PASSWORD_WRONG") form.setError("password", { message: "You already have a Tillsync account: enter its password." });
      else
        form.setError("root.server", {
          message:
            code === "INVITE_INVALID"
              ? "This invitation has expired or was already used. Ask the owner for a new one."
              : code === "ALREADY_IN_A_SHOP"
                ? "Your account already works for another shop. Ask its owner to remove you first, or ask for an invitation to another email."
                : (error.message ?? "Could not join the shop."),
        });
      return;
    }
    queryClient.clear();
    router.replace("/");
  });

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl leading-none font-semibold">Join your shop</h1>
        <CardDescription>
          Choose the name your colleagues see and a password. Worked with Tillsync before? Enter your name and your existing password.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {token === "" ? (
          <FormError message="This link has no invitation in it. Open the full link you were sent." />
        ) : (
          <Form onSubmit={onSubmit} className="grid gap-4">
            <FormError message={errors.root?.server?.message ?? errors.token?.message} />
            <Field label="Your name" htmlFor="name" error={errors.name?.message}>
              <Input id="name" autoComplete="name" aria-invalid={!!errors.name} {...form.register("name")} />
            </Field>
            <Field label="Password" htmlFor="password" error={errors.password?.message} hint="At least 8 characters.">
              <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...form.register("password")} />
            </Field>
            <Button type="submit" size="lg" busy={isSubmitting}>
              {isSubmitting ? "Joining…" : "Join"}
            </Button>
          </Form>
        )}
      </CardContent>
    </Card>
  );
}
