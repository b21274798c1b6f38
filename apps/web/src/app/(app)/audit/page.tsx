import type { Metadata } from "next";
import { Suspense } from "react";

import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Activity log" };

export default function AuditPage() {
  // The filters are read from the address (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <AuditView />
    </Suspense>
  );
}
