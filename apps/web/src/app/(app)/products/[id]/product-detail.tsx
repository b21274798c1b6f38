"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { canManage, type MovementReason, type StockMovementDTO } from "@tillsync/validators";
import { ArrowLeft, Archive, ArchiveRestore, ClipboardCheck, PackagePlus, Pencil } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";

import { ConfirmDialog } from "~/components/app/confirm-dialog";
import { EmptyState, PageHeader } from "~/components/app/page-header";
import { LoadingRows, QueryError } from "~/components/app/query-state";
import { useShop } from "~/components/app/shop-context";
import { Stat } from "~/components/app/stat";
import { ProductBadges } from "~/components/products/product-badges";
import { ProductFormDialog } from "~/components/products/product-form-dialog";
import { CountDialog, RestockDialog } from "~/components/products/stock-dialogs";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { httpCodeOf, messageOf } from "~/lib/api-error";
import { formatDelta, formatInstant, formatMoney, formatQuantity, isNegative } from "~/lib/format";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

const reasonLabel: Record<MovementReason, string> = {
  sale: "Sale",
  restock: "Restock",
  count: "Stock count",
  adjustment: "Adjustment",
  reversal: "Reversal",
  refund: "Refund",
};

export function ProductDetail({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop, principal } = useShop();
  const manager = canManage(principal.role);
  const [dialog, setDialog] = useState<"edit" | "restock" | "count" | "archive" | null>(null);
  const product = useQuery(trpc.product.byId.queryOptions({ id }));
  const archive = useMutation(
    trpc.product.archive.mutationOptions({
      onSuccess: async (_data, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.product.pathKey() });
        toast.success(input.archived ? "Product archived: tills no longer offer it" : "Product restored");
        setDialog(null);
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );

  if (product.isPending) return <LoadingRows rows={6} />;
  if (product.isError) {
    return httpCodeOf(product.error) === "NOT_FOUND" ? (
      <EmptyState title="No such product">
        <Link href="/products" className="text-primary underline">
          Back to products
        </Link>
      </EmptyState>
    ) : (
      <QueryError error={product.error} retry={() => void product.refetch()} />
    );
  }
  const p = product.data;
  const archived = p.archivedAt !== null;

  return (
    <>
      <Link href="/products" className="mb-3 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" /> Products
      </Link>
      <PageHeader
        title={p.name}
        description={<ProductBadges product={p} />}
        actions={
          manager ? (
            <>
              {p.isVolatile || archived ? null : (
                <>
                  <Button onClick={() => setDialog("restock")}>
                    <PackagePlus /> Restock
                  </Button>
                  <Button variant="outline" onClick={() => setDialog("count")}>
                    <ClipboardCheck /> Count
                  </Button>
                </>
              )}
              <Button variant="outline" onClick={() => setDialog("edit")}>
                <Pencil /> Edit
              </Button>
              {/* Archiving takes the product off every till: asked first. Restoring is not. */}
              <Button
                variant="outline"
                busy={archive.isPending}
                onClick={() => (archived ? archive.mutate({ id: p.id, archived: false }) : setDialog("archive"))}
              >
                {archived ? <ArchiveRestore /> : <Archive />}
                {archived ? "Restore" : "Archive"}
              </Button>
            </>
          ) : null
        }
      />
      <div className="mb-8 grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label={p.isVolatile ? "Suggested price" : "Price"} value={formatMoney(p.unitPrice, shop.currency)} />
        <Stat
          label="Stock on hand"
          value={p.stock === null ? "Not kept" : formatQuantity(p.stock)}
          tone={p.stock !== null && isNegative(p.stock) ? "destructive" : undefined}
        />
        <Stat label="Reorder level" value={p.reorderLevel === null ? "None" : formatQuantity(p.reorderLevel)} />
        <Stat label="SKU" value={p.sku ?? "—"} />
      </div>
      {p.isVolatile ? (
        <Card>
          <CardHeader>
            <CardTitle>No stock history</CardTitle>
            <CardDescription>
              Volatile products keep no stock, so sales of them leave no stock movements. Their sales are in Sales and Analytics.
            </CardDescription>
          </CardHeader>
        </Card>
      ) : manager ? (
        <StockHistory productId={p.id} timeZone={shop.timezone} />
      ) : null}
      {manager ? (
        <>
          <ProductFormDialog
            key={`edit-${p.id}-${dialog === "edit"}`}
            open={dialog === "edit"}
            onOpenChange={(open) => setDialog(open ? "edit" : null)}
            product={p}
          />
          <RestockDialog
            key={`restock-${dialog === "restock"}`}
            product={p}
            open={dialog === "restock"}
            onOpenChange={(open) => setDialog(open ? "restock" : null)}
          />
          <CountDialog key={`count-${dialog === "count"}`} product={p} open={dialog === "count"} onOpenChange={(open) => setDialog(open ? "count" : null)} />
          <ConfirmDialog
            open={dialog === "archive"}
            title={`Archive ${p.name}?`}
            description="Tills stop offering it from their next sync, and it leaves the product list. Its sales and stock history stay, and you can restore it from Products → Show archived."
            confirmLabel="Archive product"
            busy={archive.isPending}
            onConfirm={() => archive.mutate({ id: p.id, archived: true })}
            onClose={() => setDialog(null)}
          />
        </>
      ) : null}
    </>
  );
}

function StockHistory({ productId, timeZone }: { productId: number; timeZone: string }) {
  const trpc = useTRPC();
  const movements = useInfiniteQuery(
    trpc.product.movements.infiniteQueryOptions({ productId, limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const rows: StockMovementDTO[] = movements.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card>
      <CardHeader>
        <CardTitle>Stock history</CardTitle>
        <CardDescription>Every change to the stock, newest first. The stock on hand is the sum of these rows.</CardDescription>
      </CardHeader>
      <CardContent>
        {movements.isPending ? (
          <LoadingRows />
        ) : movements.isError ? (
          <QueryError error={movements.error} retry={() => void movements.refetch()} />
        ) : rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted-foreground">No stock movements yet.</p>
        ) : (
          <>
            <Table>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>When</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead className="text-right">Change</TableHead>
                  <TableHead className="text-right">Stock after</TableHead>
                  <TableHead>Note</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell className="whitespace-nowrap">{formatInstant(m.createdAt, timeZone)}</TableCell>
                    <TableCell>
                      <span className="flex items-center gap-2">
                        <Badge variant={m.reason === "sale" ? "secondary" : "outline"}>{reasonLabel[m.reason]}</Badge>
                        {m.saleId ? (
                          <Link href={`/sales/${m.saleId}`} className="text-sm text-primary hover:underline">
                            #{m.saleId}
                          </Link>
                        ) : null}
                      </span>
                    </TableCell>
                    <TableCell className={cn("text-right tabular-nums", isNegative(m.delta) ? "text-destructive" : "text-primary")}>
                      {formatDelta(m.delta)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatQuantity(m.stockAfter)}</TableCell>
                    <TableCell className="max-w-64 truncate text-muted-foreground" title={m.note ?? undefined}>
                      {m.note ?? "—"}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {movements.hasNextPage ? (
              <div className="mt-4 flex justify-center">
                <Button variant="outline" onClick={() => void movements.fetchNextPage()} disabled={movements.isFetchingNextPage}>
                  {movements.isFetchingNextPage ? "Loading…" : "Show older"}
                </Button>
              </div>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
