import { createHash } from "node:crypto";

import type { SaleInput } from "@tillsync/validators";

import { toDec } from "../decimal";

/**
 * What makes two submissions of one externalId "the same sale": the normalised items,
 * the device label and the client's timestamp. Numbers are normalised ("0.5" = "0.500")
 * so that a client re-serialising its queue does not look like a different sale.
 */
export function saleFingerprint(input: SaleInput): string {
  const normalised = {
    device: input.sourceDevice ?? null,
    clientTimestamp: input.clientTimestamp?.toISOString() ?? null,
    items: input.items.map((item) => [
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
    ]),
  };
  return sha256(JSON.stringify(normalised));
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
