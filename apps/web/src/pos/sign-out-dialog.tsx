"use client";

import { useState } from "react";

import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";

/**
 * The warning before signing out of a till that still holds unsent sales or is offline
 * (DESIGN.md §5): what happens to the sales, and staying signed in is the default.
 */
export function SignOutDialog({
  open,
  onOpenChange,
  pending,
  offline,
  onSignOut,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: number;
  offline: boolean;
  onSignOut: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const one = pending === 1;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{pending > 0 ? `Sign out with ${one ? "1 sale" : `${pending} sales`} not sent?` : "Sign out while offline?"}</DialogTitle>
          <DialogDescription asChild>
            <div className="grid gap-2">
              {pending > 0 ? (
                <p>
                  {one ? "1 sale has" : `${pending} sales have`} not been sent to the server yet. {one ? "It stays" : "They stay"} safely on this till, recorded
                  as rung up by you, and {one ? "is" : "are"} sent as soon as anyone on the staff signs in here with the network on.
                </p>
              ) : null}
              {offline ? <p>This till is offline: it forgets you now, and your session on the server ends when the network is back.</p> : null}
              <p>Until somebody signs in again, this till cannot take sales.</p>
            </div>
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" size="lg" onClick={() => onOpenChange(false)} disabled={busy}>
            Stay signed in
          </Button>
          <Button
            variant="destructive"
            size="lg"
            busy={busy}
            onClick={() => {
              setBusy(true);
              void onSignOut().finally(() => setBusy(false));
            }}
          >
            Sign out anyway
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
