"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { canAdminister, type Role } from "@tillsync/validators";
import { CircleCheck, Circle } from "lucide-react";
import Link from "next/link";

import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

/** The steps in the order a new shop takes them, each ticked by shop.setup from the shop's own data. */
const steps = [
  { key: "products", title: "Add your products", detail: "Name, price and stock of what you sell.", href: "/products", action: "Add products" },
  { key: "till", title: "Open the till", detail: "Pick a till on the device you sell from and ring up a sale.", href: "/pos", action: "Open the till" },
  { key: "staff", title: "Invite your staff", detail: "Each cashier and manager signs in with their own account.", href: "/staff", action: "Invite staff" },
] as const;

/**
 * The dashboard's first-run checklist (issue 21): add products → open the till → invite staff,
 * each ticked from real data (shop.setup). Hidden once every step is done, or for the whole shop
 * once a manager puts it away (shop.dismissSetup). Inviting staff is the owner's: a manager is
 * told so instead of being sent to a page they cannot open.
 */
export function SetupChecklist({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setup = useQuery(trpc.shop.setup.queryOptions());
  const dismiss = useMutation(trpc.shop.dismissSetup.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(trpc.shop.setup.queryKey(), next) }));
  if (!setup.data || setup.data.dismissed) return null;
  const done = steps.filter((step) => setup.data[step.key]).length;
  if (done === steps.length) return null;
  const next = steps.find((step) => !setup.data[step.key]);

  return (
    <Card className="mb-6" aria-labelledby="setup-title">
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle id="setup-title" role="heading" aria-level={2}>
            Get your shop ready
          </CardTitle>
          <CardDescription>
            {done} of {steps.length} done
          </CardDescription>
        </div>
        <Button variant="ghost" size="sm" onClick={() => dismiss.mutate()} disabled={dismiss.isPending}>
          Hide this list
        </Button>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3">
          {steps.map((step) => {
            const ticked = setup.data[step.key];
            const ownersOnly = step.key === "staff" && !canAdminister(role);
            return (
              <li key={step.key} className="flex flex-wrap items-center gap-3" data-step={step.key} data-done={ticked}>
                {ticked ? (
                  <CircleCheck className="size-5 shrink-0 text-primary" aria-hidden />
                ) : (
                  <Circle className="size-5 shrink-0 text-muted-foreground" aria-hidden />
                )}
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <p className={cn("font-medium", ticked && "text-muted-foreground line-through")}>
                    {step.title}
                    <span className="sr-only">{ticked ? " (done)" : " (to do)"}</span>
                  </p>
                  <p className="text-sm text-muted-foreground">{ownersOnly ? "The shop’s owner invites staff on the Staff page." : step.detail}</p>
                </div>
                {!ticked && !ownersOnly ? (
                  <Button asChild size="sm" variant={step === next ? "default" : "outline"}>
                    <Link href={step.href}>{step.action}</Link>
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
