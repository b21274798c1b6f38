"use client";

import { payloadKind, type OutboxEntry } from "@tillsync/sync";
import { AlertTriangle, CloudOff, Download, RefreshCw } from "lucide-react";
import { useMemo, useState } from "react";

import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { Textarea } from "~/components/ui/input";
import { messageOf } from "~/lib/api-error";
import { formatInstant, formatMoney, formatQuantity } from "~/lib/format";

import type { PosSync } from "./use-pos-sync";
import { notify } from "./notify";

/**
 * Pending / synced / rejected counts, the last sync and what is wrong, always on screen;
 * rejected sales open in a list with the server's reason (DESIGN.md §5). They are never
 * dropped: staff try one again once its cause is fixed, or discard one with a reason, online
 * or offline; the discard is queued and recorded on the server (§7), for a manager's review
 * when none is at the till (§8). Unsent sales can be exported to a file.
 */
interface Shown {
  timeZone: string;
  currency: string;
  productNames: ReadonlyMap<number, string>;
  /** Days synced sales stay on this till (shop.tillRetentionDays). */
  retentionDays: number;
}

interface Till {
  shopId: number;
  /** An owner or manager is signed in here: a discard needs no review (DESIGN.md §8). */
  managerAtTill: boolean;
  /** Who is signed in at the till, recorded with a discard. */
  cashierId: string | undefined;
}

/** A timestamp for file names (local time, no characters that file systems refuse). */
const fileStamp = (at: Date) => at.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");

/**
 * Downloads every unsent sale as JSON: the payloads exactly as queued (they can be sent
 * again as they are, e.g. through `sale.sync`), with each rejected sale's reason.
 */
async function exportUnsent(sync: PosSync, shopId: number) {
  const entries = await sync.unsent();
  const exportedAt = new Date();
  const file = {
    kind: "tillsync-unsent-sales",
    version: 1,
    shopId,
    exportedAt: exportedAt.toISOString(),
    sales: entries.map(({ externalId, status, queuedAt, sale, rejection }) => ({
      externalId,
      status,
      queuedAt,
      sale,
      ...(status === "rejected" ? { rejection } : {}),
    })),
  };
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `tillsync-unsent-sales-${shopId}-${fileStamp(exportedAt)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function SyncPanel({ sync, online, shopId, managerAtTill, cashierId, ...shown }: { sync: PosSync; online: boolean } & Till & Shown) {
  const { timeZone } = shown;
  const [open, setOpen] = useState(false);
  const [discarding, setDiscarding] = useState<OutboxEntry | null>(null);
  const { status, rejected, halted } = sync;
  // Once per change of the queue, not on every render of the till (10,000 pending sales: issue 21).
  const pendingKinds = useMemo(() => (sync.pending.length > 0 ? byKind(sync.pending) : null), [sync.pending]);
  const count = (label: string, value: number | undefined, tone: string) => (
    <div className="grid min-w-16 text-center">
      <span className={`text-2xl font-semibold tabular-nums ${tone}`} data-count={label}>
        {value ?? "–"}
      </span>
      <span className="text-xs text-muted-foreground">{label}</span>
    </div>
  );
  return (
    <section aria-label="Sync status" className="grid gap-2 rounded-xl border bg-card p-3">
      <div className="flex items-center justify-between gap-2">
        <div className="flex gap-2">
          {count("Pending", status?.pending, status?.pending ? "text-warning-foreground" : "")}
          {count("Synced", status?.synced, "")}
          {count("Rejected", status?.rejected, status?.rejected ? "text-destructive" : "")}
        </div>
        <Button variant="outline" size="lg" onClick={sync.syncNow} disabled={!online || !sync.ready} aria-label="Sync now">
          <RefreshCw className={status?.draining ? "animate-spin" : undefined} />
          Sync
        </Button>
      </div>
      {pendingKinds ? (
        <p className="text-xs" data-pending-kinds>
          Pending: {pendingKinds}
        </p>
      ) : null}
      <p className="text-xs text-muted-foreground" aria-live="polite">
        {sync.storageError ? (
          <span className="text-destructive">This till’s storage failed ({sync.storageError}); do not take more sales here.</span>
        ) : !online ? (
          <span className="inline-flex items-center gap-1">
            <CloudOff className="size-3" /> Offline: sales are kept on this till and sent when the network is back.
          </span>
        ) : halted ? (
          "Sign in again to send the pending sales."
        ) : status?.lastError && status.nextRetryAt ? (
          `Server unreachable; next try ${formatInstant(status.nextRetryAt, timeZone, "HH:mm:ss")}.`
        ) : null}{" "}
        Last sync: {status?.lastSyncedAt ? formatInstant(status.lastSyncedAt, timeZone, "d MMM, HH:mm:ss") : "never"}
        {sync.persisted === false ? " · storage: best effort (not persistent)" : null}
      </p>
      <p className="text-xs text-muted-foreground" data-retention>
        Synced sales stay on this till for {shown.retentionDays} days (refunds and receipts), then only on the server; unsent and rejected sales stay until they
        are sent or discarded.
      </p>
      {rejected.length > 0 ? (
        <Button variant="destructive" size="lg" onClick={() => setOpen(true)}>
          <AlertTriangle /> {byKind(rejected, "rejected")}: see why
        </Button>
      ) : null}
      {(status?.pending ?? 0) + (status?.rejected ?? 0) > 0 ? (
        <Button
          variant="outline"
          size="lg"
          disabled={!sync.ready}
          onClick={() => void exportUnsent(sync, shopId).catch((error: unknown) => notify("error", `Could not export: ${messageOf(error)}`))}
        >
          <Download /> Export unsent sales
        </Button>
      ) : null}
      <Dialog open={open} onOpenChange={setOpen}>
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
    </section>
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
          <Button variant="destructive" size="lg" onClick={() => void discard()} disabled={busy}>
            Discard sale
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

const kindNames = {
  sale: ["sale", "sales"],
  refund: ["refund", "refunds"],
  drawer: ["drawer event", "drawer events"],
  discard: ["discard", "discards"],
} as const;
const drawerKindNames = { open: "Drawer opened", payIn: "Pay in", payOut: "Pay out", close: "Drawer closed" } as const;

/**
 * "3 sales, 1 refund, 2 drawer events" for a list of outbox entries (DESIGN.md §8: all of
 * them travel in the outbox); with `adjective`, "2 rejected sales, 1 rejected refund".
 */
export function byKind(entries: readonly OutboxEntry[], adjective = ""): string {
  const counts = { sale: 0, refund: 0, drawer: 0, discard: 0 };
  for (const entry of entries) counts[payloadKind(entry.sale)]++;
  return (Object.keys(counts) as (keyof typeof counts)[])
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${counts[kind]} ${adjective ? `${adjective} ` : ""}${kindNames[kind][counts[kind] === 1 ? 0 : 1]}`)
    .join(", ");
}

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
