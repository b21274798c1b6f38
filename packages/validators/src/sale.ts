import { z } from "zod";

import { clientClock } from "./clock";
import { bigId, cursor, id, localDate, pageSize, storable, storableLabel, text, uuid } from "./common";
import { price, quantity, reorderLevel } from "./decimal";
import type { DrawerEventInputRaw } from "./drawer";
import "./messages";
import { receiptNumber, receiptSearch } from "./receipt";
import { userId } from "./staff";
import { tenderInput, tenders } from "./tender";

export const productName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(200)
  .refine(...storable);
export const sku = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(...storable);
/**
 * The till's own label for itself (delivery metadata, not a fact of the sale): kept as far as
 * the database can store it (128 characters, no NUL), never a reason to refuse the sale.
 */
export const sourceDevice = z.string().transform((label) => storableLabel(label, 128));
/** The staff user signed in at the till when the sale was rung up (DESIGN.md §7 "Who rang it up"). */
export const cashierId = userId;

/** A product created at a till (possibly offline) together with the sale that sells it. */
export const inlineProductInput = z.object({
  externalId: uuid.optional(),
  name: productName,
  isVolatile: z.boolean().default(false),
  unitPrice: price.optional(),
  reorderLevel: reorderLevel.optional(),
  sku: sku.optional(),
});

export const saleItemInput = z
  .object({
    productId: id.optional(),
    product: inlineProductInput.optional(),
    quantity,
    unitPrice: price.optional(),
  })
  .refine((item) => (item.productId === undefined) !== (item.product === undefined), {
    message: "Give exactly one of productId or product",
    path: ["productId"],
  });

export const saleInput = z.object({
  type: z.literal("sale").optional(),
  externalId: uuid,
  sourceDevice: sourceDevice.optional(),
  /** §7's spellings or a Date; a naive time is the shop's local time. */
  clientTimestamp: clientClock.optional(),
  cashierId: cashierId.optional(),
  items: z.array(saleItemInput).min(1, "A sale needs at least one item").max(500),
  /** How the customer paid (DESIGN.md §8); absent for clients from before tenders. */
  tenders: tenders.optional(),
  /** The till it was rung up at (DESIGN.md §8); a device key bound to a till implies it. */
  tillId: id.optional(),
  /** The till's drawer session (its UUID) whose drawer the cash went into. */
  drawerSessionId: uuid.optional(),
  /**
   * The receipt number the till gave the sale when it was rung up, "A-14" (DESIGN.md §9,
   * receipt.ts); absent for clients without receipts. Stored as sent, never renumbered.
   */
  receiptNumber: receiptNumber.optional(),
});

/**
 * A partial refund (DESIGN.md §8): some lines of a sale, or part of a line's quantity, with
 * the tender(s) the money went back by. The original is named by its id or, for a sale the
 * till has not synced yet, by its externalId. `restock` puts a tracked product's quantity
 * back in stock (default true). Each line's amount is quantity × the original line's unit
 * price, rounded half-up. Idempotent by its own externalId, like a sale; queued in the same
 * outbox (`type: "refund"`).
 */
export const refundInput = z
  .object({
    type: z.literal("refund"),
    externalId: uuid,
    originalSaleId: bigId.optional(),
    originalExternalId: uuid.optional(),
    lines: z
      .array(z.object({ lineNo: z.number().int().positive().max(500), quantity, restock: z.boolean().default(true) }))
      .min(1, "Refund at least one line")
      .max(500),
    tenders: z.array(tenderInput).max(10).optional(),
    reason: text(500).pipe(z.string().min(1, "Give a reason")),
    clientTimestamp: clientClock.optional(),
    cashierId: cashierId.optional(),
    sourceDevice: sourceDevice.optional(),
    tillId: id.optional(),
    drawerSessionId: uuid.optional(),
  })
  .refine((refund) => (refund.originalSaleId === undefined) !== (refund.originalExternalId === undefined), {
    message: "Give exactly one of originalSaleId or originalExternalId",
    path: ["originalSaleId"],
  });
export type RefundInput = z.output<typeof refundInput>;
export type RefundInputRaw = z.input<typeof refundInput>;

