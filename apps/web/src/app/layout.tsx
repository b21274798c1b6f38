import type { Metadata } from "next";
import Link from "next/link";

import { TRPCReactProvider } from "~/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tillsync", template: "%s · Tillsync" },
  description: "Offline-first sales and stock for small shops.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <TRPCReactProvider>
          <header className="border-b bg-card">
            <div className="mx-auto flex h-14 w-full max-w-5xl items-center gap-6 px-4">
              <Link href="/" className="font-semibold tracking-tight">
                Tillsync
              </Link>
            </div>
          </header>
          <main className="mx-auto w-full max-w-5xl flex-1 px-4 py-10">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
