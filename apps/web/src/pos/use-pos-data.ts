"use client";

import { startTransition, useCallback, useEffect, useRef, useState } from "react";

import { httpCodeOf, isApiError } from "~/lib/api-error";

import { tillApi } from "./api";
import type { ProductDTO } from "@tillsync/validators";

import {
  addLocalProduct,
  applyCatalogueChanges,
  applyFullCatalogue,
  clearSession,
  forgetPendingSignOut,
  loadCatalogue,
  loadCatalogueCursor,
  loadNames,
  loadSession,
  pendingSignOut,
  saveSession,
  type PosProduct,
  type PosSession,
} from "./local-store";

export type SessionState =
  | { kind: "loading" }
  /** Never signed in on this browser, or signed out: the server says so, or we are offline with nothing remembered. */
  | { kind: "signed-out"; offline: boolean }
  | { kind: "ready"; session: PosSession };

/** How often an open, online till asks for catalogue changes on its own (ms). */
const CATALOGUE_POLL_MS = 60_000;
/** No answer at all (offline, server down) as opposed to an answer that says no. */
const isNetworkFailure = (error: unknown) => !isApiError(error) || error.data === undefined;

/**
 * Ends the server session of the till's cookie; false when the call did not get through.
 * Better Auth's client (~12 KiB gzipped) is loaded here, when it is needed, not with the till
 * (issue 21: /pos first-load JS); the service worker keeps its chunk for offline opens.
 */
async function signOutOnServer(): Promise<boolean> {
  const result = await import("~/lib/auth-client").then(({ authClient }) => authClient.signOut()).catch(() => ({ error: true }));
  return !result.error;
}

/**
 * How often a signed-out till asks the server again while it still owes it a sign-out or
 * could not reach it (besides at once on `online`).
 */
const SIGNED_OUT_CHECK_MS = 5_000;

/**
 * What the server says of the till's cookie, finishing a sign-out made offline on the way:
 * a cookie still holding the session of the user who signed out has that session ended
 * now; somebody else's session (signed in since) is theirs, so the owed sign-out is
 * dropped. "unreachable": no answer at all; "failed": an answer that is neither.
 */
async function askServer(): Promise<{ kind: "ready"; session: PosSession } | { kind: "signed-out" | "unreachable" | "failed" }> {
  const signedOutUser = await pendingSignOut();
  let current: PosSession;
  try {
    current = await tillApi.shop.current.query();
  } catch (error) {
    if (httpCodeOf(error) === "UNAUTHORIZED") {
      // No session on the server: nothing is owed any more either.
      await clearSession();
      return { kind: "signed-out" };
    }
    return { kind: isNetworkFailure(error) ? "unreachable" : "failed" };
  }
  if (signedOutUser !== null && (current.principal.userId ?? "") === signedOutUser) {
    // A failed call leaves the sign-out owed: the signed-out screen's check tries again.
    if (await signOutOnServer()) await forgetPendingSignOut();
    return { kind: "signed-out" };
  }
  if (signedOutUser !== null) await forgetPendingSignOut();
  await saveSession(current);
  return { kind: "ready", session: current };
}

/** Products per product.changes call: a first load of 20,000 products takes 20 calls. */
const CATALOGUE_PAGE = 1_000;

const catalogueChannel = (shopId: number) => `tillsync-catalogue-${shopId}`;

/** Runs `pull` while no other tab of this browser pulls the shop's catalogue (Web Locks; none where the page is not a secure context). */
async function withCatalogueLock<T>(shopId: number, pull: () => Promise<T>): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return pull();
  return await navigator.locks.request(`tillsync-catalogue-${shopId}`, pull);
}

/**
 * One catalogue pull: product.changes from the stored cursor until the server says there is
 * no more, each page of changes applied with its cursor as it comes; a first load (no cursor)
 * is applied once all of its pages are in. True when anything changed.
 */
async function pullCatalogue(shopId: number): Promise<boolean> {
  let cursor = (await loadCatalogueCursor(shopId)) ?? undefined;
  const full: ProductDTO[] = [];
  let changed = false;
  for (;;) {
    const page = await tillApi.product.changes.query({ cursor, limit: CATALOGUE_PAGE });
    cursor = page.cursor;
    if (page.fullLoad) full.push(...page.products);
    else if (page.products.length || page.merged.length || !page.more) await applyCatalogueChanges(shopId, page);
    changed ||= page.fullLoad || page.products.length > 0 || page.merged.length > 0;
    if (!page.more) {
      if (page.fullLoad) await applyFullCatalogue(shopId, { products: full, merged: page.merged, cursor: page.cursor });
      return changed;
    }
  }
}

/**
 * The till's user, shop and catalogue. The remembered copy (IndexedDB) renders at once,
 * so the POS never waits on the network; when the server answers, it replaces it. A
 * server that says UNAUTHORIZED signs the till out (its queued sales stay queued). A
 * sign-out made offline is finished as soon as the server answers for that same user:
 * when the page opens, and on a signed-out till when the network comes back (`online`)
 * or at each periodic check while the sign-out is owed.
 */
