"use client";

import type { OutboxEntry } from "@tillsync/sync";
import { D, quantityText as quantitySchema, type CashRoundingIncrement, type RefundInputRaw, type TenderInputRaw } from "@tillsync/validators";
import { useEffect, useId, useMemo, useState } from "react";
import { v4 as uuidv4 } from "uuid";

import { Button } from "~/components/ui/button";
import { CheckboxField } from "~/components/ui/checkbox-field";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { NativeSelect, Textarea } from "~/components/ui/input";
import { messageOf } from "~/lib/api-error";

import { tillApi } from "./api";
import { formatInstant, formatQuantity } from "~/lib/format";

import { refundableSales, refundTotal, roundCash, type RefundableSale } from "./money";
import { storageMessage } from "./storage-error";

/** How a sale's time reads in the lists: its day and time in the shop's zone (and locale). */
const SALE_TIME = "d MMM, HH:mm:ss";

/**
 * A partial refund at the till (DESIGN.md §8): pick one of this till's sales (queued or
 * synced; a sale not synced yet is named by its externalId), the lines or part quantities,
 * restock or not, how the money went back and why. Queued as a `type: "refund"` outbox
 * entry, offline too. Refunds are manager-only: without a manager signed in the cashier is
 * told it will be flagged for a manager to review.
 */
