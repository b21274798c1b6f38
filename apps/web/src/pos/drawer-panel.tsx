"use client";

import type { OutboxEntry } from "@tillsync/sync";
import { D, moneyText as moneySchema, type CashRoundingIncrement, type DrawerEventInputRaw, type DrawerReport, type TenderMethod } from "@tillsync/validators";
import { Printer } from "lucide-react";
import { useId, useMemo, useState } from "react";
import { v4 as uuidv4 } from "uuid";

import { Button } from "~/components/ui/button";
import { DecimalInput } from "~/components/ui/decimal-input";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Form } from "~/components/ui/form";
import { Textarea } from "~/components/ui/input";
import { formatInstant } from "~/lib/format";

import type { TillClaim } from "./local-store";
import { lastZNumber, openSession, tillReport, tillSessions } from "./money";
import { DrawerAlreadyOpen, SessionAlreadyClosed, takeDrawerOpen, takeZNumber } from "./till-numbers";
import { notify } from "./notify";

const big = "h-12 text-lg md:text-lg";

/** Staff's name for a drawer line ("cash", "card", "other:Voucher"). */
export const methodName = (line: { method: TenderMethod; label: string | null }) =>
  line.method === "cash" ? "Cash" : line.method === "card" ? "Card" : (line.label ?? "Other");

/** A report on screen; `at`: when it was taken (a Z report reprinted: when its drawer closed). */
type Shown = { kind: "X"; report: DrawerReport; at: Date } | { kind: "Z"; report: DrawerReport; zNumber: number; at: Date };
type Asking = "open" | "payIn" | "payOut" | "close" | null;

/**
 * The drawer of the claimed till (DESIGN.md §8), offline too: open with a counted float, pay
 * in / pay out with a reason, an X report any time, close with the counted amount per method
 * → a Z report numbered by the till (the last Z number + 1, gapless, taken across tabs by
 * till-numbers.ts takeZNumber). A session the server had open at the claim is carried on
 * (money.ts AdoptedSession). Every action is a
 * `type: "drawer"` event in the outbox; the session and its figures are derived from the
 * outbox (money.ts), so a reload or a second tab shows the same drawer.
 */
