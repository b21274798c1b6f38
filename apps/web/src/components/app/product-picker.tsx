"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ProductDTO } from "@tillsync/validators";
import { Command } from "cmdk";
import { CheckIcon, ChevronsUpDownIcon } from "lucide-react";
import { Popover } from "radix-ui";
import { type ReactNode, useMemo, useState } from "react";

import { PickerTrigger } from "~/components/ui/picker-trigger";
import { useDebounced } from "~/lib/use-debounced";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

/** Products per `product.list` page the picker asks for; more come as the list is scrolled. */
const PAGE = 50;

/**
 * Products to filter or report on, archived ones included (their sales still count): a
 * combobox (cmdk in a Radix popover) that searches name and SKU on the server and pages
 * by cursor, so a shop with 20,000 products can pick any of them (issue 21: a single
 * `limit: 200` page hid every product after the 200th).
 */
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
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search.trim());
  const products = useInfiniteQuery(
    trpc.product.list.infiniteQueryOptions(
      { search: debounced || undefined, includeArchived: true, limit: PAGE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (previous) => previous, enabled: open },
    ),
  );
  // The chosen product may be on a page not loaded (or come from the address): its name comes from byId.
  const chosen = useQuery(trpc.product.byId.queryOptions({ id: value ?? 0 }, { enabled: value !== undefined }));
  const items = useMemo(() => products.data?.pages.flatMap((page) => page.items) ?? [], [products.data]);

  const label =
    value === undefined
      ? (allLabel ?? "Choose a product")
      : chosen.data
        ? `${chosen.data.name}${chosen.data.archivedAt ? " (archived)" : ""}`
        : chosen.isError
          ? "Unknown product"
          : "Loading product…";

  function choose(product: ProductDTO | undefined) {
    // The list row is the product as byId answers it: the trigger shows its name at once.
    if (product) queryClient.setQueryData(trpc.product.byId.queryKey({ id: product.id }), product);
    onChange(product?.id);
    setOpen(false);
    setSearch("");
  }

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>
        <PickerTrigger
          id={id}
          role="combobox"
          aria-expanded={open}
          aria-haspopup="listbox"
          label={label}
          placeholder={value === undefined && allLabel === undefined}
          icon={<ChevronsUpDownIcon className="size-4 shrink-0 opacity-50" aria-hidden />}
        />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          className="z-50 w-[var(--radix-popover-trigger-width)] min-w-64 rounded-md border bg-popover p-0 text-popover-foreground shadow-md"
        >
          <Command shouldFilter={false} label="Search products">
            <Command.Input
              value={search}
              onValueChange={setSearch}
              placeholder="Search by name or SKU…"
              aria-label="Search products"
              className="h-10 w-full border-b bg-transparent px-3 text-base -outline-offset-2 placeholder:text-muted-foreground md:text-sm"
            />
            <Command.List
              className="max-h-72 overflow-y-auto p-1"
              onScroll={(e) => {
                const list = e.currentTarget;
                if (list.scrollTop + list.clientHeight >= list.scrollHeight - 40 && products.hasNextPage && !products.isFetchingNextPage)
                  void products.fetchNextPage();
              }}
            >
              {products.isPending ? (
                <Command.Loading>
                  <div className="px-2 py-1.5 text-sm text-muted-foreground">Loading products…</div>
                </Command.Loading>
              ) : products.isError ? (
                <div className="px-2 py-1.5 text-sm text-destructive">Could not load products. Close and try again.</div>
              ) : (
                <Command.Empty className="px-2 py-1.5 text-sm text-muted-foreground">No product matches “{debounced}”.</Command.Empty>
              )}
              {allLabel !== undefined && !debounced && (
                <Option selected={value === undefined} onSelect={() => choose(undefined)} value="all">
                  {allLabel}
                </Option>
              )}
              {items.map((p) => (
                <Option key={p.id} value={String(p.id)} selected={p.id === value} onSelect={() => choose(p)}>
                  {p.name}
                  {p.archivedAt ? " (archived)" : ""}
                  {p.sku ? <span className="ml-auto pl-2 text-xs text-muted-foreground">{p.sku}</span> : null}
                </Option>
              ))}
              {products.hasNextPage && (
                <Command.Item
                  value="more"
                  onSelect={() => void products.fetchNextPage()}
                  className="cursor-pointer rounded-sm px-2 py-1.5 text-sm text-muted-foreground data-[selected=true]:bg-accent"
                >
                  {products.isFetchingNextPage ? "Loading more…" : "Show more products"}
                </Command.Item>
              )}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

function Option({ value, selected, onSelect, children }: { value: string; selected: boolean; onSelect: () => void; children: ReactNode }) {
  return (
    <Command.Item
      value={value}
      onSelect={onSelect}
      className="flex cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm data-[selected=true]:bg-accent data-[selected=true]:text-accent-foreground"
    >
      <CheckIcon className={cn("size-4 shrink-0", selected ? "opacity-100" : "opacity-0")} aria-hidden />
      {children}
    </Command.Item>
  );
}