export function usePosData() {
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  const [catalogue, setCatalogue] = useState<PosProduct[]>([]);
  const [catalogueError, setCatalogueError] = useState<string | null>(null);
  const [productNames, setProductNames] = useState<ReadonlyMap<number, string>>(new Map());
  const shopId = state.kind === "ready" ? state.session.shop.id : null;
  // The till, and each new catalogue, are rendered as transitions: React renders them in slices
  // that leave the main thread free in between and shows them when done, where a plain update
  // held it for the whole render (issue 21: ~0.5 s at 4× CPU for the till's first screen).
  const showReady = useCallback((session: PosSession) => startTransition(() => setState({ kind: "ready", session })), []);
  const showCatalogue = useCallback((products: PosProduct[]) => startTransition(() => setCatalogue(products)), []);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const remembered = await loadSession();
      if (cancelled) return;
      if (remembered) showReady(remembered);
      const answer = await askServer();
      if (cancelled) return;
      if (answer.kind === "ready") showReady(answer.session);
      else if (answer.kind === "signed-out") setState({ kind: "signed-out", offline: false });
      else if (!remembered) setState({ kind: "signed-out", offline: answer.kind === "unreachable" });
    })();
    return () => {
      cancelled = true;
    };
  }, [showReady]);

  // A signed-out till does not wait for a reload to learn that the server is back: it
  // finishes an owed sign-out and drops the "can't be reached" message at once.
  const signedOut = state.kind === "signed-out";
  const unreachable = state.kind === "signed-out" && state.offline;
  useEffect(() => {
    if (!signedOut) return;
    let closed = false;
    let asking = false;
    const ask = async () => {
      if (asking || !navigator.onLine) return;
      asking = true;
      try {
        const answer = await askServer();
        if (closed) return;
        if (answer.kind === "ready") showReady(answer.session);
        else if (answer.kind !== "failed") setState({ kind: "signed-out", offline: answer.kind === "unreachable" });
      } finally {
        asking = false;
      }
    };
    const onOnline = () => void ask();
    const onOffline = () => setState({ kind: "signed-out", offline: true });
    const timer = setInterval(() => {
      if (unreachable) void ask();
      else void pendingSignOut().then((owed) => (owed === null ? undefined : ask()));
    }, SIGNED_OUT_CHECK_MS);
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      closed = true;
      clearInterval(timer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, [signedOut, unreachable, showReady]);

  /** This tab's pull: one at a time; a call while one runs asks for one more after it. */
  const pulling = useRef<{ running: Promise<void>; again: boolean } | null>(null);

  /**
   * Brings the till's catalogue up to date (issue 21, docs/sync-protocol.md "Catalogue"):
   * only what changed since the cursor kept in IndexedDB, or every page on a first load.
   * One tab of the browser pulls at a time (Web Locks, where the page is a secure context;
   * elsewhere tabs may pull side by side, which costs bytes, not correctness: applying a
   * page twice changes nothing) and tells the others on a BroadcastChannel, which show the
   * catalogue from IndexedDB without asking the server.
   */
  const refreshCatalogue = useCallback(async () => {
    if (shopId === null) return;
    if (pulling.current) {
      pulling.current.again = true;
      return pulling.current.running;
    }
    const state = { running: Promise.resolve(), again: false };
    pulling.current = state;
    state.running = (async () => {
      let changedAny = false;
      try {
        do {
          state.again = false;
          const changed = await withCatalogueLock(shopId, () => pullCatalogue(shopId));
          setCatalogueError(null);
          changedAny ||= changed;
          if (changed) {
            const channel = new BroadcastChannel(catalogueChannel(shopId));
            channel.postMessage("changed");
            channel.close();
          }
        } while (state.again);
      } catch (error) {
        setCatalogueError(isNetworkFailure(error) ? "Offline: showing the catalogue saved on this till." : "Could not refresh the catalogue.");
      } finally {
        pulling.current = null;
      }
      // An empty pull (the usual one after a sync) leaves the grid as it is: no re-render of every tile.
      if (!changedAny) return;
      showCatalogue(await loadCatalogue(shopId));
      setProductNames(await loadNames());
    })();
    return state.running;
  }, [shopId, showCatalogue]);

  useEffect(() => {
    if (shopId === null) return;
    void loadCatalogue(shopId).then(showCatalogue);
    void loadNames().then(setProductNames);
    const refresh = () => void refreshCatalogue();
    refresh();
    window.addEventListener("online", refresh);
    // An open till also asks on its own (docs/sync-protocol.md "Catalogue"): every minute while
    // online and shown, and when it is shown again; a pull with nothing new is ~600 bytes. Without
    // it a till that sells nothing for a while kept the prices it opened with.
    const poll = window.setInterval(() => {
      if (navigator.onLine && document.visibilityState === "visible") refresh();
    }, CATALOGUE_POLL_MS);
    const onShown = () => {
      if (document.visibilityState === "visible" && navigator.onLine) refresh();
    };
    document.addEventListener("visibilitychange", onShown);
    // Another tab pulled: show what it stored.
    const channel = new BroadcastChannel(catalogueChannel(shopId));
    channel.onmessage = () => {
      void loadCatalogue(shopId).then(showCatalogue);
      void loadNames().then(setProductNames);
    };
    return () => {
      window.removeEventListener("online", refresh);
      window.clearInterval(poll);
      document.removeEventListener("visibilitychange", onShown);
      channel.close();
    };
  }, [shopId, refreshCatalogue, showCatalogue]);

  const createLocalProduct = useCallback(
    async (product: Parameters<typeof addLocalProduct>[1]) => {
      if (shopId === null) throw new Error("No shop");
      const created = await addLocalProduct(shopId, product);
      setCatalogue(await loadCatalogue(shopId));
      return created;
    },
    [shopId],
  );

  /**
   * Signs the till out: forgets the user and the catalogue at once (offline too) and ends
   * the server session, or leaves that for when the server is back. Queued sales stay.
   */
  const signOut = useCallback(async () => {
    if (state.kind !== "ready") return;
    await clearSession(state.session.principal.userId ?? "");
    if (await signOutOnServer()) await forgetPendingSignOut();
    setState({ kind: "signed-out", offline: !navigator.onLine });
  }, [state]);

  return { state, catalogue, productNames, catalogueError, refreshCatalogue, createLocalProduct, signOut };
}
