import type { Metadata } from "next";
import { Suspense } from "react";

import { AcceptInviteForm } from "./accept-invite-form";

export const metadata: Metadata = { title: "Join your shop" };

export default function AcceptInvitePage() {
  return (
    <Suspense>
      <AcceptInviteForm />
    </Suspense>
  );
}
