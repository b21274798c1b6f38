"use client";

import { D, decimalForField, moneyText as moneySchema, movesCash, settleTenders, type CashRoundingIncrement, type TenderInputRaw } from "@tillsync/validators";
import { BanknoteX } from "lucide-react";
import { useId, useRef, useState } from "react";

import { Button } from "~/components/ui/button";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Input } from "~/components/ui/input";
import { displayLocale } from "~/lib/format";
import { cn } from "~/lib/utils";

import { quickCashAmounts } from "./money";

const big = "h-12 text-lg md:text-lg";

/** How the customer pays: all cash, all card, cash and card split, or one of the shop's own methods. */
type Mode = { kind: "cash" } | { kind: "card" } | { kind: "split" } | { kind: "other"; label: string };

const valid = (value: string) => moneySchema.safeParse(value).success;

/**
 * The tenders for `total` in `mode`, and the settlement validators settleTenders computes
 * for them (DESIGN.md §8): the cash part is rounded to the shop's increment, change is what
 * was handed over less the cash amount. `tendered` empty: exact cash. Null while an amount
 * typed is not money.
 */
export function paymentOf(total: string, mode: Mode, entered: { tendered: string; card: string; reference: string }, increment: CashRoundingIncrement | null) {
  const reference = entered.reference.trim() ? { reference: entered.reference.trim() } : {};
  if (mode.kind === "card")
    return {
      tenders: [{ method: "card", amount: total, ...reference }] as TenderInputRaw[],
      settlement: settleTenders(total, [{ method: "card", amount: total }], increment),
    };
  if (mode.kind === "other") {
    const tenders: TenderInputRaw[] = [{ method: "other", label: mode.label, amount: total }];
    return { tenders, settlement: settleTenders(total, tenders, increment) };
  }
  const card = mode.kind === "split" ? entered.card.trim() : "0";
  if (!valid(card) || new D(card).gt(total)) return null;
  const nonCash: TenderInputRaw[] = mode.kind === "split" && new D(card).gt(0) ? [{ method: "card", amount: new D(card).toFixed(2), ...reference }] : [];
  // The cash part does not depend on the cash tender's own amount: ask for it first.
  const cashDue = settleTenders(total, [{ method: "cash", amount: "0" }, ...nonCash], increment).cashDue ?? "0.00";
  const tendered = entered.tendered.trim() === "" ? cashDue : entered.tendered.trim();
  if (!valid(tendered)) return null;
  const tenders: TenderInputRaw[] = [{ method: "cash", amount: cashDue, tendered: new D(tendered).toFixed(2) }, ...nonCash];
  return { tenders, settlement: settleTenders(total, tenders, increment) };
}

/**
 * Where cash taken now would go (DESIGN.md §8): this till's open drawer session (`open`), a
 * till with no drawer open (`closed`), or a browser that is not a till (`noTill`). Cash taken
 * outside a session is counted in no cash-up: the server flags it for a manager.
 */
export type DrawerState = "open" | "closed" | "noTill";

/** What the payment step tells the cashier when cash is about to be taken outside a drawer session; null when a drawer is open. */
export const noDrawerWarning = (drawer: DrawerState) =>
  drawer === "open"
    ? null
    : drawer === "closed"
      ? "No drawer is open on this till: this cash will be flagged for a manager. Open the drawer to count it in the cash-up."
      : "This browser is not a till, so no drawer is open: this cash will be flagged for a manager.";

/**
 * The payment step after Charge (DESIGN.md §8): cash with quick amounts (exact, next round
 * notes) and the change due in large type, card with an optional approval code, the shop's
 * other methods, or cash and card split. Works offline: confirming queues the sale with its
 * tenders in the outbox (`onConfirm`) before the dialog closes. Cash with no drawer open is
 * taken all the same, with a plain warning before Confirm (the server flags it).
 */
