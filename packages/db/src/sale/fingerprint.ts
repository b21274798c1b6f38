import { createHash } from "node:crypto";

import type { SaleInput } from "@tillsync/validators";

import { toDec } from "../decimal";

/** The fingerprint definition new sales are stored under (sale.fingerprint_version). */
export const FINGERPRINT_VERSION = 4;

/**
 * What makes two submissions of one externalId "the same sale" (DESIGN.md §3.2), by
 * definition version:
 * - 1: the normalised items, the `sourceDevice` label and the client's timestamp.
 * - 2: facts only: the normalised items with the price each line was charged, the instant of
 *   the client's clock (any spelling of one instant is the same sale) and the cashier the till
 *   named. Delivery metadata such as `sourceDevice` is left out, so a retry after the till app
 *   upgraded is a replay; so is a retry that now states the price a line was charged, or
 *   leaves out a price that was charged as stated (`charged`: the stored sale's line prices,
 *   or the prices being written, "4.50").
 * - 3: version 2 and the tenders (DESIGN.md §8: money that changed hands is a fact of the
 *   sale), in the order sent: method, label, amount, tendered, reference, amounts to 2dp;
 *   none sent is `[]`. A sale stored under version 2 is compared without them, so a till that
 *   upgraded and now sends tenders with a retry of a sale from before them still replays.
 * - 4: version 3 and the receipt number the till gave the sale (DESIGN.md §9; "A-14" as
 *   normalised by validators receipt.ts, none is null): the same sale never comes back under
 *   another number. A sale stored under version 3 is compared without it.
 * A stored sale is compared under the version it was stored with, so an honest retry of a
 * sale stored under version 1 still replays. Numbers are normalised ("0.5" = "0.500") so
 * that a client re-serialising its queue does not look like a different sale. `at` is the
 * clock's instant (naive clocks already read in the shop's time zone).
 */
export function saleFingerprint(input: SaleInput, at: Date | null, charged: readonly string[], version: number = FINGERPRINT_VERSION): string {
  const items = normalisedItems(input, version === 1 ? [] : charged);
  const clientTimestamp = at?.toISOString() ?? null;
  const normalised =
    version === 1
      ? { device: input.sourceDevice ?? null, clientTimestamp, items }
      : version === 2
        ? { v: version, at: clientTimestamp, cashier: input.cashierId ?? null, items }
        : version === 3
          ? { v: version, at: clientTimestamp, cashier: input.cashierId ?? null, items, tenders: normalisedTenders(input) }
          : {
              v: version,
              at: clientTimestamp,
              cashier: input.cashierId ?? null,
              items,
              tenders: normalisedTenders(input),
              receipt: input.receiptNumber ?? null,
            };
  return sha256(JSON.stringify(normalised));
}

const normalisedItems = (input: SaleInput, charged: readonly string[]) =>
  input.items.map((item, i) => [
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
    toFixedOrNull(item.unitPrice ?? charged[i], 2),
  ]);

const normalisedTenders = (input: SaleInput) =>
  (input.tenders ?? []).map((tender) => [
    tender.method,
    tender.label ?? null,
    toDec(tender.amount).toFixed(2),
    toFixedOrNull(tender.tendered, 2),
    tender.reference ?? null,
  ]);

const toFixedOrNull = (value: string | undefined, scale: number) => (value === undefined ? null : toDec(value).toFixed(scale));

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