export function RefundDialog({
  open,
  timeZone,
  online,
  entries,
  increment,
  labels,
  manager,
  money,
  productName,
  base,
  onClose,
  onRefund,
}: {
  open: boolean;
  /** The shop's IANA time zone: when each sale was rung up is shown in it, as on every other page. */
  timeZone: string;
  /** Online, the shop's recent sales from the server (sale.list) are offered too. */
  online: boolean;
  entries: readonly OutboxEntry[];
  increment: CashRoundingIncrement | null;
  labels: readonly string[];
  manager: boolean;
  money: (amount: string) => string;
  productName: (productId: number | undefined, inline: string | undefined) => string;
  /** The fields every refund carries (clock, cashier, device, till, drawer session). */
  base: () => Promise<Pick<RefundInputRaw, "clientTimestamp" | "cashierId" | "sourceDevice" | "tillId" | "drawerSessionId">>;
  onClose: () => void;
  onRefund: (refund: RefundInputRaw) => Promise<void>;
}) {
  // Worked out while the dialog is open only: the outbox changes with every sale.
  const sales = useMemo(() => (open ? refundableSales(entries, 30) : []), [open, entries]);
  const [picked, setPicked] = useState<RefundableSale | null>(null);
  const [serverSales, setServerSales] = useState<{ id: number; externalId: string; at: Date; total: string; names: string }[]>([]);
  const [serverError, setServerError] = useState<string | null>(null);
  useEffect(() => {
    if (!open || !online) return;
    let closed = false;
    tillApi.sale.list
      .query({ kind: "sale", limit: 20 })
      .then((page) => {
        if (closed) return;
        setServerSales(
          page.items.map((sale) => ({
            id: sale.id,
            externalId: sale.externalId,
            at: sale.occurredAt,
            total: sale.total,
            names: sale.items.map((item) => item.productName).join(", "),
          })),
        );
        setServerError(null);
      })
      .catch((error: unknown) => !closed && setServerError(`The shop's other sales could not be loaded: ${messageOf(error)}`));
    return () => {
      closed = true;
    };
  }, [open, online]);
  const local = new Set(sales.map((sale) => sale.externalId));
  const others = serverSales.filter((sale) => !local.has(sale.externalId));

  /** A sale from the server, with what is left to refund per line as the server counts it (sale.refundable). */
  async function pickServerSale(saleId: number) {
    try {
      const { sale, lines } = await tillApi.sale.refundable.query({ saleId });
      setPicked({
        externalId: sale.externalId,
        at: sale.occurredAt.toISOString(),
        total: sale.total,
        status: "synced",
        lines: lines.map((line) => ({
          lineNo: line.lineNo,
          productId: line.productId,
          name: line.productName,
          unitPrice: line.unitPrice,
          sold: new D(line.sold).toFixed(),
          left: new D(line.remaining).toFixed(),
        })),
      });
    } catch (error) {
      setServerError(`This sale could not be opened: ${messageOf(error)}`);
    }
  }
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Refund</DialogTitle>
          <DialogDescription>
            {manager
              ? "Choose the sale, then what comes back."
              : "No manager is signed in at this till: the refund is saved and flagged for a manager to review."}
          </DialogDescription>
        </DialogHeader>
        {picked ? (
          <RefundForm
            key={picked.externalId}
            sale={picked}
            increment={increment}
            labels={labels}
            money={money}
            productName={productName}
            onBack={() => setPicked(null)}
            onRefund={async (fields) => {
              await onRefund({ type: "refund", externalId: uuidv4(), originalExternalId: picked.externalId, ...(await base()), ...fields });
              setPicked(null);
              onClose();
            }}
          />
        ) : (
          <div className="grid max-h-[65vh] gap-3 overflow-y-auto">
            {sales.length === 0 ? <p className="text-muted-foreground">No sale of this till to refund yet.</p> : null}
            <ul className="grid gap-2" aria-label="Recent sales">
              {sales.map((sale) => (
                <li key={sale.externalId}>
                  <Button variant="outline" className="h-auto w-full justify-between py-2 text-left" onClick={() => setPicked(sale)}>
                    <span>
                      {formatInstant(new Date(sale.at), timeZone, SALE_TIME)} · {sale.lines.map((line) => productName(line.productId, line.name)).join(", ")}
                    </span>
                    <span className="tabular-nums">
                      {money(sale.total)} {sale.status === "pending" ? "· not sent yet" : ""}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
            {serverError ? <p role="alert">{serverError}</p> : null}
            {others.length > 0 ? (
              <ul className="grid gap-2" aria-label="Other sales of the shop">
                {others.map((sale) => (
                  <li key={sale.externalId}>
                    <Button variant="outline" className="h-auto w-full justify-between py-2 text-left" onClick={() => void pickServerSale(sale.id)}>
                      <span>
                        {formatInstant(sale.at, timeZone, SALE_TIME)} · {sale.names}
                      </span>
                      <span className="tabular-nums">{money(sale.total)}</span>
                    </Button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}

type Method = "cash" | "card" | `other:${string}`;

function RefundForm({
  sale,
  increment,
  labels,
  money,
  productName,
  onBack,
  onRefund,
}: {
  sale: RefundableSale;
  increment: CashRoundingIncrement | null;
  labels: readonly string[];
  money: (amount: string) => string;
  productName: (productId: number | undefined, inline: string | undefined) => string;
  onBack: () => void;
  onRefund: (fields: Pick<RefundInputRaw, "lines" | "tenders" | "reason">) => Promise<void>;
}) {
  const id = useId();
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [restock, setRestock] = useState(true);
  const [method, setMethod] = useState<Method>("cash");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const chosen = sale.lines.flatMap((line) => {
    const value = (quantities[line.lineNo] ?? "").trim();
    if (!value || !quantitySchema.safeParse(value).success || new D(value).lte(0)) return [];
    return [{ line, quantity: new D(value).toFixed() }];
  });
  const total = refundTotal(chosen.map(({ line, quantity }) => ({ quantity, unitPrice: line.unitPrice })));
  const amount = method === "cash" ? roundCash(total, increment) : total;

  async function submit() {
    const invalid = sale.lines.some((line) => {
      const value = (quantities[line.lineNo] ?? "").trim();
      return value !== "" && (!quantitySchema.safeParse(value).success || new D(value).gt(line.left));
    });
    if (invalid) return setError("Each quantity must be a number no larger than what is left to refund.");
    if (chosen.length === 0) return setError("Enter the quantity to refund on at least one line.");
    if (!reason.trim()) return setError("Give a reason");
    setBusy(true);
    setError(null);
    const tender: TenderInputRaw =
      method === "cash" || method === "card" ? { method, amount } : { method: "other", label: method.slice("other:".length), amount };
    try {
      await onRefund({
        lines: chosen.map(({ line, quantity }) => ({ lineNo: line.lineNo, quantity, restock })),
        tenders: [tender],
        reason: reason.trim(),
      });
    } catch (failure) {
      setError(`The refund was NOT saved: ${storageMessage(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <ul className="grid gap-2" aria-label="Lines to refund">
        {sale.lines.map((line) => {
          const name = productName(line.productId, line.name);
          return (
            <li key={line.lineNo} className="flex items-center justify-between gap-2">
              <span>
                {name} · {formatQuantity(line.sold)} × {money(line.unitPrice)}
                {line.left !== line.sold ? <span className="text-muted-foreground"> ({line.left} left)</span> : null}
              </span>
              <DecimalInput
                aria-label={`Refund quantity of ${name}`}
                autoComplete="off"
                className="h-11 w-24 text-center text-lg"
                placeholder="0"
                disabled={new D(line.left).lte(0)}
                value={quantities[line.lineNo] ?? ""}
                onValueChange={(value) => setQuantities((current) => ({ ...current, [line.lineNo]: value }))}
              />
            </li>
          );
        })}
      </ul>
      <CheckboxField id={`${id}-restock`} label="Put the items back in stock" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
      <Field label="Money back by" htmlFor={`${id}-method`}>
        <NativeSelect id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
          <option value="cash">Cash</option>
          <option value="card">Card</option>
          {labels.map((label) => (
            <option key={label} value={`other:${label}`}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Reason" htmlFor={`${id}-reason`}>
        <Textarea id={`${id}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <p className="text-lg" aria-live="polite">
        Refund{" "}
        <strong className="tabular-nums" data-figure="refund">
          {money(amount)}
        </strong>
      </p>
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="button" variant="outline" size="lg" onClick={onBack} disabled={busy}>
          Other sale
        </Button>
        <Button type="submit" size="lg" busy={busy}>
          Save refund
        </Button>
      </DialogFooter>
    </Form>
  );
}
