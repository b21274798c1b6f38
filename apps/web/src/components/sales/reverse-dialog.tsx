"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { saleReverseInput, type SaleDTO } from "@tillsync/validators";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { v4 as uuidv4 } from "uuid";

import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Textarea } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function ReverseSaleDialog({
  sale,
  currency,
  open,
  onOpenChange,
}: {
  sale: SaleDTO;
  currency: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reverse = useMutation(trpc.sale.reverse.mutationOptions());
  // One key per dialog: pressing the button again after a dropped connection replays the
  // same reversal instead of attempting a second one. (uuid, not crypto.randomUUID: a
  // tablet on the shop's LAN reaches the app over plain http, where that is missing.)
  const form = useForm({
    resolver: zodResolver(saleReverseInput),
    defaultValues: { saleId: sale.id, externalId: uuidv4(), reason: "" },
  });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await reverse.mutateAsync(values);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.sale.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.product.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.alert.pathKey() }),
      ]);
      toast.success(`Sale #${sale.id} reversed`);
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
            <DialogTitle>Reverse sale #{sale.id}</DialogTitle>
            <DialogDescription>
              Records a refund of {formatMoney(sale.total, currency)} linked to this sale and puts tracked products back into stock. The original sale stays in
              the records; a sale can be reversed once.
            </DialogDescription>
          </DialogHeader>
          <FormError message={errors.root?.server?.message} />
          <Field label="Reason" htmlFor="reason" error={errors.reason?.message ?? errors.saleId?.message}>
            <Textarea id="reason" autoFocus placeholder="Customer returned the goods" aria-invalid={!!errors.reason} {...form.register("reason")} />
          </Field>
          <FormDialogFooter label="Reverse sale" pendingLabel="Reversing…" submitting={isSubmitting} onCancel={() => onOpenChange(false)} destructive />
        </Form>
      </DialogContent>
    </Dialog>
  );
}
