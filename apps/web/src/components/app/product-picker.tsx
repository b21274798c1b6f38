"use client";

import { useQuery } from "@tanstack/react-query";

import { NativeSelect } from "~/components/ui/input";
import { useTRPC } from "~/trpc/react";

/** Products to filter or report on, archived ones included (their sales still count). */
export function ProductPicker({
  id,
  value,
  onChange,
  allLabel,
}: {
  id: string;
  value: number | undefined;
  onChange: (productId: number | undefined) => void;
  /** Offer "all products" with this label; without it a product must be chosen. */
  allLabel?: string;
}) {
  const trpc = useTRPC();
  const products = useQuery(trpc.product.list.queryOptions({ includeArchived: true, limit: 200 }));
  const items = [...(products.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <NativeSelect
      id={id}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      disabled={products.isPending}
    >
      {allLabel !== undefined ? (
        <option value="">{allLabel}</option>
      ) : (
        <option value="" disabled>
          {products.isPending ? "Loading products…" : "Choose a product"}
        </option>
      )}
      {items.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
          {p.archivedAt ? " (archived)" : ""}
        </option>
      ))}
    </NativeSelect>
  );
}
