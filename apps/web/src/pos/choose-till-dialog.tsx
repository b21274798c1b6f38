"use client";

import type { TillDTO } from "@tillsync/validators";
import { useState } from "react";

import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { messageOf } from "~/lib/api-error";

import Link from "./till-link";
import type { PosTill } from "./use-pos-till";
import { notify } from "./notify";

/**
 * till-bar.tsx's "Choose this till" (DESIGN.md §8), loaded when it first opens (or in idle time
 * after the till shows): the shop's tills (`till.loadTills`, asked for by the bar as it opens
 * this), one of them claimed with `till.claimTill`; closes once the claim is made.
 */
export function ChooseTillDialog({ till, open, onOpenChange }: { till: PosTill; open: boolean; onOpenChange: (open: boolean) => void }) {
  const [busy, setBusy] = useState(false);

  async function choose(target: TillDTO) {
    setBusy(true);
    try {
      const answer = await till.claimTill(target);
      notify(
        "success",
        answer.tookOver ? `This browser is now ${answer.till.name}; the browser that held it has been told.` : `This browser is now ${answer.till.name}.`,
      );
      onOpenChange(false);
    } catch (error) {
      notify("error", `Could not claim the till: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
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
          <p>
            This shop has no till yet. A manager creates tills in the admin app, on the{" "}
            <Link href="/tills" className="text-primary underline underline-offset-4">
              Tills page
            </Link>
            .
          </p>
        ) : (
          <ul className="grid gap-2" aria-label="Tills">
            {till.tills.map((candidate) => (
              <li key={candidate.id}>
                <Button variant="outline" size="lg" className="w-full justify-between" busy={busy} onClick={() => void choose(candidate)}>
                  <span>{candidate.name}</span>
                  <span className="text-muted-foreground">{candidate.claimedAt ? "in use elsewhere" : candidate.series}</span>
                </Button>
              </li>
            ))}
          </ul>
        )}
      </DialogContent>
    </Dialog>
  );
}
