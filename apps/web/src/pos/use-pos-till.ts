"use client";

import type { TillClaimDTO, TillDTO } from "@tillsync/validators";
import { useCallback, useEffect, useState } from "react";

import { isApiError, messageOf } from "~/lib/api-error";

import { tillApi } from "./api";

import { browserClaimId, loadTillClaim, saveTillClaim, type TillClaim } from "./local-store";

export interface PosTill {
  /** undefined while the stored claim is read; null: this browser holds no till. */
  claim: TillClaim | null | undefined;
  /** The server says another browser claimed this till since (it can be claimed back). */
  lost: boolean;
  /** The shop's tills that can be claimed (online only; null until asked). */
  tills: TillDTO[] | null;
  error: string | null;
  /** Asks the server for the shop's tills. */
  loadTills: () => Promise<void>;
  /** Claims `till` for this browser (online) and keeps the claim and the server's Z counter locally. */
  claimTill: (till: TillDTO) => Promise<TillClaimDTO>;
}

/** How often an online till asks whether it still holds its till. */
const STATUS_CHECK_MS = 60_000;

/** Other tabs of this browser learn of a claim on this channel. */
const channelName = (shopId: number) => `tillsync-till-${shopId}`;

/**
 * The till this browser holds (DESIGN.md §8): read from IndexedDB at once (selling works
 * offline with it), checked with `till.status` whenever the page is online, so a browser
 * whose till was claimed elsewhere says so plainly. Claiming is online only.
 */
export function usePosTill(shopId: number, online: boolean): PosTill {
  const [claim, setClaim] = useState<TillClaim | null | undefined>(undefined);
  const [lost, setLost] = useState(false);
  const [tills, setTills] = useState<TillDTO[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let closed = false;
    const read = () =>
      void loadTillClaim(shopId).then((stored) => {
        if (closed) return;
        setClaim(stored);
        setLost(false);
      });
    read();
    const channel = new BroadcastChannel(channelName(shopId));
    channel.onmessage = read;
    return () => {
      closed = true;
      channel.close();
    };
  }, [shopId]);

  const tillId = claim?.tillId;
  const claimId = claim?.claimId;
  useEffect(() => {
    if (!online || tillId === undefined || claimId === undefined) return;
    let closed = false;
    const check = () =>
      tillApi.till.status
        .query({ tillId, claimId })
        .then((status) => {
          if (!closed) setLost(!status.held);
        })
        .catch((failure: unknown) => {
          // A till deleted or archived on the server is lost too; no answer at all says nothing.
          if (!closed && isApiError(failure) && failure.data?.code === "NOT_FOUND") setLost(true);
        });
    void check();
    // The browser that lost its till learns it within a minute, not only on reload.
    const timer = setInterval(() => void check(), STATUS_CHECK_MS);
    return () => {
      closed = true;
      clearInterval(timer);
    };
  }, [online, tillId, claimId]);

  const loadTills = useCallback(async () => {
    try {
      setTills((await tillApi.till.list.query()).filter((till) => till.archivedAt === null));
      setError(null);
    } catch (failure) {
      setError(`Could not load the tills: ${messageOf(failure)}`);
    }
  }, []);

  const claimTill = useCallback(
    async (till: TillDTO) => {
      const id = await browserClaimId();
      const answer = await tillApi.till.claim.mutate({ tillId: till.id, claimId: id });
      const kept: TillClaim = {
        tillId: answer.till.id,
        name: answer.till.name,
        series: answer.till.series,
        claimId: id,
        lastZNumber: answer.lastZNumber,
        lastReceiptCounter: answer.lastReceiptCounter,
        printReceipt: answer.till.printReceipt,
        paperWidth: answer.till.paperWidth,
        openSession: answer.openSession && { ...answer.openSession, openedAt: answer.openSession.openedAt.toISOString() },
        claimedAt: new Date().toISOString(),
      };
      await saveTillClaim(shopId, kept);
      setClaim(kept);
      setLost(false);
      const channel = new BroadcastChannel(channelName(shopId));
      channel.postMessage("claimed");
      channel.close();
      return answer;
    },
    [shopId],
  );

  return { claim, lost, tills, error, loadTills, claimTill };
}
