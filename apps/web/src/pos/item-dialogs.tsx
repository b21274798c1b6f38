"use client";

import { useState } from "react";

import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";

import { priceError, quantityError } from "./cart";
import type { PosProduct } from "./local-store";

const big = "h-12 text-lg md:text-lg";

/** Price and quantity entry shared by both dialogs; errors come from the API's own validators. */
function usePriceQuantity(initialPrice: string, initialQuantity = "1") {
  const [price, setPrice] = useState(initialPrice);
  const [quantity, setQuantity] = useState(initialQuantity);
  const [touched, setTouched] = useState(false);
  const errors = { price: priceError(price), quantity: quantityError(quantity) };
  const fields = (
    <div className="grid grid-cols-2 gap-3">
      <Field label="Price" htmlFor="pos-price" error={touched ? (errors.price ?? undefined) : undefined}>
        <DecimalInput id="pos-price" autoComplete="off" className={big} value={price} onValueChange={setPrice} />
      </Field>
      <Field label="Quantity" htmlFor="pos-quantity" error={touched ? (errors.quantity ?? undefined) : undefined}>
        <DecimalInput id="pos-quantity" autoComplete="off" className={big} value={quantity} onValueChange={setQuantity} />
      </Field>
    </div>
  );
  /** Shows the errors from now on; true when both values can be sent. */
  const check = () => {
    setTouched(true);
    return !errors.price && !errors.quantity;
  };
  return { price, quantity, fields, check };
}

function SubmitFooter({ label }: { label: string }) {
  return (
    <DialogFooter>
      <Button type="submit" size="lg" className="h-12 text-base">
        {label}
      </Button>
    </DialogFooter>
  );
}

/**
 * A volatile product: the cashier enters today's price, pre-filled with the last one used;
 * `quantity` pre-fills the quantity (a scale label's weight), else 1.
 */
export function PriceDialog({
  product,
  quantity,
  onClose,
  onAdd,
}: {
  product: PosProduct | null;
  quantity?: string;
  onClose: () => void;
  onAdd: (product: PosProduct, price: string, quantity: string) => void;
}) {
  return (
    <Dialog open={product !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent>{product ? <PriceForm key={product.key} product={product} quantity={quantity} onAdd={onAdd} /> : null}</DialogContent>
    </Dialog>
  );
}

function PriceForm({
  product,
  quantity,
  onAdd,
}: {
  product: PosProduct;
  quantity?: string;
  onAdd: (product: PosProduct, price: string, quantity: string) => void;
}) {
  const entry = usePriceQuantity(product.unitPrice, quantity);
  return (
    <Form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (entry.check()) onAdd(product, entry.price, entry.quantity);
      }}
    >
      <DialogHeader>
        <DialogTitle>{product.name}</DialogTitle>
        <DialogDescription>Its price changes: enter today’s. Pre-filled with the last price used.</DialogDescription>
      </DialogHeader>
      {entry.fields}
      <SubmitFooter label="Add to sale" />
    </Form>
  );
}

export interface NewProduct {
  name: string;
  sku: string | null;
  isVolatile: boolean;
  unitPrice: string;
}

/** What a scanned code that no product has pre-fills in the new-product dialog (DESIGN.md §9). */
export interface NewProductDraft {
  sku: string;
  price?: string;
  quantity?: string;
  isVolatile?: boolean;
}

/**
 * A product the catalogue lacks, made at the till; the server creates it with the sale.
 * `draft`: opened for a scanned code no product has, pre-filled with it.
 */
export function NewProductDialog({
  open,
  draft,
  onOpenChange,
  onCreate,
}: {
  open: boolean;
  draft?: NewProductDraft | null;
  onOpenChange: (open: boolean) => void;
  onCreate: (product: NewProduct, quantity: string) => Promise<void>;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>{open ? <NewProductForm draft={draft ?? null} onCreate={onCreate} /> : null}</DialogContent>
    </Dialog>
  );
}

function NewProductForm({ draft, onCreate }: { draft: NewProductDraft | null; onCreate: (product: NewProduct, quantity: string) => Promise<void> }) {
  const [name, setName] = useState("");
  const [sku, setSku] = useState(draft?.sku ?? "");
  const [isVolatile, setVolatile] = useState(draft?.isVolatile ?? false);
  const entry = usePriceQuantity(draft?.price ?? "", draft?.quantity);
  const [touched, setTouched] = useState(false);
  const nameError = name.trim() === "" ? "Name is required" : undefined;
  return (
    <Form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (!entry.check() || nameError) return;
        void onCreate({ name: name.trim(), sku: sku.trim() || null, isVolatile, unitPrice: entry.price }, entry.quantity);
      }}
    >
      <DialogHeader>
        <DialogTitle>New product</DialogTitle>
        <DialogDescription>
          {draft ? `No product has the code ${draft.sku} yet. ` : ""}Sell something the catalogue lacks. It is added to the shop’s products when this sale
          syncs.
        </DialogDescription>
      </DialogHeader>
      <Field label="Name" htmlFor="pos-new-name" error={touched ? nameError : undefined}>
        <Input id="pos-new-name" autoComplete="off" className={big} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="SKU or barcode (optional)" htmlFor="pos-new-sku">
        <Input id="pos-new-sku" autoComplete="off" className={big} value={sku} onChange={(e) => setSku(e.target.value)} />
      </Field>
      {entry.fields}
      <CheckboxField
        id="pos-new-volatile"
        label="Its price changes (volatile)"
        description="No stock is kept; the price is asked at every sale."
        checked={isVolatile}
        onChange={(e) => setVolatile(e.target.checked)}
      />
      <SubmitFooter label="Create and add" />
    </Form>
  );
}
