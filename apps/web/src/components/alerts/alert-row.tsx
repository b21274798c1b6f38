"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { LowStockAlertDTO } from "@tillsync/validators";
import { Check } from "lucide-react";
import Link from "next/link";
import { toast } from "sonner";

import { useShop } from "~/components/app/shop-context";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { messageOf } from "~/lib/api-error";
import { formatInstant, formatQuantity } from "~/lib/format";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

export function AlertRow({ alert, compact = false }: { alert: LowStockAlertDTO; compact?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { shop } = useShop();
  const acknowledge = useMutation(
    trpc.alert.acknowledge.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.alert.pathKey() });
        toast.success(`Alert for ${alert.productName} acknowledged`);
      },
      onError: (error) => toast.error(messageOf(error)),
    }),
  );
  const resolved = alert.resolvedAt !== null;

  return (
    <li className={cn("flex flex-wrap items-center justify-between gap-3 rounded-xl border bg-card p-4", compact && "p-3")}>
      <div className="grid min-w-0 gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <Link href={`/products/${alert.productId}`} className="font-medium hover:underline">
            {alert.productName}
          </Link>
          {resolved ? <Badge variant="secondary">Resolved</Badge> : <Badge variant="warning">Low stock</Badge>}
          {alert.acknowledgedAt && !resolved ? <Badge variant="outline">Acknowledged</Badge> : null}
        </div>
        <p className="text-sm text-muted-foreground">
          {alert.currentStock !== null ? `${formatQuantity(alert.currentStock)} in stock now` : null}
          {` · fell to ${formatQuantity(alert.stockAtTrigger)} (reorder at ${formatQuantity(alert.reorderLevel)})`}
          {compact ? null : ` · ${formatInstant(alert.createdAt, shop.timezone)}`}
          {alert.saleId && !compact ? (
            <>
              {" · "}
              <Link href={`/sales/${alert.saleId}`} className="text-primary underline underline-offset-4">
                sale #{alert.saleId}
              </Link>
            </>
          ) : null}
        </p>
        {resolved && !compact && alert.resolvedAt ? (
          <p className="text-sm text-muted-foreground">Resolved {formatInstant(alert.resolvedAt, shop.timezone)}</p>
        ) : null}
      </div>
      {!resolved && !alert.acknowledgedAt ? (
        <Button variant="outline" size={compact ? "sm" : "default"} busy={acknowledge.isPending} onClick={() => acknowledge.mutate({ id: alert.id })}>
          <Check /> Acknowledge
        </Button>
      ) : null}
    </li>
  );
}
