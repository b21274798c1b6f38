import { Skeleton } from "~/components/ui/skeleton";

/**
 * The admin app's frame while the session loads (app-shell.tsx): the sidebar or top bar and
 * the page's place, in the same boxes the shell then fills, so the prerendered HTML paints a
 * page before any JavaScript has run (issue 21: phones showed a line of text until the
 * scripts had loaded) and nothing moves when the shell replaces it. A server component:
 * no JavaScript of its own.
 */
export function ShellFrame() {
  return (
    <div className="flex min-h-dvh flex-col lg:flex-row" aria-busy="true">
      <div className="sticky top-0 z-30 flex shrink-0 flex-col border-b bg-card lg:h-dvh lg:w-60 lg:border-r lg:border-b-0 print:hidden">
        <div className="flex h-14 items-center px-4">
          <span className="font-semibold tracking-tight">Tillsync</span>
        </div>
        {/* Phones open the pages from a menu button: no row of links there. */}
        <div className="flex gap-2 px-2 pb-2 max-md:hidden lg:flex-col">
          {[0, 1, 2, 3].map((n) => (
            <Skeleton key={n} className="h-10 w-24 lg:w-full" />
          ))}
        </div>
      </div>
      <div className="mx-auto grid w-full max-w-6xl min-w-0 flex-1 content-start gap-6 px-4 py-6 md:px-6 lg:py-8">
        <p className="text-sm text-muted-foreground">Loading your shop…</p>
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-64 w-full" />
      </div>
    </div>
  );
}
