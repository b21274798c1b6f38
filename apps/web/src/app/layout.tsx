import type { Metadata, Viewport } from "next";
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
        {/* The first Tab stop of every page (WCAG 2.4.1): past the navigation to the page's own content, <main id="main-content">. */}
        <a
          href="#main-content"
          className="sr-only rounded-md bg-primary px-4 py-2 font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-[100]"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
