"use client";

import { XIcon } from "lucide-react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { useLayoutEffect, useRef, useState } from "react";
import type * as React from "react";

import { cn } from "~/lib/utils";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

/**
 * Radix gives focus back to a `Dialog.Trigger` when a dialog closes. The app's dialogs are opened
 * from state (a button's onClick, a scan, a row's action) with no Trigger, so Radix had nowhere
 * to put focus and it fell to <body> (WCAG 2.4.3). This remembers what had focus when the dialog
 * opened — read while the content first renders, before an `autoFocus` field takes focus — and
 * returns focus there; when that element is gone or disabled (the row it acted on was removed),
 * to the page's main region, so the next Tab continues in the page rather than at its top.
 */
function OpenedFrom({ openerRef }: { openerRef: React.RefObject<HTMLElement | null> }) {
  const [opener] = useState(() => (typeof document === "undefined" ? null : document.activeElement));
  // Written in a layout effect, not during render; the ref is read only when the dialog closes.
  useLayoutEffect(() => {
    openerRef.current = opener instanceof HTMLElement && opener !== document.body ? opener : null;
  }, [openerRef, opener]);
  return null;
}

function returnFocus(opener: HTMLElement | null, fallback: HTMLElement | null | undefined) {
  const target = opener?.isConnected && !opener.matches(":disabled, [inert] *") ? opener : (fallback ?? document.getElementById("main-content"));
  target?.focus();
}

/**
 * `returnFocusTo`: where focus goes when what opened the dialog is gone (default: <main>), for a
 * dialog whose own action removes its opener (closing the drawer replaces "Close drawer" with
 * "Open drawer").
 */
export function DialogContent({
  className,
  children,
  onCloseAutoFocus,
  returnFocusTo,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content> & { returnFocusTo?: () => HTMLElement | null | undefined }) {
  const opener = useRef<HTMLElement | null>(null);
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
      <DialogPrimitive.Content
        data-slot="dialog-content"
        className={cn(
          "fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto rounded-xl border bg-popover p-6 text-popover-foreground shadow-lg",
          className,
        )}
        onCloseAutoFocus={(event) => {
          onCloseAutoFocus?.(event);
          if (event.defaultPrevented) return;
          event.preventDefault();
          returnFocus(opener.current, returnFocusTo?.());
        }}
        {...props}
      >
        <OpenedFrom openerRef={opener} />
        {children}
        <DialogPrimitive.Close className="absolute top-4 right-4 rounded-sm opacity-70 transition-opacity hover:opacity-100 focus-visible:opacity-100">
          <XIcon className="size-4" />
          <span className="sr-only">Close</span>
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-1.5", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-footer" className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title className={cn("text-lg leading-none font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
