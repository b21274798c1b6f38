import type { Metadata } from "next";

import { PosScreen } from "~/pos/pos-screen";

export const metadata: Metadata = { title: "Sell" };

/**
 * Static on purpose: no server data, so the service worker can precache this page and the
 * till opens with no network; the session and catalogue come from IndexedDB.
 */
export default function PosPage() {
  return <PosScreen />;
}
