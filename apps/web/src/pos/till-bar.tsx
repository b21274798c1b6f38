"use client";

import { Store } from "lucide-react";
import { useState } from "react";

import { Button } from "~/components/ui/button";
import { cn } from "~/lib/utils";

import { lazyDialog } from "~/components/app/lazy-dialog";
import type { PosTill } from "./use-pos-till";

// The dialog is not part of the till's first load (lazy-dialog.tsx).
const ChooseTillDialog = lazyDialog(
  () => import("./choose-till-dialog").then((module) => module.ChooseTillDialog),
  (props) => props.open,
);

/** The bar's box: one fixed height (two lines of text or a large button fit in it), so its content never moves what is below. */
const BAR = "flex h-14 items-center border-b";

/**
 * Which till this browser is (DESIGN.md §8), under the header: none yet → "Choose this till"
 * (online: the shop's tills, `till.claim`); taken by another browser → said plainly, with
 * the offer to claim it back. Selling never waits on it: a sale without a till stays valid.
 */
export function TillBar({ till, online }: { till: PosTill; online: boolean }) {
  const [choosing, setChoosing] = useState(false);
  const { claim, lost } = till;
  // The bar is one height (BAR) whatever it says and however narrow the screen: its place is
  // kept while the claim loads from IndexedDB, and nothing below it (search box, tiles) moves
  // when it appears. It wrapped to three rows on a phone, and Lighthouse counted CLS 0.145.
  if (claim === undefined) return <div className={cn(BAR, "print:hidden")} aria-hidden="true" />;

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
      <ChooseTillDialog till={till} open={choosing} onOpenChange={setChoosing} />
    </div>
  );
}
