import type { Metadata } from "next";
import { Suspense } from "react";

import { SalesView } from "./sales-view";

export const metadata: Metadata = { title: "Sales" };

export default function SalesPage() {
  // The filters are read from the address (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <SalesView />
    </Suspense>
  );
}
