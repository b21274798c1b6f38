"use client";

import type { TillDTO } from "@tillsync/validators";
import { Store } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { messageOf } from "~/lib/api-error";

import type { PosTill } from "./use-pos-till";

/**
 * Which till this browser is (DESIGN.md §8), under the header: none yet → "Choose this till"
 * (online: the shop's tills, `till.claim`); taken by another browser → said plainly, with
 * the offer to claim it back. Selling never waits on it: a sale without a till stays valid.
 */
export function TillBar({ till, online }: { till: PosTill; online: boolean }) {
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const { claim, lost } = till;
  // The bar's place is kept while the claim loads from IndexedDB: the search box and tiles
  // below it would otherwise move down when it appears (Lighthouse counted it as layout shift).
  if (claim === undefined) return <div className="min-h-14 border-b print:hidden" aria-hidden="true" />;

  async function choose(target: TillDTO) {
    setBusy(true);
    try {
      const answer = await till.claimTill(target);
      toast.success(
        answer.tookOver ? `This browser is now ${answer.till.name}; the browser that held it has been told.` : `This browser is now ${answer.till.name}.`,
      );
      setChoosing(false);
    } catch (error) {
      toast.error(`Could not claim the till: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  }

  function open() {
    setChoosing(true);
    void till.loadTills();
  }

  return (
    <div className="flex min-h-14 flex-wrap items-center justify-between gap-2 border-b px-4 py-2 text-sm print:hidden" role="region" aria-label="Till">
      <span className="inline-flex items-center gap-2">
        <Store className="size-4" />
        {claim === null
          ? "This browser is not a till yet: choose one to open a drawer and take cash."
          : lost
            ? `Another browser has taken over ${claim.name}. This browser keeps selling, but its drawer stays shut until you claim the till again.`
            : `Till ${claim.name} (${claim.series})`}
      </span>
      {claim === null || lost ? (
        <Button variant="outline" size="lg" disabled={!online} onClick={open} title={online ? undefined : "Needs the network"}>
          {claim === null ? "Choose this till" : `Claim ${claim.name} again`}
        </Button>
      ) : null}
      <Dialog open={choosing} onOpenChange={setChoosing}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Choose this till</DialogTitle>
            <DialogDescription>
              This browser becomes the till you pick. A till is held by one browser at a time: another browser holding it is told it lost it.
            </DialogDescription>
          </DialogHeader>
          {till.error ? <p role="alert">{till.error}</p> : null}
          {till.tills === null ? (
            <p className="text-muted-foreground">Loading the tills…</p>
          ) : till.tills.length === 0 ? (
            <p>This shop has no till yet. A manager creates tills in the admin app, on the Tills page.</p>
          ) : (
            <ul className="grid gap-2" aria-label="Tills">
              {till.tills.map((candidate) => (
                <li key={candidate.id}>
                  <Button variant="outline" size="lg" className="w-full justify-between" disabled={busy} onClick={() => void choose(candidate)}>
                    <span>{candidate.name}</span>
                    <span className="text-muted-foreground">{candidate.claimedAt ? "in use elsewhere" : candidate.series}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </DialogContent>
      </Dialog>
    </div>
  );
}
