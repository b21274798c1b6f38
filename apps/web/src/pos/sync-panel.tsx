"use client";

import { payloadKind, type OutboxEntry } from "@tillsync/sync";
import { AlertTriangle, CloudOff, Download, RefreshCw } from "lucide-react";
import { useMemo, useState } from "react";

import { Button } from "~/components/ui/button";
import { messageOf } from "~/lib/api-error";
import { formatInstant } from "~/lib/format";

import { lazyDialog } from "~/components/app/lazy-dialog";
import type { PosSync } from "./use-pos-sync";
import { notify } from "./notify";

// The rejected sales' dialogs are not part of the till's first load (lazy-dialog.tsx).
const RejectedSalesDialog = lazyDialog(
  () => import("./rejected-sales-dialog").then((module) => module.RejectedSalesDialog),
  (props) => props.open,
);

/**
 * Pending / synced / rejected counts, the last sync and what is wrong, always on screen;
 * rejected sales open in a list with the server's reason (DESIGN.md §5). They are never
 * dropped: staff try one again once its cause is fixed, or discard one with a reason, online
 * or offline; the discard is queued and recorded on the server (§7), for a manager's review
 * when none is at the till (§8). Unsent sales can be exported to a file.
 */
export interface Shown {
  timeZone: string;
  currency: string;
  productNames: ReadonlyMap<number, string>;
  /** Days synced sales stay on this till (shop.tillRetentionDays). */
  retentionDays: number;
}

export interface Till {
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

/**
 * The till's sync status and the outbox's rejected sales. "Sync" sends what is pending and asks
 * for catalogue changes too (`refreshCatalogue`): a cashier who taps it expects the till up to date.
 */
export function SyncPanel({
  sync,
  online,
  shopId,
  managerAtTill,
  cashierId,
  refreshCatalogue,
  ...shown
}: { sync: PosSync; online: boolean; refreshCatalogue: () => Promise<void> } & Till & Shown) {
  const { timeZone } = shown;
  const [open, setOpen] = useState(false);
  const { status, rejected, halted } = sync;
  // The last rejected sale retried or discarded: the list closes rather than stay open and empty
  // (focus goes to the page's main region, its opener being gone). Adjusted while rendering
  // (react.dev, "You might not need an effect"), so a later rejection does not reopen it.
  if (open && rejected.length === 0) setOpen(false);
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
        <Button
          variant="outline"
          size="lg"
          onClick={() => {
            sync.syncNow();
            void refreshCatalogue();
          }}
          disabled={!online || !sync.ready}
          aria-label="Sync now"
        >
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
          <span className="text-destructive">This till could not use its storage: {sync.storageError} Take no more sales here until it works again.</span>
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
      <RejectedSalesDialog open={open} onOpenChange={setOpen} sync={sync} online={online} managerAtTill={managerAtTill} cashierId={cashierId} {...shown} />
    </section>
  );
}

const kindNames = {
  sale: ["sale", "sales"],
  refund: ["refund", "refunds"],
  drawer: ["drawer event", "drawer events"],
  discard: ["discard", "discards"],
} as const;

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
