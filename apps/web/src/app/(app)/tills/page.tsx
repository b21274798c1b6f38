import type { Metadata } from "next";

import { TillsView } from "./tills-view";

export const metadata: Metadata = { title: "Tills" };

export default function TillsPage() {
  return <TillsView />;
}
