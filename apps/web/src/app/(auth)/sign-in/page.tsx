import type { Metadata } from "next";

import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

// Server-rendered whole (the form reads `next` only once signed in), so the form is there
// before the page's JavaScript runs.
export default function SignInPage() {
  return <SignInForm />;
}
