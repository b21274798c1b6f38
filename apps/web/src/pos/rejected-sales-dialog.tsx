"use client";

import { payloadKind, type OutboxEntry } from "@tillsync/sync";
import { RefreshCw } from "lucide-react";
import { useState } from "react";

import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Textarea } from "~/components/ui/input";
import { messageOf } from "~/lib/api-error";
import { formatInstant, formatMoney, formatQuantity } from "~/lib/format";

import type { Shown, Till } from "./sync-panel";
import type { PosSync } from "./use-pos-sync";
import { notify } from "./notify";

/**
 * sync-panel.tsx's list of rejected sales with the server's reasons, each to try again or to
 * discard with a reason (DiscardDialog); loaded when it first opens (or in idle time after the
 * till shows).
 */
export function RejectedSalesDialog({
  open,
  onOpenChange,
  sync,
  online,
  managerAtTill,
  cashierId,
  ...shown
}: { open: boolean; onOpenChange: (open: boolean) => void; sync: PosSync; online: boolean } & Pick<Till, "managerAtTill" | "cashierId"> & Shown) {
  const [discarding, setDiscarding] = useState<OutboxEntry | null>(null);
  const { rejected } = sync;
  return (
    <>
      <Dialog open={open} onOpenChange={onOpenChange}>
        <DialogContent className="max-w-2xl">
          <DialogHeader>
            <DialogTitle>Rejected sales</DialogTitle>
            <DialogDescription>
              The server refused these sales. They are kept on this till. Once the reason is dealt with (for example the product is back in the catalogue), tap
              “Try again”. A sale that cannot be recorded can be discarded with a reason; the server keeps a record of it
              {managerAtTill ? "." : " and a manager is asked to review it."}
            </DialogDescription>
          </DialogHeader>
          <ul className="grid gap-3" aria-label="Rejected sales">
            {rejected.map((entry) => (
              <RejectedSale key={entry.externalId} entry={entry} {...shown}>
                <Button
                  variant="outline"
                  size="lg"
                  disabled={!online || !sync.ready}
                  onClick={() => void sync.retry([entry.externalId]).catch((error: unknown) => notify("error", messageOf(error)))}
                >
                  <RefreshCw /> Try again
                </Button>
                <Button variant="ghost" size="lg" className="text-destructive" disabled={!sync.ready} onClick={() => setDiscarding(entry)}>
                  Discard
                </Button>
              </RejectedSale>
            ))}
          </ul>
        </DialogContent>
      </Dialog>
      <DiscardDialog
        key={discarding?.externalId ?? ""}
        entry={discarding}
        onClose={() => setDiscarding(null)}
        sync={sync}
        managerAtTill={managerAtTill}
        cashierId={cashierId}
      />
    </>
  );
}

const REASON_MAX = 500;

/** Staff discard a rejected sale with a reason: marked on this till at once, recorded on the server when it syncs. */
function DiscardDialog({
  entry,
  onClose,
  sync,
  managerAtTill,
  cashierId,
}: { entry: OutboxEntry | null; onClose: () => void; sync: PosSync } & Pick<Till, "managerAtTill" | "cashierId">) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function discard() {
    if (!entry) return;
    const trimmed = reason.trim();
    if (!trimmed) return setError("Give a reason");
    if (trimmed.length > REASON_MAX) return setError(`At most ${REASON_MAX} characters`);
    setBusy(true);
    setError(null);
    try {
      await sync.discard(entry.externalId, trimmed, cashierId);
      notify("success", managerAtTill ? "Sale discarded; the server keeps a record of it." : "Sale discarded; a manager will be asked to review it.");
      onClose();
    } catch (failure) {
      setError(`Not discarded: ${messageOf(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={entry !== null} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>Discard this sale?</DialogTitle>
          <DialogDescription>
            It will not be sent again. The server keeps a record of the sale as the till held it, who discarded it and why
            {managerAtTill ? "" : ", and a manager is asked to review it"}; record it again by hand if the customer paid. Works offline: the record is sent with
            the next sync.
          </DialogDescription>
        </DialogHeader>
        <Field label="Reason" htmlFor="discard-reason" error={error ?? undefined}>
          <Textarea
            id="discard-reason"
            value={reason}
            maxLength={REASON_MAX}
            placeholder="Product no longer sold; rung up again by hand"
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <DialogFooter>
          <Button variant="outline" size="lg" onClick={onClose} disabled={busy}>
            Keep it
          </Button>
          <Button variant="destructive" size="lg" onClick={() => void discard()} busy={busy}>
            Discard sale
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const drawerKindNames = { open: "Drawer opened", payIn: "Pay in", payOut: "Pay out", close: "Drawer closed" } as const;

/** One line saying what an outbox entry is: a sale's lines, a refund's reason, a drawer event's amount, a discard's reason. */
function describe(entry: OutboxEntry, { currency, productNames }: Shown): { title: string; detail: string } {
  const payload = entry.sale;
  if (payload.type === "discard") return { title: "Discard", detail: `of sale ${payload.saleExternalId} · ${payload.reason}` };
  const money = (amount: string | number | undefined) => (amount === undefined ? "" : formatMoney(String(amount), currency));
  if (payload.type === "drawer") {
    const detail = payload.kind === "close" ? `Z report ${payload.zNumber ?? "?"}` : `${money(payload.amount)}${payload.reason ? ` · ${payload.reason}` : ""}`;
    return { title: drawerKindNames[payload.kind], detail };
  }
  if (payload.type === "refund") {
    const lines = payload.lines.map((line) => `${formatQuantity(String(line.quantity))} of line ${line.lineNo}`).join(", ");
    return { title: "Refund", detail: `${lines} · ${payload.reason}` };
  }
  const nameOf = (productId: number | undefined) => (productId === undefined ? undefined : productNames.get(productId)) ?? `product #${productId}`;
  return {
    title: "Sale",
    detail: payload.items
      .map(
        (item) =>
          `${formatQuantity(String(item.quantity))} × ${item.product?.name ?? nameOf(item.productId)}${item.unitPrice === undefined ? "" : ` at ${money(item.unitPrice)}`}`,
      )
      .join(", "),
  };
}

function RejectedSale({ entry, children, ...shown }: { entry: OutboxEntry; children: React.ReactNode } & Shown) {
  const at = "clientTimestamp" in entry.sale && entry.sale.clientTimestamp ? new Date(entry.sale.clientTimestamp) : new Date(entry.queuedAt);
  const { title, detail } = describe(entry, shown);
  return (
    <li className="grid gap-1 rounded-md border border-destructive/40 p-3 text-sm" data-external-id={entry.externalId} data-kind={payloadKind(entry.sale)}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">
          {title} of {formatInstant(at, shown.timeZone)}
        </span>
        <Badge variant="destructive">{entry.rejection?.code}</Badge>
      </div>
      <p>{entry.rejection?.message}</p>
      <p className="text-muted-foreground">{detail}</p>
      <p className="font-mono text-xs text-muted-foreground">{entry.externalId}</p>
      <div className="flex flex-wrap gap-2">{children}</div>
    </li>
  );
}
