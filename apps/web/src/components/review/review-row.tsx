"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { reviewMarkInput, type ReviewDTO, type ReviewItemDTO, type ReviewLink } from "@tillsync/validators";
import { Check } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { useShop } from "~/components/app/shop-context";
import { cashierLabel, deliveredByLabel } from "~/components/sales/attribution";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Textarea } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { formatInstant, formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { itemTitle, reasonOf } from "./review-words";

const hrefOf = (link: ReviewLink) => (link.page === "sale" ? `/sales/${link.saleId}` : `/cash-up?till=${link.tillId}&date=${link.date}`);

/** "Reviewed by Mia · 1 Dec 2026, 10:04 · “Customer had the receipt”" */
export function reviewedLine(review: ReviewDTO, timeZone: string) {
  const by = deliveredByLabel(review.by) || "a manager";
  return `Reviewed by ${by} · ${formatInstant(review.at, timeZone)}${review.note ? ` · “${review.note}”` : ""}`;
}

/** One flagged item on the Needs review page (DESIGN.md §7, §8): what, when, who, how much, why, and where to look. */
export function ReviewRow({ item }: { item: ReviewItemDTO }) {
  const { shop } = useShop();
  const [marking, setMarking] = useState(false);
  const title = itemTitle(item);
  const who = [
    cashierLabel(item.cashier),
    item.sentBy && deliveredByLabel(item.sentBy) !== cashierLabel(item.cashier) ? `sent by ${deliveredByLabel(item.sentBy)}` : "",
  ]
    .filter(Boolean)
    .join(", ");

  return (
    <li aria-label={title} className="flex flex-wrap items-center justify-between gap-3 rounded-xl border bg-card p-4">
      <div className="grid min-w-0 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          {item.link?.page === "sale" ? (
            <Link href={hrefOf(item.link)} className="font-medium hover:underline">
              {title}
            </Link>
          ) : (
            <span className="font-medium">{title}</span>
          )}
          {item.amount !== null ? <span className="font-medium tabular-nums">{formatMoney(item.amount, shop.currency)}</span> : null}
          {item.reasons.map((reason) => (
            <Badge key={reason} variant="warning" title={reasonOf(reason, item).explain}>
              {reasonOf(reason, item).label}
            </Badge>
          ))}
          {item.review ? <Badge variant="secondary">Reviewed</Badge> : null}
        </div>
        <p className="text-sm text-muted-foreground">
          {formatInstant(item.at, shop.timezone)}
          {who ? ` · ${who}` : null}
          {item.till ? ` · ${item.till.name}` : null}
          {item.link?.page === "cashUp" ? (
            <>
              {" · "}
              <Link href={hrefOf(item.link)} className="text-primary underline underline-offset-4">
                cash-up
              </Link>
            </>
          ) : null}
        </p>
        {item.detail ? <p className="text-sm">Reason given: {item.detail}</p> : null}
        {item.rejection ? <p className="text-sm text-muted-foreground">Turned down by the server: {item.rejection.message}</p> : null}
        {item.subject === "discardedSale" ? <p className="text-xs break-all text-muted-foreground">Sale id on the till: {item.externalId}</p> : null}
        {item.review ? <p className="text-sm text-muted-foreground">{reviewedLine(item.review, shop.timezone)}</p> : null}
      </div>
      {item.review ? null : (
        <>
          <Button variant="outline" onClick={() => setMarking(true)}>
            <Check /> Mark reviewed
          </Button>
          <MarkReviewedDialog key={String(marking)} item={item} title={title} open={marking} onOpenChange={setMarking} />
        </>
      )}
    </li>
  );
}

function MarkReviewedDialog({ item, title, open, onOpenChange }: { item: ReviewItemDTO; title: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop } = useShop();
  const mark = useMutation(trpc.review.markReviewed.mutationOptions());
  const form = useForm({
    resolver: zodResolver(reviewMarkInput),
    defaultValues: { subject: item.subject, subjectId: item.subjectId, note: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { item: reviewed, replayed } = await mark.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.review.pathKey() });
      // Another manager got there first: theirs is the review that stands.
      if (replayed && reviewed.review) toast.info(`${title} was already reviewed. ${reviewedLine(reviewed.review, shop.timezone)}`);
      else toast.success(`${title} marked reviewed`);
      onOpenChange(false);
    } catch (error) {
      setApiErrors(error, form.setError);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <Form onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Mark {title} reviewed</DialogTitle>
            <DialogDescription>
              Says you have looked at it; it leaves the Needs review list. The record itself stays as it was, and your name and the time are kept with it.
            </DialogDescription>
          </DialogHeader>
          <FormError message={errors.root?.server?.message} />
          <Field label="Note (optional)" htmlFor="review-note" error={errors.note?.message}>
            <Textarea id="review-note" autoFocus placeholder="Checked the drawer count with Carl" aria-invalid={!!errors.note} {...form.register("note")} />
          </Field>
          <FormDialogFooter label="Mark reviewed" pendingLabel="Saving…" submitting={isSubmitting} onCancel={() => onOpenChange(false)} />
        </Form>
      </DialogContent>
    </Dialog>
  );
}
