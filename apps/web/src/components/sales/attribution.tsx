import type { SaleCashier, SaleDeliveredBy } from "@tillsync/validators";

/**
 * Who rang a sale up, in words (DESIGN.md §7): the till's claim, checked against the shop's
 * staff. A cashier removed since is still named; an id the shop never had is shown as is.
 */
export function cashierLabel(cashier: SaleCashier | null): string {
  if (!cashier) return "";
  if (cashier.status === "unknown") return `Unknown staff member (${cashier.id})`;
  const name = cashier.name ?? cashier.id;
  return cashier.status === "former" ? `${name} (no longer on the staff)` : name;
}

/** Whose session or which till key sent the sale to the server. */
export function deliveredByLabel(deliveredBy: SaleDeliveredBy | null): string {
  if (!deliveredBy) return "";
  if (deliveredBy.kind === "apiKey") return `Till key “${deliveredBy.name}”`;
  return deliveredBy.name ?? deliveredBy.userId;
}
