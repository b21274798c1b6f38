"use client";

import type { OutboxEntry } from "@tillsync/sync";
import { D, type CashRoundingIncrement, type DrawerEventInputRaw, type DrawerReport } from "@tillsync/validators";
import { Printer } from "lucide-react";
import { useMemo, useRef, useState } from "react";
import { v4 as uuidv4 } from "uuid";

import { Button } from "~/components/ui/button";

import type { TillClaim } from "./local-store";
import { lastZNumber, openSession, tillReport, tillSessions } from "./money";
import { DrawerAlreadyOpen, SessionAlreadyClosed, takeDrawerOpen, takeZNumber } from "./till-numbers";
import { lazyDialog } from "~/components/app/lazy-dialog";
import { notify } from "./notify";
import { storageMessage } from "./storage-error";

// The drawer's dialogs are not part of the till's first load (lazy-dialog.tsx). DrawerDialog is
// rendered only while asking, as it always was: each asking is a fresh dialog.
const DrawerDialog = lazyDialog(
  () => import("./drawer-dialogs").then((module) => module.DrawerDialog),
  () => true,
);
const ReportDialog = lazyDialog(
  () => import("./drawer-dialogs").then((module) => module.ReportDialog),
  (props) => props.shown !== null,
);

/** A report on screen; `at`: when it was taken (a Z report reprinted: when its drawer closed). */
export type Shown = { kind: "X"; report: DrawerReport; at: Date } | { kind: "Z"; report: DrawerReport; zNumber: number; at: Date };
export type Asking = "open" | "payIn" | "payOut" | "close" | null;

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
  const panelRef = useRef<HTMLElement>(null);

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
      notify("error", `NOT saved: ${storageMessage(error)}`);
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
    <section ref={panelRef} aria-label="Drawer" className="grid gap-2 rounded-xl border bg-card p-3 print:hidden">
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
      <ReportDialog
        shown={shown}
        tillName={claim.name}
        timeZone={timeZone}
        money={money}
        onClose={() => setShown(null)}
        // After a close, the drawer's next step: "Open drawer".
        returnFocusTo={() => panelRef.current?.querySelector("button")}
      />
    </section>
  );
}
