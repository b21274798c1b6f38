import { priceText, quantityText, lineTotal as saleLineTotal, type SaleInputRaw } from "@tillsync/validators";
import Decimal from "decimal.js";
import { v4 as uuidv4 } from "uuid";

import type { PosProduct } from "./local-store";

export interface CartLine {
  /** One line per product and price: the same product at another price is a line of its own. */
  id: string;
  product: PosProduct;
  /** Decimal strings, as validated by @tillsync/validators (never floats). */
  quantity: string;
  unitPrice: string;
  /** A scale label's line (DESIGN.md §9): nothing merges into it. */
  separate?: boolean;
}

/** For display: the server computes the sale's real totals (DESIGN.md §3 rule 3) by the same rule. */
export const lineTotal = (line: CartLine) => saleLineTotal(line.quantity, line.unitPrice);

export const cartTotal = (lines: readonly CartLine[]) => lines.reduce((sum, line) => sum.plus(lineTotal(line)), new Decimal(0)).toFixed(2);

/** The validators' message for a bad entry, or null when the value can be sent. */
export function quantityError(value: string) {
  const result = quantityText.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Invalid quantity");
}

export function priceError(value: string) {
  const result = priceText.safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? "Invalid price");
}

/**
 * Adds `quantity` of `product` at `unitPrice`, merging with a line of the same product and
 * price; a `separate` line (a scale label's) neither merges nor is merged into: its amount is
 * the label's, and quantities added up would round once instead of per label (DESIGN.md §9).
 */
export function addToCart(lines: readonly CartLine[], product: PosProduct, unitPrice: string, quantity = "1", separate = false): CartLine[] {
  const price = new Decimal(unitPrice).toFixed(2);
  const existing = separate ? undefined : lines.find((line) => !line.separate && line.product.key === product.key && new Decimal(line.unitPrice).eq(price));
  if (!existing) return [...lines, { id: uuidv4(), product, quantity: new Decimal(quantity).toFixed(), unitPrice: price, ...(separate ? { separate } : {}) }];
  return lines.map((line) => (line === existing ? { ...line, quantity: new Decimal(line.quantity).plus(quantity).toFixed() } : line));
}

/** Steps a line by ±1 (never below one unit's worth: a line at 0.25 goes to 1.25 or is removed). */
export function stepLine(lines: readonly CartLine[], id: string, step: 1 | -1): CartLine[] {
  return lines.flatMap((line) => {
    if (line.id !== id) return [line];
    // A half-typed quantity ("0.") counts as none.
    const next = (quantityError(line.quantity) ? new Decimal(0) : new Decimal(line.quantity)).plus(step);
    return next.lte(0) ? [] : [{ ...line, quantity: next.toFixed() }];
  });
}

export const setLineQuantity = (lines: readonly CartLine[], id: string, quantity: string): CartLine[] =>
  lines.map((line) => (line.id === id ? { ...line, quantity } : line));

export const removeLine = (lines: readonly CartLine[], id: string): CartLine[] => lines.filter((line) => line.id !== id);

/**
 * The sale as queued: a fresh UUID v4 externalId (the uuid package: crypto.randomUUID is
 * missing where the page is not a secure context), the till's clock as occurredAt and the
 * signed-in staff member as cashier (`cashierId`, DESIGN.md §7; none for a till without a
 * staff user). Every
 * line carries the price the customer was charged; a product made at the till travels
 * inline with its own externalId, so every sale naming it resolves to one product.
 */
export function toSaleInput(lines: readonly CartLine[], sourceDevice: string, cashierId: string | null | undefined, now = new Date()): SaleInputRaw {
  return {
    externalId: uuidv4(),
    sourceDevice,
    clientTimestamp: now.toISOString(),
    ...(cashierId ? { cashierId } : {}),
    items: lines.map(({ product, quantity, unitPrice }) =>
      product.id !== null
        ? { productId: product.id, quantity, unitPrice }
        : {
            product: {
              externalId: product.externalId ?? undefined,
              name: product.name,
              isVolatile: product.isVolatile,
              unitPrice: product.unitPrice,
              sku: product.sku ?? undefined,
            },
            quantity,
            unitPrice,
          },
    ),
  };
}