export function PaymentDialog({
  total,
  open,
  increment,
  labels,
  money,
  drawer = "open",
  onCancel,
  onConfirm,
  onCloseAutoFocus,
}: {
  total: string;
  open: boolean;
  increment: CashRoundingIncrement | null;
  /** The shop's own tender methods (shop.tenderLabels). */
  labels: readonly string[];
  money: (amount: string) => string;
  /** Whether this browser has a drawer session open for the cash (default: open, no warning). */
  drawer?: DrawerState;
  onCancel: () => void;
  onConfirm: (tenders: TenderInputRaw[], change: string) => Promise<void>;
  /** Where focus goes when the step closes (default: back to what opened it). */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const id = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const [mode, setMode] = useState<Mode>({ kind: "cash" });
  const [tendered, setTendered] = useState("");
  const [card, setCard] = useState("");
  const [reference, setReference] = useState("");
  const [busy, setBusy] = useState(false);
  const payment = paymentOf(total, mode, { tendered, card, reference }, increment);
  const settlement = payment?.settlement;
  // The cash due whatever is typed as cash received: the field stays while what is typed is
  // no amount yet ("1.234" on the way to "1.234,50" has three decimals).
  const cash = paymentOf(total, mode, { tendered: "", card, reference }, increment)?.settlement;
  const cashShort =
    settlement?.tenders.some((tender) => tender.method === "cash" && tender.tendered !== null && new D(tender.tendered).lt(tender.amount)) ?? false;
  const usesCash = mode.kind === "cash" || mode.kind === "split";
  // Cash that would change hands as things stand (a split paid whole by card moves none).
  const warning = (payment ? movesCash(payment.tenders) : usesCash) ? noDrawerWarning(drawer) : null;
  const modes: { mode: Mode; label: string }[] = [
    { mode: { kind: "cash" }, label: "Cash" },
    { mode: { kind: "card" }, label: "Card" },
    { mode: { kind: "split" }, label: "Cash + card" },
    ...labels.map((label): { mode: Mode; label: string } => ({ mode: { kind: "other", label }, label })),
  ];
  const same = (a: Mode, b: Mode) => a.kind === b.kind && (a.kind !== "other" || (b.kind === "other" && a.label === b.label));

  async function confirm() {
    if (!payment || !settlement || cashShort || busy) return;
    setBusy(true);
    try {
      await onConfirm(payment.tenders, settlement.change);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onCancel())}>
      <DialogContent
        className="max-w-lg"
        // Focus starts on Confirm: Enter takes the exact amount in cash (Ctrl+Enter, Enter sells by keyboard), and no field opens a tablet's keyboard.
        onOpenAutoFocus={(event) => {
          if (!confirmRef.current || confirmRef.current.disabled) return;
          event.preventDefault();
          confirmRef.current.focus();
        }}
        onCloseAutoFocus={onCloseAutoFocus}
      >
        <Form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <DialogHeader>
            <DialogTitle>Payment</DialogTitle>
            <DialogDescription>
              Total {money(total)}. Choose how the customer pays; the sale is saved on this till when you confirm, online or not.
            </DialogDescription>
          </DialogHeader>
          <div role="radiogroup" aria-label="How the customer pays" className="flex flex-wrap gap-2">
            {modes.map((option) => (
              <Button
                key={option.label}
                type="button"
                role="radio"
                aria-checked={same(option.mode, mode)}
                variant={same(option.mode, mode) ? "default" : "outline"}
                size="lg"
                onClick={() => setMode(option.mode)}
              >
                {option.label}
              </Button>
            ))}
          </div>
          {mode.kind === "split" ? (
            <Field label="Card amount" htmlFor={`${id}-card`} hint="The rest is paid in cash.">
              <DecimalInput id={`${id}-card`} autoComplete="off" className={big} value={card} onValueChange={setCard} />
            </Field>
          ) : null}
          {mode.kind === "card" || mode.kind === "split" ? (
            <Field label="Approval code (optional)" htmlFor={`${id}-reference`}>
              <Input id={`${id}-reference`} autoComplete="off" maxLength={128} value={reference} onChange={(e) => setReference(e.target.value)} />
            </Field>
          ) : null}
          {usesCash && cash?.cashDue ? (
            <div className="grid gap-2">
              <p className="text-sm">
                Cash due <strong className="tabular-nums">{money(cash.cashDue)}</strong>
                {cash.rounding !== "0.00" ? <span className="text-muted-foreground"> (rounded {money(cash.rounding)})</span> : null}
              </p>
              <div className="flex flex-wrap gap-2" aria-label="Quick cash amounts" role="group">
                {quickCashAmounts(cash.cashDue).map((amount, index) => (
                  <Button key={amount} type="button" variant="outline" size="lg" onClick={() => setTendered(amount)}>
                    {index === 0 ? `Exact ${money(amount)}` : money(amount)}
                  </Button>
                ))}
              </div>
              <Field label="Cash received" htmlFor={`${id}-tendered`} error={cashShort ? "Less than the cash due" : undefined} hint="Empty: the exact amount.">
                <DecimalInput
                  id={`${id}-tendered`}
                  autoComplete="off"
                  className={big}
                  value={tendered}
                  placeholder={cash.cashDue}
                  onValueChange={setTendered}
                />
              </Field>
            </div>
          ) : null}
          <div className="grid gap-1 rounded-md bg-accent p-3" aria-live="polite">
            {settlement ? (
              <>
                <p className="flex justify-between">
                  <span>Due</span>
                  <span className="tabular-nums" data-figure="due">
                    {money(settlement.due)}
                  </span>
                </p>
                <p className={cn("flex items-baseline justify-between", usesCash ? "" : "text-muted-foreground")}>
                  <span className="text-lg">Change</span>
                  <span className="text-4xl font-bold tabular-nums" aria-label="Change due" data-figure="change">
                    {money(settlement.change)}
                  </span>
                </p>
              </>
            ) : (
              <p role="alert" className="text-destructive">
                Enter amounts like {decimalForField("12.50", displayLocale())}
                {mode.kind === "split" ? `, the card amount at most ${money(total)}` : ""}.
              </p>
            )}
          </div>
          {warning ? (
            <p role="status" className="flex items-start gap-2 rounded-md border border-warning bg-warning/15 px-3 py-2 text-sm" data-figure="no-drawer">
              <BanknoteX className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>{warning}</span>
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" size="lg" onClick={onCancel} disabled={busy}>
              Back to the sale
            </Button>
            <Button ref={confirmRef} type="submit" size="lg" className="h-12 text-base" disabled={!settlement || cashShort} busy={busy}>
              Confirm payment
            </Button>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
