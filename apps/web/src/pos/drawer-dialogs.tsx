"use client";

import { D, moneyText as moneySchema, type DrawerReport, type TenderMethod } from "@tillsync/validators";
import { Printer } from "lucide-react";
import { useId, useState } from "react";

import { Button } from "~/components/ui/button";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Textarea } from "~/components/ui/input";
import { formatInstant } from "~/lib/format";

import type { Asking, Shown } from "./drawer-panel";

// drawer-panel.tsx's dialogs, loaded when one first opens (or in idle time after the till shows).

const big = "h-12 text-lg md:text-lg";

/** Staff's name for a drawer line ("cash", "card", "other:Voucher"). */
export const methodName = (line: { method: TenderMethod; label: string | null }) =>
  line.method === "cash" ? "Cash" : line.method === "card" ? "Card" : (line.label ?? "Other");

/** What to enter in a close's empty count field, in staff words. */
const countPrompt = (line: { method: TenderMethod; label: string | null }) =>
  line.method === "cash"
    ? "Enter the cash you counted in the drawer (0 if there is none)"
    : line.method === "card"
      ? "Enter the card total you counted (0 if there is none)"
      : `Enter the ${methodName(line)} total you counted (0 if there is none)`;

const titles = { open: "Open the drawer", payIn: "Pay in", payOut: "Pay out", close: "Close the drawer" } as const;

