import { createHash } from "node:crypto";

import type { SaleInput } from "@tillsync/validators";

import { toDec } from "../decimal";

/** The fingerprint definition new sales are stored under (sale.fingerprint_version). */
export const FINGERPRINT_VERSION = 2;

/**
 * What makes two submissions of one externalId "the same sale" (DESIGN.md §3.2), by
 * definition version:
 * - 1: the normalised items, the `sourceDevice` label and the client's timestamp.
 * - 2: facts only: the normalised items, the instant of the client's clock (any spelling of
 *   one instant is the same sale) and the cashier the till named. Delivery metadata such as
 *   `sourceDevice` is left out, so a retry after the till app upgraded is a replay.
 * A stored sale is compared under the version it was stored with, so an honest retry of a
 * sale stored under version 1 still replays. Numbers are normalised ("0.5" = "0.500") so
 * that a client re-serialising its queue does not look like a different sale. `at` is the
 * clock's instant (naive clocks already read in the shop's time zone).
 */
export function saleFingerprint(input: SaleInput, at: Date | null, version: number = FINGERPRINT_VERSION): string {
  const items = normalisedItems(input);
  const clientTimestamp = at?.toISOString() ?? null;
  const normalised = version === 1 ? { device: input.sourceDevice ?? null, clientTimestamp, items } : { v: version, at: clientTimestamp, cashier: input.cashierId ?? null, items };
  return sha256(JSON.stringify(normalised));
}

const normalisedItems = (input: SaleInput) =>
  input.items.map((item) => [
    item.productId ?? null,
    item.product
      ? [
          item.product.externalId ?? null,
          item.product.name,
          item.product.isVolatile,
          item.product.unitPrice === undefined ? null : toDec(item.product.unitPrice).toFixed(2),
          item.product.reorderLevel === undefined ? null : toDec(item.product.reorderLevel).toFixed(3),
          item.product.sku ?? null,
        ]
      : null,
    toDec(item.quantity).toFixed(3),
    item.unitPrice === undefined ? null : toDec(item.unitPrice).toFixed(2),
  ]);

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
