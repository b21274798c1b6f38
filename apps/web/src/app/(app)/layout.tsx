import { canManage } from "@tillsync/validators";
import { headers } from "next/headers";
import { Toaster } from "sonner";

import { AppShell } from "~/components/app/app-shell";
import { TRPCReactProvider } from "~/trpc/react";
import { currentShop, HydrateClient, prefetch, serverTRPC } from "~/trpc/server";

/**
 * The admin app's layout, rendered per request (it reads the session cookie): the shop and the
 * principal (shop.current), and for managers the nav's review count, are read on the server
 * (trpc/server.tsx) so the shell and its nav come with the HTML, and each page adds its own
 * first screen of data. Signed out, or with the API unreachable, nothing is read here and the
 * shell finds out in the browser as it always has (the frame, then sign-in or the error).
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const current = await currentShop();
  if (current && canManage(current.principal.role)) await prefetch(serverTRPC.review.count.queryOptions());
  return (
    <TRPCReactProvider>
      <HydrateClient>
        <AppShell serverLocale={requestLocale((await headers()).get("accept-language"))}>{children}</AppShell>
      </HydrateClient>
      {/* Bottom right: at the top right a "Product saved" sat over the page header's actions (Edit, Count), and a pointer resting on it keeps it there. */}
      <Toaster richColors position="bottom-right" />
    </TRPCReactProvider>
  );
}

/**
 * The first language of an Accept-Language header ("de-DE,de;q=0.9,en;q=0.8" → "de-DE"), the one
 * a browser formats in when the shop has no locale of its own; undefined when there is none or
 * Intl does not know it (the server's default then).
 */
function requestLocale(acceptLanguage: string | null): string | undefined {
  const first = acceptLanguage?.split(",")[0]?.split(";")[0]?.trim();
  if (!first || first === "*") return undefined;
  try {
    return Intl.getCanonicalLocales(first)[0];
  } catch {
    return undefined;
  }
}