export function DrawerDialog({
  kind,
  expected,
  payoutReviewAbove,
  manager,
  money,
  onCancel,
  onSubmit,
}: {
  kind: Exclude<Asking, null>;
  expected: DrawerReport | null;
  payoutReviewAbove: string | null;
  manager: boolean;
  money: (amount: string) => string;
  onCancel: () => void;
  onSubmit: (values: { amount: string; reason: string; counted: Record<string, string> }) => Promise<void>;
}) {
  const id = useId();
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const amountError = kind === "close" ? null : moneySchema.safeParse(amount.trim()).success ? null : `Enter an amount like ${money("50.00")}`;
  const reasonError = (kind === "payIn" || kind === "payOut") && !reason.trim() ? "Give a reason" : null;
  // A Z report is final (DESIGN.md §8): every method is counted before the drawer closes. 0 is a
  // count; an empty field is not (it would close with a big "short" nobody counted).
  const countedErrors: Record<string, string> = {};
  if (kind === "close")
    for (const line of expected?.methods ?? []) {
      const value = (counted[line.key] ?? "").trim();
      if (value === "") countedErrors[line.key] = countPrompt(line);
      else if (!moneySchema.safeParse(value).success) countedErrors[line.key] = `Enter an amount like ${money("120.50")}`;
    }
  const countedError = Object.keys(countedErrors).length > 0;
  const flagged = kind === "payOut" && !manager && payoutReviewAbove !== null && !amountError && new D(amount.trim()).gt(payoutReviewAbove);

  async function submit() {
    setTouched(true);
    if (amountError || reasonError || countedError || busy) return;
    setBusy(true);
    try {
      await onSubmit({
        amount: amount.trim(),
        reason: reason.trim(),
        counted: Object.fromEntries(Object.entries(counted).map(([key, value]) => [key, value.trim()])),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(next) => (next ? undefined : onCancel())}>
      <DialogContent>
        <Form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <DialogHeader>
            <DialogTitle>{titles[kind]}</DialogTitle>
            <DialogDescription>
              {kind === "open"
                ? "Count the cash in the drawer before the first sale."
                : kind === "close"
                  ? "Count the drawer and read the card terminal's total. The Z report compares them with what this till expects."
                  : "Cash put into or taken out of the drawer, with the reason."}
            </DialogDescription>
          </DialogHeader>
          {kind === "close" ? (
            (expected?.methods ?? []).map((line) => (
              <Field
                key={line.key}
                label={`Counted ${line.method === "other" ? methodName(line) : methodName(line).toLowerCase()}`}
                htmlFor={`${id}-${line.key}`}
                error={touched ? countedErrors[line.key] : undefined}
              >
                <DecimalInput
                  id={`${id}-${line.key}`}
                  autoComplete="off"
                  className={big}
                  placeholder="0.00"
                  value={counted[line.key] ?? ""}
                  onValueChange={(value) => setCounted((current) => ({ ...current, [line.key]: value }))}
                />
              </Field>
            ))
          ) : (
            <Field label={kind === "open" ? "Float" : "Amount"} htmlFor={`${id}-amount`} error={touched ? (amountError ?? undefined) : undefined}>
              <DecimalInput id={`${id}-amount`} autoComplete="off" className={big} value={amount} onValueChange={setAmount} />
            </Field>
          )}
          {kind === "payIn" || kind === "payOut" ? (
            <Field label="Reason" htmlFor={`${id}-reason`} error={touched ? (reasonError ?? undefined) : undefined}>
              <Textarea id={`${id}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
            </Field>
          ) : null}
          {flagged ? (
            <p role="note" className="text-sm">
              A pay-out above {money(payoutReviewAbove)} needs a manager: it is saved and flagged for a manager to review.
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" size="lg" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" size="lg" busy={busy}>
              {kind === "open" ? "Open drawer" : kind === "close" ? "Close and print Z report" : `Save ${titles[kind].toLowerCase()}`}
            </Button>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

/** An X or Z report as the till computed it (validators drawerReport), printable (print CSS: only the report is printed). */
export function ReportDialog({
  shown,
  tillName,
  timeZone,
  money,
  onClose,
  returnFocusTo,
}: {
  shown: Shown | null;
  tillName: string;
  timeZone: string;
  money: (amount: string) => string;
  onClose: () => void;
  /** Where focus goes on Done when what opened the report is gone (a Z report: the close dialog). */
  returnFocusTo: () => HTMLElement | null | undefined;
}) {
  const report = shown?.report;
  const row = (label: string, figure: keyof DrawerReport, value: string | null) => (
    <tr>
      <th scope="row" className="py-1 text-left font-normal">
        {label}
      </th>
      <td className="py-1 text-right tabular-nums" data-figure={figure} data-value={value ?? ""}>
        {value === null ? "–" : money(value)}
      </td>
    </tr>
  );
  return (
    <Dialog open={shown !== null} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent
        returnFocusTo={returnFocusTo}
        className="max-w-lg print:static print:max-h-none print:max-w-none print:translate-x-0 print:translate-y-0 print:overflow-visible print:border-0 print:shadow-none"
      >
        <DialogHeader>
          <DialogTitle>{shown?.kind === "Z" ? `Z report ${shown.zNumber}` : "X report"}</DialogTitle>
          <DialogDescription>
            {tillName} · {shown ? formatInstant(shown.at, timeZone) : null} ·{" "}
            {shown?.kind === "Z" ? "the drawer is closed; this report is final." : "the drawer stays open; figures so far."}
          </DialogDescription>
        </DialogHeader>
        {report ? (
          <div className="grid gap-3" aria-label={shown?.kind === "Z" ? "Z report" : "X report"} role="region">
            <table className="w-full text-sm">
              <tbody>
                {row("Float", "float", report.float)}
                {row("Cash sales", "cashSales", report.cashSales)}
                {row("Cash refunds", "cashRefunds", report.cashRefunds)}
                {row("Pay-ins", "payIns", report.payIns)}
                {row("Pay-outs", "payOuts", report.payOuts)}
                {row("Rounding", "rounding", report.rounding)}
                {row("Expected cash", "expectedCash", report.expectedCash)}
                {shown?.kind === "Z" ? row("Over / short", "overShort", report.overShort) : null}
              </tbody>
            </table>
            <table className="w-full text-sm">
              <thead>
                <tr className="text-muted-foreground">
                  <th className="text-left font-normal">Method</th>
                  <th className="text-right font-normal">Expected</th>
                  <th className="text-right font-normal">Counted</th>
                  <th className="text-right font-normal">Difference</th>
                </tr>
              </thead>
              <tbody>
                {report.methods.map((line) => (
                  <tr key={line.key} data-method={line.key}>
                    <th scope="row" className="py-1 text-left font-normal">
                      {methodName(line)}
                    </th>
                    <td className="text-right tabular-nums" data-figure="expected" data-value={line.expected}>
                      {money(line.expected)}
                    </td>
                    <td className="text-right tabular-nums" data-figure="counted" data-value={line.counted ?? ""}>
                      {line.counted === null ? "–" : money(line.counted)}
                    </td>
                    <td className="text-right tabular-nums" data-figure="difference" data-value={line.difference ?? ""}>
                      {line.difference === null ? "–" : money(line.difference)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <DialogFooter className="print:hidden">
          <Button variant="outline" size="lg" onClick={() => window.print()}>
            <Printer /> Print
          </Button>
          <Button size="lg" onClick={onClose}>
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
