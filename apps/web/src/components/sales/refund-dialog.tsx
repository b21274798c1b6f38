"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "@tillsync/api";
import { D, lineTotal, quantity as quantitySchema, settleTenders, type CashRoundingIncrement, type TenderMethod } from "@tillsync/validators";
import { useState } from "react";
import { toast } from "sonner";
import { v4 as uuidv4 } from "uuid";

import { Button } from "~/components/ui/button";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field, FormError } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { NativeSelect, Textarea } from "~/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "~/components/ui/table";
import { messageOf } from "~/lib/api-error";
import { formatMoney, formatQuantity, tenderName } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export type Refundable = RouterOutputs["sale"]["refundable"];

interface LineEntry {
  quantity: string;
  restock: boolean;
}

/**
 * A partial refund from the sale page (DESIGN.md §8): some lines or part of a line's quantity,
 * whether each goes back into stock, the tender the money goes back by, and a reason; sent as
 * sale.refund with one new UUID per dialog, so pressing again after a dropped connection
 * replays the same refund instead of making a second. Each line is refunded at the price it
 * was sold for (quantity × unit price, half-up to cents, as the server computes it); cash is
 * rounded to the shop's increment as settleTenders does. Quantities above what is left to
 * refund are refused here: an over-refund is what two offline tills may do, never the admin.
 */
export function RefundDialog({
  refundable,
  currency,
  cashRounding,
  tenderLabels,
  open,
  onOpenChange,
}: {
  refundable: Refundable;
  currency: string;
  cashRounding: CashRoundingIncrement | null;
  tenderLabels: readonly string[];
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refund = useMutation(trpc.sale.refund.mutationOptions());
  const sale = refundable.sale;
  const [externalId] = useState(() => uuidv4());
  const [lines, setLines] = useState<Record<number, LineEntry>>(() =>
    Object.fromEntries(refundable.lines.map((line) => [line.lineNo, { quantity: "", restock: true }])),
  );
  // The sale's own way of paying is the default way back: cash if it took cash, else its first tender.
  const paidBy = sale.tenders.find((tender) => tender.method === "cash") ?? sale.tenders[0];
  const [tender, setTender] = useState(paidBy ? (paidBy.method === "other" ? `other:${paidBy.label ?? ""}` : paidBy.method) : "cash");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const money = (value: string) => formatMoney(value, currency);

  const lineErrors = new Map<number, string>();
  let total = new D(0);
  const chosen: { lineNo: number; quantity: string; restock: boolean }[] = [];
  for (const line of refundable.lines) {
    const entry = lines[line.lineNo]!;
    if (entry.quantity.trim() === "") continue;
    const parsed = quantitySchema.safeParse(entry.quantity.trim());
    if (!parsed.success) lineErrors.set(line.lineNo, "Enter a quantity above 0, e.g. 1 or 0.5");
    else if (new D(parsed.data).gt(line.remaining)) lineErrors.set(line.lineNo, `Only ${formatQuantity(line.remaining)} left to refund`);
    else {
      chosen.push({ lineNo: line.lineNo, quantity: parsed.data, restock: entry.restock });
      total = total.plus(lineTotal(parsed.data, line.unitPrice));
    }
  }
  const [method, label] = tender.startsWith("other:") ? (["other", tender.slice("other:".length)] as const) : ([tender as TenderMethod, undefined] as const);
  const settled = settleTenders(total, [{ method, label, amount: total.toFixed(2) }], cashRounding);
  const methods = [
    "cash",
    "card",
    ...new Set([...tenderLabels, ...sale.tenders.filter((t) => t.method === "other" && t.label).map((t) => t.label!)].map((name) => `other:${name}`)),
  ];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (chosen.length === 0 || lineErrors.size > 0) return setError(lineErrors.size > 0 ? "Check the quantities." : "Enter how many of an item to refund.");
    if (reason.trim() === "") return setError("Give a reason, e.g. “Cracked eggs”.");
    setSubmitting(true);
    try {
      const { sale: recorded } = await refund.mutateAsync({
        type: "refund",
        externalId,
        originalSaleId: sale.id,
        lines: chosen,
        // Cash is paid back rounded to the shop's increment: exactly what the customer gets.
        tenders: [{ method, label, amount: settled.due }],
        reason: reason.trim(),
        // When it happened: now, on this browser's clock (a refund sent without one counts as received and is flagged).
        clientTimestamp: new Date().toISOString(),
      });
      await Promise.all(
        [trpc.sale, trpc.product, trpc.analytics, trpc.alert, trpc.drawer].map((router) => queryClient.invalidateQueries({ queryKey: router.pathKey() })),
      );
      toast.success(`Refund #${recorded.id} recorded: ${money(settled.due)} back by ${tenderName({ method, label })}`);
      onOpenChange(false);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setSubmitting(false);
    }
  }

  const set = (lineNo: number, change: Partial<LineEntry>) => setLines((current) => ({ ...current, [lineNo]: { ...current[lineNo]!, ...change } }));

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        <Form onSubmit={(event) => void submit(event)} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Refund items of sale #{sale.id}</DialogTitle>
            <DialogDescription>
              Enter how many of each item come back. Each is refunded at the price it was sold for; ticked items go back into stock.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error ?? undefined} />
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Item</TableHead>
                <TableHead className="text-right">Left to refund</TableHead>
                <TableHead className="w-28">Refund</TableHead>
                <TableHead>Back in stock</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {refundable.lines.map((line) => {
                const entry = lines[line.lineNo]!;
                const problem = lineErrors.get(line.lineNo);
                return (
                  <TableRow key={line.lineNo} className="hover:bg-transparent">
                    <TableCell>
                      {line.productName}
                      <span className="block text-xs text-muted-foreground">{money(line.unitPrice)} each</span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {formatQuantity(line.remaining)} of {formatQuantity(line.sold)}
                    </TableCell>
                    <TableCell>
                      <DecimalInput
                        aria-label={`Quantity of ${line.productName} to refund`}
                        placeholder="0"
                        value={entry.quantity}
                        disabled={new D(line.remaining).isZero()}
                        aria-invalid={!!problem}
                        onValueChange={(quantity) => set(line.lineNo, { quantity })}
                      />
                      {problem ? <p className="mt-1 text-xs text-destructive">{problem}</p> : null}
                    </TableCell>
                    <TableCell>
                      <input
                        type="checkbox"
                        className="size-4 accent-[var(--primary)]"
                        aria-label={`Put ${line.productName} back in stock`}
                        checked={entry.restock}
                        onChange={(e) => set(line.lineNo, { restock: e.target.checked })}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Money back by" htmlFor="refund-tender">
              <NativeSelect id="refund-tender" value={tender} onChange={(e) => setTender(e.target.value)}>
                {methods.map((key) => (
                  <option key={key} value={key}>
                    {tenderName(key)}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <div className="grid content-end gap-1 text-sm">
              <span className="text-muted-foreground">To give back</span>
              <span className="text-2xl font-semibold tabular-nums" aria-live="polite">
                {money(settled.due)}
              </span>
              {settled.rounding !== "0.00" ? <span className="text-xs text-muted-foreground">Cash rounded by {money(settled.rounding)}</span> : null}
            </div>
          </div>
          <Field label="Reason" htmlFor="refund-reason">
            <Textarea id="refund-reason" placeholder="Cracked eggs" value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" busy={submitting}>
              {submitting ? "Refunding…" : `Refund ${money(settled.due)}`}
            </Button>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
