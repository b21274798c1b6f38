"use client";

import { lazy, Suspense, useEffect, useSyncExternalStore } from "react";

// The till's toasts are sonner's, like the admin app's, but sonner (~9 KiB gzipped) is loaded
// with the first toast rather than with /pos (issue 21: /pos first-load JS). Its Toaster only
// shows toasts raised after it subscribed, so a toast waits for the Toaster to be mounted.

let wanted = false;
const listeners = new Set<() => void>();
let toasterMounted: () => void;
const mounted = new Promise<void>((resolve) => (toasterMounted = resolve));

const LazyToaster = lazy(async () => {
  const { Toaster } = await import("sonner");
  return {
    default: function MountedToaster() {
      // Runs after the Toaster's own effects (children's run first), i.e. once it listens.
      useEffect(() => toasterMounted(), []);
      return <Toaster richColors position="top-right" />;
    },
  };
});

/**
 * Shows `message` as a toast on the till (success: green, error: red and kept until closed by
 * sonner's rules). Never throws; the toast appears once sonner has loaded (a few ms online; it
 * is precached by the service worker for offline use). Needs <TillToasts /> mounted.
 */
export function notify(kind: "success" | "error", message: string) {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  void mounted.then(() => import("sonner")).then(({ toast }) => toast[kind](message));
}

/** Where the till's toasts appear: renders nothing until the first notify(). */
export function TillToasts() {
  const show = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => wanted,
    () => false,
  );
  return show ? (
    <Suspense fallback={null}>
      <LazyToaster />
    </Suspense>
  ) : null;
}
