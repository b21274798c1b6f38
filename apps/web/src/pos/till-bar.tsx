"use client";

import type { TillDTO } from "@tillsync/validators";
import { Store } from "lucide-react";
import { useState } from "react";

import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "~/components/ui/dialog";
import { messageOf } from "~/lib/api-error";
import { cn } from "~/lib/utils";

import type { PosTill } from "./use-pos-till";
import { notify } from "./notify";

/** The bar's box: one fixed height (two lines of text or a large button fit in it), so its content never moves what is below. */
const BAR = "flex h-14 items-center border-b";

/**
 * Which till this browser is (DESIGN.md §8), under the header: none yet → "Choose this till"
 * (online: the shop's tills, `till.claim`); taken by another browser → said plainly, with
 * the offer to claim it back. Selling never waits on it: a sale without a till stays valid.
 */
export function TillBar({ till, online }: { till: PosTill; online: boolean }) {
  const [choosing, setChoosing] = useState(false);
  const [busy, setBusy] = useState(false);
  const { claim, lost } = till;
  // The bar is one height (BAR) whatever it says and however narrow the screen: its place is
  // kept while the claim loads from IndexedDB, and nothing below it (search box, tiles) moves
  // when it appears. It wrapped to three rows on a phone, and Lighthouse counted CLS 0.145.
  if (claim === undefined) return <div className={cn(BAR, "print:hidden")} aria-hidden="true" />;

  async function choose(target: TillDTO) {
    setBusy(true);
    try {
      const answer = await till.claimTill(target);
      notify(
        "success",
        answer.tookOver ? `This browser is now ${answer.till.name}; the browser that held it has been told.` : `This browser is now ${answer.till.name}.`,
      );
      setChoosing(false);
    } catch (error) {
      notify("error", `Could not claim the till: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  }

  function open() {
    setChoosing(true);
    void till.loadTills();
  }

  return (
    <div className={cn(BAR, "justify-between gap-2 px-4 text-sm print:hidden")} role="region" aria-label="Till">
      <span className="flex min-w-0 flex-1 items-center gap-2">
        <Store className="size-4 shrink-0" />
        {/* At most two lines, the short wording on a phone: the bar never grows. */}
        <span className="line-clamp-2 min-w-0">
          {claim === null ? (
            <>
              This browser is not a till yet<span className="max-md:hidden">: choose one to open a drawer and take cash</span>.
            </>
          ) : lost ? (
            <>
              Another browser has taken over {claim.name}.
              <span className="max-md:hidden"> This browser keeps selling, but its drawer stays shut until you claim the till again.</span>
            </>
          ) : (
            `Till ${claim.name} (${claim.series})`
          )}
        </span>
      </span>
      {claim === null || lost ? (
        <Button variant="outline" size="lg" className="shrink-0" disabled={!online} onClick={open} title={online ? undefined : "Needs the network"}>
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