export function DrawerPanel({
  shopId,
  timeZone,
  claim,
  entries,
  increment,
  payoutReviewAbove,
  manager,
  money,
  event,
  enqueue,
}: {
  shopId: number;
  /** The shop's time zone (IANA): reports show their time in it, as the Cash-up page does. */
  timeZone: string;
  claim: TillClaim;
  entries: readonly OutboxEntry[];
  increment: CashRoundingIncrement | null;
  /** Pay-outs above this need a manager (shop.payoutReviewAbove); null: none do. */
  payoutReviewAbove: string | null;
  /** A manager is signed in at the till: manager-only actions are approved, not flagged. */
  manager: boolean;
  money: (amount: string) => string;
  /** The fields every event carries (clock, cashier, device). */
  event: () => Promise<Pick<DrawerEventInputRaw, "clientTimestamp" | "cashierId" | "sourceDevice">>;
  enqueue: (event: DrawerEventInputRaw) => Promise<void>;
}) {
  const session = useMemo(() => openSession(entries, claim), [entries, claim]);
  const lastClosed = useMemo(() => tillSessions(entries, claim).findLast((candidate) => candidate.close !== null) ?? null, [entries, claim]);
  const [asking, setAsking] = useState<Asking>(null);
  const [shown, setShown] = useState<Shown | null>(null);

  async function queue(fields: Omit<DrawerEventInputRaw, "type" | "externalId" | "tillId" | "sessionId">, sessionId: string) {
    await enqueue({ type: "drawer", externalId: uuidv4(), tillId: claim.tillId, sessionId, ...(await event()), ...fields });
  }

  async function submit(kind: Exclude<Asking, null>, values: { amount: string; reason: string; counted: Record<string, string> }) {
    try {
      if (kind === "open") {
        const sessionId = uuidv4();
        const openInQueue = new Set(tillSessions(entries, claim).flatMap((candidate) => (candidate.close === null ? [candidate.sessionId] : [])));
        const { giveBack } = await takeDrawerOpen(shopId, claim.tillId, sessionId, openInQueue);
        await queue({ kind: "open", amount: values.amount }, sessionId).catch(async (error: unknown) => {
          await giveBack().catch(() => undefined);
          throw error;
        });
        notify("success", `Drawer open with a float of ${money(values.amount)}`);
      } else if (!session) {
        // Closed in another tab while this one was asking.
        notify("error", "NOT saved: this drawer was already closed in another tab.");
      } else if (kind === "close") {
        const report = tillReport(entries, claim, session.sessionId, increment);
        const counted = report.methods.map((line) => ({
          method: line.method,
          ...(line.label ? { label: line.label } : {}),
          amount: new D(values.counted[line.key] ?? "0").toFixed(2),
        }));
        const { zNumber, giveBack } = await takeZNumber(shopId, claim.tillId, session.sessionId, lastZNumber(entries, claim.tillId, claim.lastZNumber));
        await queue({ kind: "close", counted, zNumber }, session.sessionId).catch(async (error: unknown) => {
          await giveBack().catch(() => undefined);
          throw error;
        });
        setShown({ kind: "Z", zNumber, report: tillReport(entries, claim, session.sessionId, increment, counted), at: new Date() });
      } else {
        await queue({ kind, amount: values.amount, reason: values.reason }, session.sessionId);
        notify("success", `${kind === "payIn" ? "Pay in" : "Pay out"} of ${money(values.amount)} saved`);
      }
      setAsking(null);
    } catch (error) {
      notify("error", `NOT saved: ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof SessionAlreadyClosed || error instanceof DrawerAlreadyOpen) setAsking(null);
    }
  }

  /**
   * The open session's expected figures, for the dialog asking for them: worked out when asked
   * for, not on every render (a session with thousands of sales queued; issue 21).
   */
  const expected = useMemo(
    () => (session && asking ? tillReport(entries, claim, session.sessionId, increment) : null),
    [session, asking, entries, claim, increment],
  );
  return (
    <section aria-label="Drawer" className="grid gap-2 rounded-xl border bg-card p-3 print:hidden">
      <div className="flex items-center justify-between gap-2">
        <h2 className="font-semibold">Drawer · {claim.name}</h2>
        <span className="text-sm text-muted-foreground" role="status">
          {session ? `Open · float ${money(session.float)}` : "Closed"}
        </span>
      </div>
      <div className="flex flex-wrap gap-2">
        {session ? (
          <>
            <Button variant="outline" size="lg" onClick={() => setAsking("payIn")}>
              Pay in
            </Button>
            <Button variant="outline" size="lg" onClick={() => setAsking("payOut")}>
              Pay out
            </Button>
            <Button
              variant="outline"
              size="lg"
              onClick={() => setShown({ kind: "X", report: tillReport(entries, claim, session.sessionId, increment), at: new Date() })}
            >
              X report
            </Button>
            <Button variant="outline" size="lg" onClick={() => setAsking("close")}>
              Close drawer
            </Button>
          </>
        ) : (
          <Button size="lg" onClick={() => setAsking("open")}>
            Open drawer
          </Button>
        )}
        {!session && lastClosed?.close ? (
          <Button
            variant="ghost"
            size="lg"
            onClick={() => {
              const close = lastClosed.close!;
              const counted = (close.counted ?? []).map((count) => ({ method: count.method, label: count.label ?? null, amount: String(count.amount) }));
              setShown({
                kind: "Z",
                zNumber: close.zNumber ?? 0,
                report: tillReport(entries, claim, lastClosed.sessionId, increment, counted),
                at: close.clientTimestamp ? new Date(close.clientTimestamp) : new Date(),
              });
            }}
          >
            <Printer /> Z report {lastClosed.close.zNumber}
          </Button>
        ) : null}
      </div>
      {asking ? (
        <DrawerDialog
          key={asking}
          kind={asking}
          expected={expected}
          payoutReviewAbove={payoutReviewAbove}
          manager={manager}
          money={money}
          onCancel={() => setAsking(null)}
          onSubmit={(values) => submit(asking, values)}
        />
      ) : null}
      <ReportDialog shown={shown} tillName={claim.name} timeZone={timeZone} money={money} onClose={() => setShown(null)} />
    </section>
  );
}

const titles = { open: "Open the drawer", payIn: "Pay in", payOut: "Pay out", close: "Close the drawer" } as const;

function DrawerDialog({
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
  const amountError = kind === "close" ? null : moneySchema.safeParse(amount.trim()).success ? null : "Enter an amount like 50.00";
  const reasonError = (kind === "payIn" || kind === "payOut") && !reason.trim() ? "Give a reason" : null;
  const countedError =
    kind === "close" && Object.values(counted).some((value) => value.trim() !== "" && !moneySchema.safeParse(value.trim()).success)
      ? "Enter amounts like 120.50"
      : null;
  const flagged = kind === "payOut" && !manager && payoutReviewAbove !== null && !amountError && new D(amount.trim()).gt(payoutReviewAbove);

  async function submit() {
    setTouched(true);
    if (amountError || reasonError || countedError || busy) return;
    setBusy(true);
    try {
      await onSubmit({
        amount: amount.trim(),
        reason: reason.trim(),
        counted: Object.fromEntries(Object.entries(counted).map(([key, value]) => [key, value.trim() || "0"])),
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
              <Field key={line.key} label={`Counted ${methodName(line)}`} htmlFor={`${id}-${line.key}`}>
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
          {countedError && touched ? (
            <p role="alert" className="text-sm text-destructive">
              {countedError}
            </p>
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
            <Button type="submit" size="lg" disabled={busy}>
              {kind === "open" ? "Open drawer" : kind === "close" ? "Close and print Z report" : `Save ${titles[kind].toLowerCase()}`}
            </Button>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

/** An X or Z report as the till computed it (validators drawerReport), printable (print CSS: only the report is printed). */
function ReportDialog({
  shown,
  tillName,
  timeZone,
  money,
  onClose,
}: {
  shown: Shown | null;
  tillName: string;
  timeZone: string;
  money: (amount: string) => string;
  onClose: () => void;
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
      <DialogContent className="max-w-lg print:static print:max-h-none print:max-w-none print:translate-x-0 print:translate-y-0 print:overflow-visible print:border-0 print:shadow-none">
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
