import type { Metadata, Viewport } from "next";
import { Toaster } from "sonner";

import { TRPCReactProvider } from "~/trpc/react";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Tillsync", template: "%s · Tillsync" },
  description: "Offline-first sales and stock for small shops.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#11694f" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh">
        <TRPCReactProvider>{children}</TRPCReactProvider>
        <Toaster richColors position="top-right" />
      </body>
    </html>
  );
}
