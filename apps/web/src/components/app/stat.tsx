import { cn } from "~/lib/utils";

/**
 * A labelled figure (stock on hand, revenue); a named group, so tests and screen readers find it by its label.
 * A figure too wide for its box ("118,70 € short" in a German shop on a phone) wraps rather than being cut with an ellipsis.
 */
export function Stat({ label, value, tone }: { label: string; value: string; tone?: "destructive" }) {
  return (
    <div role="group" aria-label={label} className="rounded-xl border bg-card p-4">
      <p className="text-sm text-muted-foreground">{label}</p>
      <p className={cn("mt-1 text-xl font-semibold tabular-nums [overflow-wrap:anywhere]", tone === "destructive" && "text-destructive")}>{value}</p>
    </div>
  );
}
