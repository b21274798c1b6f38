"use client";

import { useEffect, useRef } from "react";

/** The till's keyboard shortcuts (issue 21), shown on screen next to what they do and in `aria-keyshortcuts`. */
export const TILL_KEYS = {
  /** Focus the product search (and select what it holds). */
  search: { key: "F2", aria: "F2", label: "F2" },
  /** Charge the sale: opens the payment step, where Enter confirms an exact payment. */
  charge: { key: "Enter", aria: "Control+Enter", label: "Ctrl+Enter" },
} as const;

/**
 * F2 focuses the search box and Ctrl+Enter (⌘+Enter on a Mac) charges, from anywhere on the
 * till except inside a dialog (its keys are its own). Function keys and a modifier with Enter:
 * neither is typed by a barcode scanner (scan-wedge.ts) nor inserts text, so a scan is never
 * taken for a shortcut and a shortcut never lands in a field.
 *
 * Hand-written rather than a hotkeys library: two keys, one listener; a library would add a
 * dependency and its own idea of "inside a field" for no gain.
 */
export function useTillShortcuts(actions: { focusSearch: () => void; charge: () => void }) {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (event.isComposing || target?.closest('[role="dialog"], [role="alertdialog"]')) return;
      if (event.key === TILL_KEYS.search.key && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        latest.current.focusSearch();
      } else if (event.key === TILL_KEYS.charge.key && (event.ctrlKey || event.metaKey) && !event.altKey) {
        event.preventDefault();
        latest.current.charge();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
