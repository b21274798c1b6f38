"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { restockInput, stockCountInput, type ProductDTO } from "@tillsync/validators";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";

import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { FormDecimalInput } from "~/components/ui/form-decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Textarea } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { formatQuantity } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

// The API takes an optional note; the admin app asks for the reason every time so the
// stock history explains itself.
const reason = z.string().trim().min(1, "Say why (e.g. delivery from the wholesaler)").max(500);
const restockForm = restockInput.extend({ note: reason });
const countForm = stockCountInput.extend({ note: reason });

interface StockDialogProps {
  product: ProductDTO;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

function useStockDone(onOpenChange: (open: boolean) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (message: string) => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: trpc.product.pathKey() }), queryClient.invalidateQueries({ queryKey: trpc.alert.pathKey() })]);
    toast.success(message);
    onOpenChange(false);
  };
}

export function RestockDialog({ product, open, onOpenChange }: StockDialogProps) {
  const trpc = useTRPC();
  const done = useStockDone(onOpenChange);
  const restock = useMutation(trpc.product.restock.mutationOptions());
  const form = useForm({ resolver: zodResolver(restockForm), defaultValues: { productId: product.id, quantity: "", note: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await restock.mutateAsync(values);
      form.reset();
      await done(`Added ${formatQuantity(String(values.quantity))} to ${product.name}`);
    } catch (error) {
      setApiErrors(error, form.setError, { PRODUCT_KIND_MISMATCH: "quantity", AMOUNT_OUT_OF_RANGE: "quantity" });
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <Form onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Restock {product.name}</DialogTitle>
            <DialogDescription>Adds to the stock on hand ({formatQuantity(product.stock ?? "0")} now).</DialogDescription>
          </DialogHeader>
          <FormError message={errors.root?.server?.message} />
          <Field label="Quantity received" htmlFor="quantity" error={errors.quantity?.message}>
            <FormDecimalInput id="quantity" autoFocus aria-invalid={!!errors.quantity} control={form.control} name="quantity" />
          </Field>
          <Field label="Reason" htmlFor="note" error={errors.note?.message}>
            <Textarea id="note" placeholder="Delivery, invoice 1234" aria-invalid={!!errors.note} {...form.register("note")} />
          </Field>
          <FormDialogFooter label="Restock" pendingLabel="Saving…" submitting={isSubmitting} onCancel={() => onOpenChange(false)} />
        </Form>
      </DialogContent>
    </Dialog>
  );
}

export function CountDialog({ product, open, onOpenChange }: StockDialogProps) {
  const trpc = useTRPC();
  const done = useStockDone(onOpenChange);
  const count = useMutation(trpc.product.count.mutationOptions());
  const form = useForm({ resolver: zodResolver(countForm), defaultValues: { productId: product.id, countedStock: "", note: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await count.mutateAsync(values);
      form.reset();
      await done(`Stock of ${product.name} set to ${formatQuantity(String(values.countedStock))}`);
    } catch (error) {
      setApiErrors(error, form.setError, { PRODUCT_KIND_MISMATCH: "countedStock", AMOUNT_OUT_OF_RANGE: "countedStock" });
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <Form onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Count {product.name}</DialogTitle>
            <DialogDescription>
              Enter what is on the shelf. The system expects {formatQuantity(product.stock ?? "0")}; the difference is recorded in the stock history.
            </DialogDescription>
          </DialogHeader>
          <FormError message={errors.root?.server?.message} />
          <Field label="Counted stock" htmlFor="countedStock" error={errors.countedStock?.message}>
            <FormDecimalInput id="countedStock" autoFocus aria-invalid={!!errors.countedStock} control={form.control} name="countedStock" />
          </Field>
          <Field label="Reason" htmlFor="note" error={errors.note?.message}>
            <Textarea id="note" placeholder="Monthly stock take" aria-invalid={!!errors.note} {...form.register("note")} />
          </Field>
          <FormDialogFooter label="Record count" pendingLabel="Saving…" submitting={isSubmitting} onCancel={() => onOpenChange(false)} />
        </Form>
      </DialogContent>
    </Dialog>
  );
}
