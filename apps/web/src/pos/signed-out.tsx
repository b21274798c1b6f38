"use client";

import { IndexedDbOutbox, type OutboxCounts } from "@tillsync/sync/browser";
import Link from "./till-link";
import { useEffect, useState } from "react";

import { Button } from "~/components/ui/button";

import { loadTillShop } from "./local-store";

/** What the outbox of the shop this till last sold for still holds; null while reading or when there is none. */
function useWaitingSales() {
  const [counts, setCounts] = useState<OutboxCounts | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const shop = await loadTillShop();
      if (!shop) return;
      const outbox = await IndexedDbOutbox.open(`tillsync-outbox-${shop.id}`);
      try {
        const next = await outbox.counts();
        if (!cancelled) setCounts(next);
      } finally {
        outbox.close();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return counts;
}

const sales = (count: number) => (count === 1 ? "1 sale" : `${count} sales`);

/**
 * The POS with nobody signed in (DESIGN.md §5). Sales queued on this till are never lost by
 * signing out: the screen says how many wait and that any staff member's sign-in sends them
 * (they stay recorded as rung up by whoever sold them, §7).
 */
export function SignedOut({ offline }: { offline: boolean }) {
  const counts = useWaitingSales();
  const waiting = counts?.pending ?? 0;
  const rejected = counts?.rejected ?? 0;
  return (
    <div className="mx-auto grid max-w-md gap-4 p-10 text-center">
      <h1 className="text-xl font-semibold">Sign in to sell</h1>
      {waiting > 0 ? (
        <p role="status" className="rounded-md border border-warning/50 bg-warning/10 p-3 font-medium">
          {sales(waiting)} {waiting === 1 ? "is" : "are"} waiting on this till. Anyone on the staff can sign in to send {waiting === 1 ? "it" : "them"};{" "}
          {waiting === 1 ? "it stays" : "they stay"} recorded as rung up by whoever sold {waiting === 1 ? "it" : "them"}.
        </p>
      ) : null}
      {rejected > 0 ? (
        <p className="text-sm">
          {sales(rejected)} the server refused {rejected === 1 ? "is" : "are"} kept on this till for a manager to look at after signing in.
        </p>
      ) : null}
      <p className="text-muted-foreground">
        {offline
          ? counts === null || (waiting === 0 && rejected === 0)
            ? "Nobody is signed in on this till, and the server can’t be reached. Connect to the network and sign in; after that it sells offline."
            : "The server can’t be reached: connect to the network, then sign in."
          : "Nobody is signed in on this till."}
      </p>
      <Button asChild size="lg">
        <Link href="/sign-in?next=/pos">Sign in</Link>
      </Button>
    </div>
  );
}
