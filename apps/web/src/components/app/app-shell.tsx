"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { LogOut, Menu } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { ReviewCount } from "~/components/review/review-count";
import { Button } from "~/components/ui/button";
import { httpCodeOf } from "~/lib/api-error";
import { authClient } from "~/lib/auth-client";
import { setShopLocale } from "~/lib/format";
import { canSee, homeFor, navItems } from "~/lib/nav";
import { cn } from "~/lib/utils";
import { useTRPC } from "~/trpc/react";

import { EmptyState } from "./page-header";
import { QueryError } from "./query-state";
import { ShellFrame } from "./shell-frame";
import { ShopProvider } from "./shop-context";

const roleLabel = { owner: "Owner", manager: "Manager", cashier: "Cashier", device: "Till" } as const;

/**
 * The admin app's frame: the nav for the principal's role, and the page once shop.current has
 * answered (the frame alone until then). On a first load the server has usually answered it
 * already ((app)/layout.tsx), so the shell and the page arrive in the HTML. `serverLocale`
 * (the request's language) is what the server writes numbers and money in for a shop without a
 * locale of its own, where the browser uses its language (lib/format.ts setShopLocale): the two
 * agree, so hydration finds the same text.
 */
export function AppShell({ children, serverLocale }: { children: React.ReactNode; serverLocale?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.shop.current.queryOptions());
  /** Below `md` (a phone) the pages are a menu opened from the header rather than a row wider than the screen. */
  const [menuOpen, setMenuOpen] = useState(false);
  const signedOut = httpCodeOf(current.error) === "UNAUTHORIZED";

  useEffect(() => {
    if (signedOut) router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [signedOut, router, pathname]);

  // The dashboard is for managers; everyone else starts where their work is.
  const role = current.data?.principal.role;
  useEffect(() => {
    if (role && pathname === "/" && homeFor(role) !== "/") router.replace(homeFor(role));
  }, [role, pathname, router]);

  if (current.isPending || signedOut) {
    return <ShellFrame />;
  }
  if (current.isError) {
    return (
      <div className="mx-auto max-w-md p-10">
        <h1 className="mb-4 text-xl font-semibold">Tillsync can’t reach the server</h1>
        <QueryError error={current.error} retry={() => void current.refetch()} />
      </div>
    );
  }

  const { shop, principal } = current.data;
  const items = navItems.filter((item) => item.roles.includes(principal.role));
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`));

  async function signOut() {
    await authClient.signOut();
    queryClient.clear();
    router.replace("/sign-in");
  }

  // Every screen below formats numbers, dates and money in the shop's locale (issue 21).
  setShopLocale(current.data.shop.locale, typeof window === "undefined" ? serverLocale : undefined);
  return (
    <ShopProvider value={current.data} serverLocale={serverLocale}>
      <div className="flex min-h-dvh flex-col lg:flex-row">
        <header className="sticky top-0 z-30 flex shrink-0 flex-col border-b bg-card lg:h-dvh lg:w-60 lg:border-r lg:border-b-0 print:hidden">
          <div className="flex h-14 items-center justify-between gap-3 px-4">
            <div className="min-w-0">
              <Link href={homeFor(principal.role)} className="block font-semibold tracking-tight">
                Tillsync
              </Link>
              <p className="truncate text-xs text-muted-foreground">{shop.name}</p>
            </div>
            <div className="flex items-center gap-2 lg:hidden">
              <Button
                variant="outline"
                size="sm"
                className="md:hidden"
                aria-expanded={menuOpen}
                aria-controls="main-nav"
                onClick={() => setMenuOpen(!menuOpen)}
              >
                <Menu /> Menu
              </Button>
              <span className="text-right text-xs leading-tight">
                {principal.name}
                <br />
                <span className="text-muted-foreground">{roleLabel[principal.role]}</span>
              </span>
              <Button variant="ghost" size="icon" onClick={() => void signOut()} aria-label="Sign out">
                <LogOut />
              </Button>
            </div>
          </div>
          <nav
            id="main-nav"
            aria-label="Main"
            className={cn(
              "flex gap-1 px-2 pb-2 md:max-lg:flex-wrap lg:flex-1 lg:flex-col lg:pb-0",
              menuOpen ? "max-md:grid max-md:grid-cols-2" : "max-md:hidden",
            )}
          >
            {items.map(({ href, label, icon: Icon, count }) => (
              <Link
                key={href}
                href={href}
                aria-current={isActive(href) ? "page" : undefined}
                onClick={() => setMenuOpen(false)}
                className={cn(
                  "flex h-10 shrink-0 items-center gap-2 rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-foreground",
                  isActive(href) && "bg-accent text-foreground",
                )}
              >
                {/* Between tablet and sidebar widths the labels alone, wrapping onto a second row, keep every item in view. */}
                <Icon className="size-4 md:max-lg:hidden" />
                {label}
                {count === "review" ? <ReviewCount /> : null}
              </Link>
            ))}
          </nav>
          <div className="hidden items-center justify-between gap-2 border-t p-4 lg:flex">
            <div className="min-w-0 text-sm leading-tight">
              <p className="truncate font-medium">{principal.name}</p>
              <p className="text-xs text-muted-foreground">{roleLabel[principal.role]}</p>
            </div>
            <Button variant="ghost" size="icon" onClick={() => void signOut()} aria-label="Sign out">
              <LogOut />
            </Button>
          </div>
        </header>
        <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-6xl min-w-0 flex-1 px-4 py-6 md:px-6 lg:py-8">
          {canSee(principal.role, pathname) ? (
            children
          ) : (
            <EmptyState title="This page isn’t part of your role">
              <Link className="text-primary underline" href={homeFor(principal.role)}>
                Go to your start page
              </Link>
            </EmptyState>
          )}
        </main>
      </div>
    </ShopProvider>
  );
}
