"use client";

import { useEffect } from "react";

// A USB/Bluetooth barcode scanner in keyboard mode ("keyboard wedge") types the code and
// presses Enter. Told apart from a person by speed (DESIGN.md §9):
/** Longest gap between two keystrokes of one scan, and between its last character and Enter. Scanners type 1–20 ms apart; people rarely under 60 ms key after key. */
export const SCAN_MAX_GAP_MS = 50;
/** Fewest characters a scan has (EAN-8 has 8; shop SKUs may be shorter). */
export const SCAN_MIN_LENGTH = 4;

// Hand-written rather than a library: onscan.js (last release years ago) and
// @point-of-sale/keyboard-barcode-scanner (ignores every keystroke aimed at an input, so it
// misses scans with the search box focused, and ends a scan by timeout, not Enter) both leave
// a scan typed into a focused field in that field; taking it back out is the part a till needs.

type Field = HTMLInputElement | HTMLTextAreaElement;

const isField = (target: EventTarget | null): target is Field => target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;

/**
 * Puts `value` back into a field the way typing would, so React's onChange sees it (a plain
 * `.value =` on a controlled input is overwritten by React's own state).
 */
function restoreField(field: Field, value: string, selection: [number | null, number | null]) {
  const prototype = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, "value")?.set?.call(field, value);
  field.dispatchEvent(new Event("input", { bubbles: true }));
  try {
    field.setSelectionRange(selection[0], selection[1]);
  } catch {
    // Fields such as type="number" have no selection.
  }
}

/**
 * Calls `onScan(code)` for each keyboard-wedge scan, whatever has focus on the page: a burst
 * of at least SCAN_MIN_LENGTH printable keys, each within SCAN_MAX_GAP_MS of the one before,
 * ended by Enter within SCAN_MAX_GAP_MS. The scan's Enter does nothing else (no button
 * pressed, no form sent), and a field that had focus gets back the text it held before the
 * burst began. Slower typing, or a burst not ended by Enter, is left alone. Keys typed in a
 * dialog belong to it (a new product's SKU field takes a scanned code as typing).
 * Listens on `window` in the capture phase, so it sees keys before any field does.
 */
export function useKeyboardWedge(onScan: (code: string) => void) {
  useEffect(() => {
    let code = "";
    let last = 0;
    let field: Field | null = null;
    let before = "";
    let selection: [number | null, number | null] = [null, null];
    const reset = () => {
      code = "";
      field = null;
    };

    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (event.isComposing || event.repeat || target?.closest('[role="dialog"], [role="alertdialog"]')) return reset();
      const now = event.timeStamp;
      if (event.key === "Enter") {
        if (code.length >= SCAN_MIN_LENGTH && now - last <= SCAN_MAX_GAP_MS) {
          event.preventDefault();
          event.stopPropagation();
          if (field?.isConnected) restoreField(field, before, selection);
          onScan(code);
        }
        return reset();
      }
      // Scanners press Shift for capitals: not a character, and not the end of a burst.
      if (event.key === "Shift") return;
      if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return reset();
      if (code !== "" && now - last > SCAN_MAX_GAP_MS) reset();
      if (code === "" && isField(event.target)) {
        // Read before the key's character lands in the field.
        field = event.target;
        before = field.value;
        selection = [field.selectionStart, field.selectionEnd];
      }
      code += event.key;
      last = now;
    };

    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  }, [onScan]);
}
