import { z } from "zod";

import { cursor, id, localDate, pageSize } from "./common";
import "./messages";
import { userId } from "./staff";

// The audit log (issue 19, docs/security.md "Audit log"): one append-only entry per staff or
// key action that changes how the shop runs, written in the same transaction as the change.

/**
 * What was done, one name per kind of change (packages/db audit.ts writes them):
 * - `product.created`, `product.archived`, `product.restored` (brought back from the archive);
 * - `product.priceChanged` (an edit that changed the price), `product.reorderLevelChanged` (an
 *   edit that changed the reorder level but not the price), `product.edited` (any other edit):
 *   one edit is one entry, named by the most significant field it changed, and its before/after
 *   hold every field it changed;
 * - `stock.restocked`, `stock.counted`;
 * - `alert.acknowledged`;
 * - `sale.refunded`, `sale.reversed`, `sale.discarded` (a rejected sale a till or manager discarded);
 * - `staff.invited`, `staff.joined` (an invitation accepted: the new member is the actor),
 *   `staff.roleChanged`, `staff.removed`;
 * - `apiKey.created`, `apiKey.revoked`;
 * - `shop.settingsChanged` (name, time zone, currency, cash rounding, pay-out review limit,
 *   tender labels, scale-label prefixes);
 * - `till.created`, `till.edited` (name, series, receipt settings), `till.keyBound` (a device
 *   key bound, moved or unbound), `till.claimed` (a browser took the till over, from another
 *   or from none; a browser claiming the till it holds writes nothing), `till.archived`, `till.restored`;
 * - `review.marked` (a manager marked a flagged item reviewed).
 */
export const auditActions = [
  "product.created",
  "product.edited",
  "product.priceChanged",
  "product.reorderLevelChanged",
  "product.archived",
  "product.restored",
  "stock.restocked",
  "stock.counted",
  "alert.acknowledged",
  "sale.refunded",
  "sale.reversed",
  "sale.discarded",
  "staff.invited",
  "staff.joined",
  "staff.roleChanged",
  "staff.removed",
  "apiKey.created",
  "apiKey.revoked",
  "shop.settingsChanged",
  "till.created",
  "till.edited",
  "till.keyBound",
  "till.claimed",
  "till.archived",
  "till.restored",
  "review.marked",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** What an entry is about; its id is the subject's id as text (a staff member's is their user id). */
export const auditSubjectKinds = ["product", "alert", "sale", "discardedSale", "drawerEvent", "staffMember", "staffInvite", "apiKey", "shop", "till"] as const;
export type AuditSubjectKind = (typeof auditSubjectKinds)[number];

/**
 * Filters of audit.list and audit.exportCsv, all optional: who (a staff member's user id or an
 * API key's id), what, what about, and a date range of shop-local days (`from`..`to`, both
 * included). Newest first, keyset-paginated by `cursor` (list only).
 */
export const auditFilterInput = z.object({
  actorUserId: userId.optional(),
  actorApiKeyId: id.optional(),
  action: z.enum(auditActions).optional(),
  subjectKind: z.enum(auditSubjectKinds).optional(),
  from: localDate.optional(),
  to: localDate.optional(),
});
export const auditListInput = auditFilterInput.extend({ limit: pageSize, cursor });
export type AuditFilterInput = z.output<typeof auditFilterInput>;
export type AuditListInput = z.output<typeof auditListInput>;

/**
 * Who acted: a staff member (`user`), an API key (`apiKey`: a till or a tool), or the
 * operator's command line (`operator`, e.g. `pnpm tillsync create-api-key`), with the name and
 * role they had when they acted (null when they no longer had one, e.g. removing themselves).
 */
export interface AuditActorDTO {
  kind: "user" | "apiKey" | "operator";
  userId: string | null;
  apiKeyId: number | null;
  name: string | null;
  role: string | null;
}

/** One entry: `before`/`after` hold only the fields the action changed (null for a creation's before or a removal's after); never a secret. */
export interface AuditEntryDTO {
  id: number;
  at: Date;
  actor: AuditActorDTO;
  action: AuditAction;
  subject: { kind: AuditSubjectKind; id: string };
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}
