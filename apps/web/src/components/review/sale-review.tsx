"use client";

import { useQuery } from "@tanstack/react-query";
import { canManage, type SaleDTO } from "@tillsync/validators";
import Link from "next/link";

import { useShop } from "~/components/app/shop-context";
import { useTRPC } from "~/trpc/react";

import { reviewedLine } from "./review-row";

/** Whether the server flagged this sale for a manager (DESIGN.md §7, §8; packages/db review/flags.ts). */
const isFlagged = (sale: SaleDTO) =>
  sale.overRefund ||
  sale.needsReview ||
  sale.tenderMismatch ||
  sale.cashWithoutDrawer ||
  sale.cashier?.status === "former" ||
  sale.cashier?.status === "unknown";

/** On a flagged sale's page, for managers: who reviewed it and when, or a way to the Needs review list. */
export function SaleReview({ sale }: { sale: SaleDTO }) {
  const trpc = useTRPC();
  const { shop, principal } = useShop();
  const enabled = canManage(principal.role) && isFlagged(sale);
  const item = useQuery({ ...trpc.review.item.queryOptions({ subject: "sale", subjectId: sale.id }), enabled });
  if (!enabled || !item.data) return null;
  return (
    <p className="mb-6 text-sm text-muted-foreground">
      {item.data.review ? (
        reviewedLine(item.data.review, shop.timezone)
      ) : (
        <>
          Not reviewed yet ·{" "}
          <Link href="/review" className="text-primary underline underline-offset-4">
            Needs review
          </Link>
        </>
      )}
    </p>
  );
}
