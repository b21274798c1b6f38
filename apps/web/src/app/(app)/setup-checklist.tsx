"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { canAdminister, type Role } from "@tillsync/validators";
import { CircleCheck, Circle } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";

import { useShop } from "~/components/app/shop-context";
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

/** This browser's memory of the shops whose checklist was last seen put away or complete: no space is kept for it there. */
const HIDDEN_KEY = "tillsync:setup-checklist-hidden";

function rememberedHidden(shopId: number): boolean {
  if (typeof window === "undefined") return false;
  try {
    return (window.localStorage.getItem(HIDDEN_KEY) ?? "").split(",").includes(String(shopId));
  } catch {
    return false;
  }
}

function rememberHidden(shopId: number, hidden: boolean) {
  try {
    const others = (window.localStorage.getItem(HIDDEN_KEY) ?? "").split(",").filter((id) => id !== "" && id !== String(shopId));
    window.localStorage.setItem(HIDDEN_KEY, (hidden ? [...others, String(shopId)] : others).join(","));
  } catch {
    // Storage refused (private mode, quota): the space is kept while loading, as on a first visit.
  }
}

type SetupState = Record<(typeof steps)[number]["key"], boolean>;

/**
 * The dashboard's first-run checklist (issue 21): add products → open the till → invite staff,
 * each ticked from real data (shop.setup). Hidden once every step is done, or for the whole shop
 * once a manager puts it away (shop.dismissSetup). Inviting staff is the owner's: a manager is
 * told so instead of being sent to a page they cannot open.
 *
 * Nothing on the dashboard moves when its answer arrives (Lighthouse counted CLS 0.144 on a
 * desktop, 0.298 on a loaded machine, when it pushed the figures down): while shop.setup
 * loads, the card's place is kept by the card itself, unticked and invisible, so the list
 * appears in exactly that space; a browser that last saw the list put away or complete for
 * this shop keeps no space (the list rarely comes back).
 */
export function SetupChecklist({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop } = useShop();
  const setup = useQuery(trpc.shop.setup.queryOptions());
  const dismiss = useMutation(trpc.shop.dismissSetup.mutationOptions({ onSuccess: (next) => queryClient.setQueryData(trpc.shop.setup.queryKey(), next) }));
  const [hiddenBefore] = useState(() => rememberedHidden(shop.id));
  const hidden = setup.data ? setup.data.dismissed || steps.every((step) => setup.data[step.key]) : null;
  useEffect(() => {
    if (hidden !== null) rememberHidden(shop.id, hidden);
  }, [hidden, shop.id]);

  if (!setup.data) return hiddenBefore || setup.isError ? null : <ChecklistCard role={role} state={null} />;
  if (hidden) return null;
  return <ChecklistCard role={role} state={setup.data} onDismiss={() => dismiss.mutate()} dismissing={dismiss.isPending} />;
}

/** The checklist's card; `state` null: the placeholder that keeps its place while loading (invisible, inert, hidden from assistive technology). */
function ChecklistCard({ role, state, onDismiss, dismissing }: { role: Role; state: SetupState | null; onDismiss?: () => void; dismissing?: boolean }) {
  const placeholder = state === null;
  const done = state ? steps.filter((step) => state[step.key]).length : 0;
  const next = steps.find((step) => !state?.[step.key]);

  return (
    <Card
      className={cn("mb-6", placeholder && "invisible")}
      aria-labelledby={placeholder ? undefined : "setup-title"}
      aria-hidden={placeholder || undefined}
      inert={placeholder}
      data-placeholder={placeholder || undefined}
    >
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle id={placeholder ? undefined : "setup-title"} role="heading" aria-level={2}>
            Get your shop ready
          </CardTitle>
          <CardDescription>
            {done} of {steps.length} done
          </CardDescription>
        </div>
        <Button variant="ghost" size="sm" onClick={onDismiss} disabled={dismissing}>
          Hide this list
        </Button>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-3">
          {steps.map((step) => {
            const ticked = state?.[step.key] ?? false;
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
                    <Link href={step.href} prefetch={placeholder ? false : undefined} tabIndex={placeholder ? -1 : undefined}>
                      {step.action}
                    </Link>
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
