import type { Metadata } from "next";
import { Suspense } from "react";

import { CashUpView } from "./cash-up-view";

export const metadata: Metadata = { title: "Cash-up" };

export default function CashUpPage() {
  // The till and date are read from the address (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <CashUpView />
    </Suspense>
  );
}
