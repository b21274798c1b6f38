import { z } from "zod";

import { clientClock } from "./clock";
import { id, localDate, text, uuid } from "./common";
import { money } from "./decimal";
import "./messages";
import { paperWidth } from "./receipt";
import { sourceDevice } from "./sale";
import { tenderMethods } from "./settlement";
import { userId } from "./staff";

// Tills and drawer sessions (DESIGN.md §8). A till is a register of the shop; a browser
// claims it; its drawer sessions are append-only events with their own UUIDs, queued in the
// same outbox as sales and recorded exactly once through `sale.sync`.

/** A till's receipt series code ("A", "T2"): 1–8 letters or digits, stored upper-case. */
export const tillSeries = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{1,8}$/, "1 to 8 letters or digits")
  .transform((value) => value.toUpperCase());
export const tillName = text(64).pipe(z.string().min(1, "Name is required"));

/** A till's receipt printing (DESIGN.md §9): a receipt after each Charge, and the roll's width in mm. */
const receiptSettings = { printReceipt: z.boolean().optional(), paperWidth: paperWidth.optional() };
export const tillCreateInput = z.object({ name: tillName, series: tillSeries, apiKeyId: id.nullable().optional(), ...receiptSettings });
export const tillUpdateInput = z.object({
  id,
  name: tillName.optional(),
  series: tillSeries.optional(),
  apiKeyId: id.nullable().optional(),
  archived: z.boolean().optional(),
  ...receiptSettings,
});
/** A browser claims a till (online): `claimId` is the browser's own UUID for the claim, kept in its storage. */
export const tillClaimInput = z.object({ tillId: id, claimId: uuid });
/** Whether this browser still holds the till (another browser may have claimed it since). */
export const tillStatusInput = tillClaimInput;
export type TillCreateInput = z.output<typeof tillCreateInput>;
export type TillUpdateInput = z.output<typeof tillUpdateInput>;
export type TillClaimInput = z.output<typeof tillClaimInput>;

export const drawerEventKinds = ["open", "payIn", "payOut", "close"] as const;
export type DrawerEventKind = (typeof drawerEventKinds)[number];

/** What was counted in the drawer (and read off the card terminal) at close, per method. */
export const countedInput = z.object({ method: z.enum(tenderMethods), label: text(64).pipe(z.string().min(1)).optional(), amount: money });

/**
 * One drawer event as the till queues it (`type: "drawer"` tells it from a sale in the
 * outbox and in `sale.sync`). `open` carries the counted float as `amount`; `payIn`/`payOut`
 * an amount and a reason; `close` the counted amounts per method and the Z number the till
 * assigned (gapless per till). `sessionId` is the till's UUID for the session, the same on
 * every event of it.
 */
export const drawerEventInput = z
  .object({
    type: z.literal("drawer"),
    externalId: uuid,
    tillId: id,
    sessionId: uuid,
    kind: z.enum(drawerEventKinds),
    amount: money.optional(),
    reason: text(500).pipe(z.string().min(1)).optional(),
    counted: z.array(countedInput).max(20).optional(),
    zNumber: z.number().int().positive().max(2_147_483_647).optional(),
    clientTimestamp: clientClock.optional(),
    cashierId: userId.optional(),
    sourceDevice: sourceDevice.optional(),
  })
  .superRefine((event, ctx) => {
    const need = (field: "amount" | "reason" | "counted" | "zNumber", message: string) => {
      if (event[field] === undefined) ctx.addIssue({ code: "custom", path: [field], message });
    };
    if (event.kind !== "close") need("amount", "Give the amount");
    if (event.kind === "payIn" || event.kind === "payOut") need("reason", "Give a reason");
    if (event.kind === "close") {
      need("counted", "Give the counted amounts");
      need("zNumber", "Give the Z report number");
    }
  });
export type DrawerEventInput = z.output<typeof drawerEventInput>;
export type DrawerEventInputRaw = z.input<typeof drawerEventInput>;

export const drawerSessionInput = z.object({ sessionId: uuid });
/** The cash-up of a day (`date` in the shop's time zone), of one till or all of them. */
export const cashUpInput = z.object({ tillId: id.optional(), date: localDate });
export type CashUpInput = z.output<typeof cashUpInput>;
/** A till's most recent drawer sessions, newest first. */
export const drawerListInput = z.object({ tillId: id, limit: z.number().int().min(1).max(50).default(10) });
export type DrawerListInput = z.output<typeof drawerListInput>;
