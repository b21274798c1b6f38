"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { productCreateInput, productUpdateInput, type ProductDTO } from "@tillsync/validators";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { toast } from "sonner";

import { FormDialogFooter } from "~/components/app/form-dialog-footer";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { FormDecimalInput } from "~/components/ui/form-decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";
import { setApiErrors } from "~/lib/api-error";
import { useTRPC } from "~/trpc/react";

/**
 * Empty inputs mean "not given" to the API, not "". React Hook Form also passes a field's
 * default through these when it registers it: the edit form's null SKU or reorder level of a
 * product without one (it crashed the Edit dialog of such a product).
 */
const optional = (value: string | null) => (value === null || value.trim() === "" ? undefined : value);
const nullable = (value: string | null) => (value === null || value.trim() === "" ? null : value);

const volatileHelp =
  "Tracked products have a stock level: each sale deducts it, restocks and counts add to it, and you get an alert when it falls below the reorder level. Volatile products (sold by weight, priced at the till, e.g. fresh produce) have no stock: the price is a suggestion that the last sale updates.";

export function ProductFormDialog({ open, onOpenChange, product }: { open: boolean; onOpenChange: (open: boolean) => void; product?: ProductDTO }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        {product ? <EditProductForm product={product} onDone={() => onOpenChange(false)} /> : <CreateProductForm onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function CreateProductForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(productCreateInput),
    defaultValues: { name: "", isVolatile: false },
    // Stock fields hidden by ticking "volatile" must not be sent: the API rejects stock on volatile products.
    shouldUnregister: true,
  });
  const { errors, isSubmitting } = form.formState;
  const isVolatile = form.watch("isVolatile");
  const create = useMutation(trpc.product.create.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const product = await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.product.pathKey() });
      toast.success(`${product.name} created`);
      onDone();
      router.push(`/products/${product.id}`);
    } catch (error) {
      setApiErrors(error, form.setError, { SKU_TAKEN: "sku" });
    }
  });

  return (
    <Form onSubmit={onSubmit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>New product</DialogTitle>
        <DialogDescription>Products appear on every till at the next sync.</DialogDescription>
      </DialogHeader>
      <FormError message={errors.root?.server?.message} />
      <Field label="Name" htmlFor="name" error={errors.name?.message}>
        <Input id="name" autoFocus aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="SKU / barcode" htmlFor="sku" error={errors.sku?.message} hint="Optional.">
          <Input id="sku" aria-invalid={!!errors.sku} {...form.register("sku", { setValueAs: optional })} />
        </Field>
        <Field label={isVolatile ? "Suggested price" : "Price"} htmlFor="unitPrice" error={errors.unitPrice?.message}>
          <FormDecimalInput id="unitPrice" placeholder="0.00" aria-invalid={!!errors.unitPrice} control={form.control} name="unitPrice" empty={undefined} />
        </Field>
      </div>
      <CheckboxField id="isVolatile" label="Volatile product (no stock kept)" description={volatileHelp} {...form.register("isVolatile")} />
      {errors.isVolatile ? <p className="text-sm text-destructive">{errors.isVolatile.message}</p> : null}
      {isVolatile ? null : (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Stock on hand" htmlFor="initialStock" error={errors.initialStock?.message} hint="Counted now; recorded in the stock history.">
            <FormDecimalInput
              id="initialStock"
              placeholder="0"
              aria-invalid={!!errors.initialStock}
              control={form.control}
              name="initialStock"
              empty={undefined}
            />
          </Field>
          <Field label="Reorder level" htmlFor="reorderLevel" error={errors.reorderLevel?.message} hint="Alert when stock falls below this.">
            <FormDecimalInput
              id="reorderLevel"
              placeholder="None"
              aria-invalid={!!errors.reorderLevel}
              control={form.control}
              name="reorderLevel"
              empty={undefined}
            />
          </Field>
        </div>
      )}
      <FormDialogFooter label="Create product" pendingLabel="Creating…" submitting={isSubmitting} onCancel={onDone} />
    </Form>
  );
}

function EditProductForm({ product, onDone }: { product: ProductDTO; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    resolver: zodResolver(productUpdateInput),
    defaultValues: {
      id: product.id,
      name: product.name,
      sku: product.sku,
      unitPrice: product.unitPrice,
      reorderLevel: product.isVolatile ? undefined : product.reorderLevel,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const update = useMutation(trpc.product.update.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.product.pathKey() });
      toast.success("Product saved");
      onDone();
    } catch (error) {
      setApiErrors(error, form.setError, { SKU_TAKEN: "sku" });
    }
  });

  return (
    <Form onSubmit={onSubmit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Edit {product.name}</DialogTitle>
        <DialogDescription>
          {product.isVolatile
            ? "A volatile product: no stock is kept, and the price is the till’s suggestion."
            : "A tracked product. Change its stock with a restock or a stock count, so the history stays complete."}
        </DialogDescription>
      </DialogHeader>
      <FormError message={errors.root?.server?.message} />
      <Field label="Name" htmlFor="name" error={errors.name?.message}>
        <Input id="name" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="SKU / barcode" htmlFor="sku" error={errors.sku?.message}>
          <Input id="sku" aria-invalid={!!errors.sku} {...form.register("sku", { setValueAs: nullable })} />
        </Field>
        <Field label={product.isVolatile ? "Suggested price" : "Price"} htmlFor="unitPrice" error={errors.unitPrice?.message}>
          <FormDecimalInput id="unitPrice" aria-invalid={!!errors.unitPrice} control={form.control} name="unitPrice" />
        </Field>
      </div>
      {product.isVolatile ? null : (
        <Field label="Reorder level" htmlFor="reorderLevel" error={errors.reorderLevel?.message} hint="Leave empty for no low-stock alerts.">
          <FormDecimalInput id="reorderLevel" aria-invalid={!!errors.reorderLevel} control={form.control} name="reorderLevel" empty={null} />
        </Field>
      )}
      <FormDialogFooter label="Save" pendingLabel="Saving…" submitting={isSubmitting} onCancel={onDone} />
    </Form>
  );
}
