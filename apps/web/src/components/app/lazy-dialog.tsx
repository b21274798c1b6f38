"use client";

import { lazy, Suspense, useEffect, useState, type ComponentType } from "react";

/** Every lazyDialog's loader, for preloadOnce. */
const preloaders: (() => Promise<unknown>)[] = [];

/** How long after the page (the till, an admin page) first shows before its dialogs' code is fetched: past its first paint. */
const PRELOAD_AFTER_MS = 3_000;
let preloadScheduled = false;

/**
 * Fetches every lazyDialog's code once, in the browser's idle time PRELOAD_AFTER_MS after the
 * first of them mounts (with the till), so a dialog's first opening does not wait for the
 * network, and a till left open across an update (whose new service worker drops the old
 * build's chunks) already has them.
 */
function preloadOnce() {
  if (preloadScheduled) return;
  preloadScheduled = true;
  window.setTimeout(() => {
    const run = () => {
      for (const preload of preloaders) void preload().catch(() => undefined);
    };
    if ("requestIdleCallback" in window) window.requestIdleCallback(run, { timeout: 5_000 });
    else run();
  }, PRELOAD_AFTER_MS);
}

/**
 * A dialog whose code is not part of its page's first load (issue 21: /pos first-load JS ≤
 * 250 KB; an admin page's form and its zod schemas): `load` imports the component, `isOpen`
 * says from its props whether it is open. Closed and never opened, it renders nothing; once
 * opened it stays mounted, so closing it animates and returns focus as any dialog does. The
 * code is fetched in idle time a few seconds after the page shows (preloadOnce), or at the
 * first opening if that comes sooner. Offline: the service worker (pos/sw.ts) precaches every
 * chunk of the build, so a till reopened without a network loads them from the cache.
 */
export function lazyDialog<P extends object>(load: () => Promise<ComponentType<P>>, isOpen: (props: P) => boolean): ComponentType<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // A failed fetch is tried again at the next attempt rather than remembered.
        loading = undefined;
        throw error;
      },
    ));
  preloaders.push(preload);
  const Loaded = lazy(preload);
  function LazyDialog(props: P) {
    const open = isOpen(props);
    const [opened, setOpened] = useState(open);
    // Adjusting state while rendering (react.dev, "You might not need an effect"): the first opening mounts it for good.
    if (open && !opened) setOpened(true);
    useEffect(preloadOnce, []);
    if (!open && !opened) return null;
    return (
      <Suspense fallback={null}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  return LazyDialog;
}
