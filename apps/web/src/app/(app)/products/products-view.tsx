"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { canManage, type ProductDTO } from "@tillsync/validators";
import { Plus, Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";

import { DataTable } from "~/components/app/data-table";
import { lazyDialog } from "~/components/app/lazy-dialog";
import { PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { ProductBadges } from "~/components/products/product-badges";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { decimalSort } from "~/lib/decimal-sort";
import { formatMoney, formatQuantity } from "~/lib/format";
import { useDebounced } from "~/lib/use-debounced";
import { useTRPC } from "~/trpc/react";

import { PRODUCT_PAGE } from "./list-input";

// The product form (react-hook-form and the product's zod schema, ~45 KiB gzipped) is fetched after
// the list shows or when "New product" is pressed, not with the page (issue 21: phones' first load).
const ProductFormDialog = lazyDialog(
  () => import("~/components/products/product-form-dialog").then((module) => module.ProductFormDialog),
  (props) => props.open,
);

export function ProductsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const { shop, principal } = useShop();
  const [search, setSearch] = useState("");
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const debounced = useDebounced(search.trim());

  const products = useInfiniteQuery(
    trpc.product.list.infiniteQueryOptions(
      { search: debounced || undefined, includeArchived, limit: PRODUCT_PAGE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (previous) => previous },
    ),
  );
  const rows = useMemo(() => products.data?.pages.flatMap((page) => page.items) ?? [], [products.data]);

  const columns = useMemo<ColumnDef<ProductDTO>[]>(
    () => [
      {
        accessorKey: "name",
        header: "Name",
        cell: ({ row }) => (
          <div className="flex flex-col gap-1">
            <Link href={`/products/${row.original.id}`} className="font-medium hover:underline" onClick={(e) => e.stopPropagation()}>
              {row.original.name}
            </Link>
            <ProductBadges product={row.original} />
          </div>
        ),
      },
      { accessorKey: "sku", header: "SKU", cell: ({ getValue }) => getValue<string | null>() ?? "—", meta: { hideBelow: "md" }, sortUndefined: "last" },
      {
        accessorKey: "unitPrice",
        header: "Price",
        sortingFn: decimalSort,
        cell: ({ row }) => formatMoney(row.original.unitPrice, shop.currency),
        meta: { numeric: true },
      },
      {
        accessorKey: "stock",
        header: "Stock",
        sortingFn: decimalSort,
        cell: ({ row }) => (row.original.stock === null ? <span className="text-muted-foreground">not kept</span> : formatQuantity(row.original.stock)),
        meta: { numeric: true },
      },
      {
        accessorKey: "reorderLevel",
        header: "Reorder at",
        sortingFn: decimalSort,
        cell: ({ row }) => (row.original.reorderLevel === null ? "—" : formatQuantity(row.original.reorderLevel)),
        meta: { numeric: true, hideBelow: "md" },
      },
    ],
    [shop.currency],
  );

  return (
    <>
      <PageHeader
        title="Products"
        description="Everything your tills sell. Tracked products keep a stock level; volatile ones are priced at the till."
        actions={
          canManage(principal.role) ? (
            <Button onClick={() => setCreating(true)}>
              <Plus /> New product
            </Button>
          ) : null
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="relative min-w-60 flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            placeholder="Search by name or SKU"
            aria-label="Search products"
            className="pl-9"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <label className="flex h-10 items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-[var(--primary)]" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} />
          Show archived
        </label>
      </div>
      {products.isPending ? (
        <LoadingRows />
      ) : products.isError ? (
        <QueryError error={products.error} retry={() => void products.refetch()} />
      ) : (
        <>
          <DataTable
            columns={columns}
            data={rows}
            initialSorting={[{ id: "name", desc: false }]}
            onRowClick={(row) => router.push(`/products/${row.original.id}`)}
            empty={debounced ? `No product matches “${debounced}”.` : "No products yet."}
          />
          {products.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button variant="outline" onClick={() => void products.fetchNextPage()} disabled={products.isFetchingNextPage}>
                {products.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </div>
          ) : null}
        </>
      )}
      <ProductFormDialog open={creating} onOpenChange={setCreating} />
    </>
  );
}
