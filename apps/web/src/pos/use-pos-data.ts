"use client";

import { useCallback, useEffect, useState } from "react";

import { httpCodeOf, isApiError } from "~/lib/api-error";
import { authClient } from "~/lib/auth-client";
import { useTRPCClient } from "~/trpc/react";

import {
  addLocalProduct,
  clearSession,
  forgetPendingSignOut,
  fromDTO,
  loadCatalogue,
  loadNames,
  loadSession,
  pendingSignOut,
  replaceCatalogue,
  saveSession,
  type PosProduct,
  type PosSession,
} from "./local-store";

export type SessionState =
  | { kind: "loading" }
  /** Never signed in on this browser, or signed out: the server says so, or we are offline with nothing remembered. */
  | { kind: "signed-out"; offline: boolean }
  | { kind: "ready"; session: PosSession };

/** No answer at all (offline, server down) as opposed to an answer that says no. */
const isNetworkFailure = (error: unknown) => !isApiError(error) || error.data === undefined;

/** Ends the server session of the till's cookie; false when the call did not get through. */
async function signOutOnServer(): Promise<boolean> {
  const result = await authClient.signOut().catch(() => ({ error: true }));
  return !result.error;
}

/**
 * The till's user, shop and catalogue. The remembered copy (IndexedDB) renders at once,
 * so the POS never waits on the network; when the server answers, it replaces it. A
 * server that says UNAUTHORIZED signs the till out (its queued sales stay queued). A
 * sign-out made offline is finished here once the server answers for that same user.
 */
export function usePosData() {
  const client = useTRPCClient();
  const [state, setState] = useState<SessionState>({ kind: "loading" });
  const [catalogue, setCatalogue] = useState<PosProduct[]>([]);
  const [catalogueError, setCatalogueError] = useState<string | null>(null);
  const [productNames, setProductNames] = useState<ReadonlyMap<number, string>>(new Map());
  const shopId = state.kind === "ready" ? state.session.shop.id : null;

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [remembered, signedOutUser] = await Promise.all([loadSession(), pendingSignOut()]);
      if (cancelled) return;
      if (remembered) setState({ kind: "ready", session: remembered });
      try {
        const current = await client.shop.current.query();
        if (cancelled) return;
        if (signedOutUser !== null && (current.principal.userId ?? "") === signedOutUser) {
          // The cookie is still the session of the user who signed out offline: end it now.
          if (await signOutOnServer()) await forgetPendingSignOut();
          if (!cancelled) setState({ kind: "signed-out", offline: false });
          return;
        }
        // Somebody signed in since: their session is not the one to end.
        if (signedOutUser !== null) await forgetPendingSignOut();
        await saveSession(current);
        setState({ kind: "ready", session: current });
      } catch (error) {
        if (cancelled) return;
        if (httpCodeOf(error) === "UNAUTHORIZED") {
          await clearSession();
          setState({ kind: "signed-out", offline: false });
        } else if (!remembered) {
          setState({ kind: "signed-out", offline: isNetworkFailure(error) });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [client]);

  /** Downloads the whole catalogue (every page) and keeps it for offline use. */
  const refreshCatalogue = useCallback(async () => {
    if (shopId === null) return;
    const products: PosProduct[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.product.list.query({ limit: 200, cursor });
        products.push(...page.items.map(fromDTO));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      await replaceCatalogue(shopId, products);
      setCatalogueError(null);
    } catch (error) {
      setCatalogueError(isNetworkFailure(error) ? "Offline: showing the catalogue saved on this till." : "Could not refresh the catalogue.");
    }
    setCatalogue(await loadCatalogue(shopId));
    setProductNames(await loadNames());
  }, [client, shopId]);

  useEffect(() => {
    if (shopId === null) return;
    void loadCatalogue(shopId).then(setCatalogue);
    void refreshCatalogue();
    window.addEventListener("online", refreshCatalogue);
    return () => window.removeEventListener("online", refreshCatalogue);
  }, [shopId, refreshCatalogue]);

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
