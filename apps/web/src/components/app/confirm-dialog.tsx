"use client";

import type { ReactNode } from "react";

import { Button } from "~/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "~/components/ui/dialog";

/**
 * "Are you sure?" before something that cannot be undone or that is easy to do without
 * noticing (revoking a key, removing a member, archiving a product or a till, changing a role).
 * Cancel has the focus first; when the dialog closes, focus goes back to what opened it
 * (DialogContent). `tone` "default" for a change that takes nothing away (a promotion).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** The confirmed action is running: the confirm button keeps focus but ignores clicks (Button's `busy`). */
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
  tone?: "destructive" | "default";
}) {
  return (
    <Dialog open={props.open} onOpenChange={(open) => !open && props.onClose()}>
      {/* An alertdialog, as the till's confirmations: it asks a question that needs an answer. */}
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{props.title}</DialogTitle>
          <DialogDescription>{props.description}</DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button variant="outline" onClick={props.onClose}>
            Cancel
          </Button>
          <Button variant={props.tone ?? "destructive"} busy={props.busy} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