/**
 * A sale to refund, for the refund dialogs (sale.refundable, DESIGN.md §8): by its id or, for
 * a sale a till queued, by its externalId.
 */
export const saleRefundableInput = z.union([z.object({ saleId: bigId }).strict(), z.object({ externalId: uuid }).strict()]);
export type SaleRefundableInput = z.output<typeof saleRefundableInput>;

/**
 * What a till's outbox holds and `sale.sync` takes: a sale (no `type`, or `type: "sale"`), a
 * refund (`type: "refund"`), a drawer event (`type: "drawer"`, drawer.ts) or the discard of a
 * rejected sale (`type: "discard"`). Each has its own externalId and is recorded exactly once.
 */
export type OutboxPayload = SaleInputRaw | RefundInputRaw | DrawerEventInputRaw | DiscardEventInputRaw;

/**
 * Each sale of a batch is validated on its own so that one malformed sale is reported
 * as rejected instead of failing the whole batch. Entries are any outbox payload: sales,
 * refunds and drawer events (DESIGN.md §8).
 */
export const saleSyncInput = z.object({
  sales: z
    .array(z.custom<OutboxPayload>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "Each sale must be an object"))
    .min(1)
    .max(500),
});

export const saleListInput = z.object({
  startDate: localDate.optional(),
  endDate: localDate.optional(),
  productId: id.optional(),
  /** Matches the name of the sale's till (any case, DESIGN.md §8), its sourceDevice label or the name of the API key that sent it. */
  device: text(128).pipe(z.string().min(1)).optional(),
  /** Sales rung up by this staff member. */
  cashierId: cashierId.optional(),
  /** `refund`: partial refunds (DESIGN.md §8). */
  kind: z.enum(["sale", "reversal", "refund"]).optional(),
  /** A receipt number ("A-14", any case) or only its counter ("14", in every series), DESIGN.md §9. */
  receipt: receiptSearch.optional(),
  limit: pageSize,
  cursor,
});

export const saleReverseInput = z.object({
  saleId: bigId,
  externalId: uuid,
  reason: text(500).pipe(z.string().min(1, "Give a reason")),
});

const discardFields = {
  reason: text(500).pipe(z.string().min(1, "Give a reason")),
  /** The sale as the till queued it; kept on the server as it was. */
  sale: z.unknown(),
  rejection: z.object({ code: text(64), message: text(2000) }).optional(),
  /** Who was at the till; a discard without a manager there is flagged for review (DESIGN.md §8). */
  cashierId: cashierId.optional(),
};

/**
 * Staff discard a sale the server rejected, with a reason (DESIGN.md §7): the payload as the
 * till queued it is kept on the server, with who discarded it. Any staff member may: without
 * a manager at the till it is recorded and flagged for review (§8). Idempotent by (shop,
 * externalId of the sale).
 */
export const saleDiscardInput = z.object({ externalId: uuid, ...discardFields });

/**
 * A discard as a till queues it when it may be offline (`type: "discard"` in the outbox and in
 * `sale.sync`, DESIGN.md §8): `externalId` is the discard's own UUID (its place in the outbox),
 * `saleExternalId` the rejected sale's. Recorded like `sale.discardRejected`.
 */
export const discardEventInput = z.object({ type: z.literal("discard"), externalId: uuid, saleExternalId: uuid, ...discardFields });
export type DiscardEventInput = z.output<typeof discardEventInput>;
export type DiscardEventInputRaw = z.input<typeof discardEventInput>;

export const saleDiscardedListInput = z.object({ limit: pageSize, cursor });

export type SaleInput = z.output<typeof saleInput>;
export type SaleInputRaw = z.input<typeof saleInput>;
export type SaleItemInput = z.output<typeof saleItemInput>;
export type InlineProductInput = z.output<typeof inlineProductInput>;
export type SaleSyncInput = z.input<typeof saleSyncInput>;
export type SaleListInput = z.output<typeof saleListInput>;
export type SaleReverseInput = z.output<typeof saleReverseInput>;
export type SaleDiscardInput = z.output<typeof saleDiscardInput>;
export type SaleDiscardedListInput = z.output<typeof saleDiscardedListInput>;
