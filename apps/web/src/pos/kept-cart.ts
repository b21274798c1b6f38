import type { CartLine } from "./cart";

/**
 * The sale being rung up, kept in the tab's sessionStorage so that reloading the till (an
 * update of the app, a pull-to-refresh on a tablet, a slip of the finger) does not empty the
 * customer's basket; closing the tab or signing out does. One per shop and cashier: another
 * cashier signing in on the same tab starts with an empty cart. Not the outbox: nothing here
 * is a sale until Charge queues it (DESIGN.md §5).
 */
export const keptCartKey = (shopId: number, userId: string) => `tillsync:cart:${shopId}:${userId}`;

/** The lines kept under `key`, or none (nothing kept, storage unavailable, or not lines). */
export function keptCart(key: string): CartLine[] {
  try {
    const kept: unknown = JSON.parse(sessionStorage.getItem(key) ?? "[]");
    return Array.isArray(kept) ? kept.filter(isCartLine) : [];
  } catch {
    return [];
  }
}

/** Keeps `lines` under `key` (an empty cart removes the entry). Storage full or blocked: the cart simply is not kept. */
export function keepCart(key: string, lines: readonly CartLine[]) {
  try {
    if (lines.length === 0) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(lines));
  } catch {
    // Private mode or quota: the till sells on, only a reload would empty the cart.
  }
}

function isCartLine(value: unknown): value is CartLine {
  const line = value as Partial<CartLine> | null;
  return (
    typeof line?.id === "string" &&
    typeof line.quantity === "string" &&
    typeof line.unitPrice === "string" &&
    typeof line.product === "object" &&
    line.product !== null &&
    typeof line.product.key === "string" &&
    typeof line.product.name === "string"
  );
}
