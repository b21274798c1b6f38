"use client";

import type { OutboxEntry } from "@tillsync/sync";
import { AlertTriangle, CloudOff, RefreshCw } from "lucide-react";
import { useState } from "react";

import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { formatInstant, formatMoney, formatQuantity } from "~/lib/format";

import type { PosSync } from "./use-pos-sync";

/**
 * Pending / synced / rejected counts, the last sync and what is wrong, always on screen;
 * rejected sales open in a list with the server's reason. They are never dropped: they
 * stay in the outbox for a manager to re-enter or take up.
 */
interface Shown {
  timeZone: string;
  currency: string;
  productNames: ReadonlyMap<number, string>;
}

export function SyncPanel({ sync, online, ...shown }: { sync: PosSync; online: boolean } & Shown) {
  const { timeZone } = shown;
  const [open, setOpen] = useState(false);
  const { status, rejected, halted } = sync;
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
          {count("Pending", status?.pending, status?.pending ? "text-warning" : "")}
          {count("Synced", status?.synced, "")}
          {count("Rejected", status?.rejected, status?.rejected ? "text-destructive" : "")}
        </div>
        <Button variant="outline" size="lg" onClick={sync.syncNow} disabled={!online || !sync.ready} aria-label="Sync now">
          <RefreshCw className={status?.draining ? "animate-spin" : undefined} />
          Sync
        </Button>
      </div>
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
      {rejected.length > 0 ? (
        <Button variant="destructive" size="lg" onClick={() => setOpen(true)}>
          <AlertTriangle /> {rejected.length} rejected {rejected.length === 1 ? "sale" : "sales"}: see why
        </Button>
      ) : null}
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-w-2xl">
          <DialogHeader>
            <DialogTitle>Rejected sales</DialogTitle>
            <DialogDescription>The server refused these sales. They are kept on this till; ask a manager to record them again by hand.</DialogDescription>
          </DialogHeader>
          <ul className="grid gap-3" aria-label="Rejected sales">
            {rejected.map((entry) => (
              <RejectedSale key={entry.externalId} entry={entry} {...shown} />
            ))}
          </ul>
        </DialogContent>
      </Dialog>
    </section>
  );
}

function RejectedSale({ entry, timeZone, currency, productNames }: { entry: OutboxEntry } & Shown) {
  const nameOf = (productId: number | undefined) => (productId !== undefined && productNames.get(productId)) || `product #${productId}`;
  const at = entry.sale.clientTimestamp ? new Date(entry.sale.clientTimestamp) : new Date(entry.queuedAt);
  return (
    <li className="grid gap-1 rounded-md border border-destructive/40 p-3 text-sm" data-external-id={entry.externalId}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">Sale of {formatInstant(at, timeZone)}</span>
        <Badge variant="destructive">{entry.rejection?.code}</Badge>
      </div>
      <p>{entry.rejection?.message}</p>
      <p className="text-muted-foreground">
        {entry.sale.items
          .map((item) => `${formatQuantity(String(item.quantity))} × ${item.product?.name ?? nameOf(item.productId)}${item.unitPrice === undefined ? "" : ` at ${formatMoney(String(item.unitPrice), currency)}`}`)
          .join(", ")}
      </p>
      <p className="font-mono text-xs text-muted-foreground">{entry.externalId}</p>
    </li>
  );
}
