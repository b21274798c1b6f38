import type { AuditAction, AuditEntryDTO, AuditFilterInput, AuditListInput, AuditSubjectKind, Page } from "@tillsync/validators";

import { Prisma, type Actor, type PrismaClient, type Tx } from "./db";
import { decodeCursorAs, page } from "./cursor";

/** What changed, for recordAudit: `before`/`after` hold the fields the action changed (null: none, as for a creation's before). */
export interface AuditRecord {
  action: AuditAction;
  subject: { kind: AuditSubjectKind; id: string | number | bigint };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

// Field names that would carry a secret: the log is read by managers and exported as CSV, so
// a key, token or password must never reach it (docs/security.md "Audit log"). recordAudit
// refuses them outright: a caller that passes one is a bug, caught by any test of its action.
const SECRET_FIELD = /(password|token|secret|hash|^key$|plaintext)/i;

function assertNoSecret(value: unknown, path: string) {
  if (value === null || typeof value !== "object") return;
  for (const [name, inner] of Object.entries(value)) {
    if (SECRET_FIELD.test(name)) throw new Error(`recordAudit: ${path}.${name} looks like a secret and must not be logged.`);
    assertNoSecret(inner, `${path}.${name}`);
  }
}

/** JSON text of before/after: Decimals and Dates as their strings, bigints as text, undefined fields left out. */
const jsonOf = (value: Record<string, unknown> | null | undefined) =>
  value == null ? null : JSON.stringify(value, (_key, inner: unknown) => (typeof inner === "bigint" ? inner.toString() : inner));

/**
 * Appends one audit entry (issue 19) inside the caller's transaction `tx`, so the entry exists
 * exactly when the change does. Who is `actor`: the staff member (`userId`) or API key
 * (`apiKeyId`), whose name and role in the shop are read now, as they are at the moment of the
 * action (a removed member or revoked key keeps them in the log); neither is the operator's
 * command line. The table is append-only (migration 20261203000100_audit_log). Throws (a
 * programming error, rolling the change back) when before/after hold a field named like a
 * secret (password, token, hash, key…).
 */
export async function recordAudit(tx: Tx, actor: Actor, entry: AuditRecord): Promise<void> {
  assertNoSecret(entry.before, "before");
  assertNoSecret(entry.after, "after");
  const userId = actor.userId ?? null;
  const apiKeyId = actor.apiKeyId ?? null;
  await tx.$executeRaw`
    INSERT INTO audit_entry (shop_id, user_id, api_key_id, actor_name, actor_role, action, subject_kind, subject_id, before, after)
    SELECT ${actor.shopId}, ${userId}, ${apiKeyId}::int,
           coalesce((SELECT u.name FROM "user" u WHERE u.id = ${userId}), (SELECT k.name FROM api_key k WHERE k.id = ${apiKeyId}::int)),
           coalesce((SELECT m.role::text FROM shop_member m WHERE m.user_id = ${userId} AND m.shop_id = ${actor.shopId}),
                    (SELECT k.role::text FROM api_key k WHERE k.id = ${apiKeyId}::int AND k.shop_id = ${actor.shopId})),
           ${entry.action}, ${entry.subject.kind}, ${String(entry.subject.id)},
           ${jsonOf(entry.before)}::jsonb, ${jsonOf(entry.after)}::jsonb`;
}

/**
 * The fields of `after` that differ from `before` (compared as JSON), as the two halves of an
 * entry; null when nothing changed, so an edit that changes nothing writes no entry.
 */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } | null {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] === undefined || jsonOf({ v: before[key] }) === jsonOf({ v: after[key] })) continue;
    was[key] = before[key];
    now[key] = after[key];
  }
  return Object.keys(now).length === 0 ? null : { before: was, after: now };
}

interface AuditRow {
  id: bigint;
  at: Date;
  user_id: string | null;
  api_key_id: number | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  subject_kind: string;
  subject_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const toDTO = (row: AuditRow): AuditEntryDTO => ({
  id: Number(row.id),
  at: row.at,
  actor: {
    kind: row.user_id !== null ? "user" : row.api_key_id !== null ? "apiKey" : "operator",
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    name: row.actor_name,
    role: row.actor_role,
  },
  action: row.action as AuditAction,
  subject: { kind: row.subject_kind as AuditSubjectKind, id: row.subject_id },
  before: row.before,
  after: row.after,
});

/** The WHERE clause of the filters; `from`/`to` are shop-local days, both included (DESIGN.md §7: days are the shop's). */
const filtersSql = (shopId: number, input: AuditFilterInput) => {
  const conditions = [Prisma.sql`a.shop_id = ${shopId}`];
  if (input.actorUserId !== undefined) conditions.push(Prisma.sql`a.user_id = ${input.actorUserId}`);
  if (input.actorApiKeyId !== undefined) conditions.push(Prisma.sql`a.api_key_id = ${input.actorApiKeyId}`);
  if (input.action !== undefined) conditions.push(Prisma.sql`a.action = ${input.action}`);
  if (input.subjectKind !== undefined) conditions.push(Prisma.sql`a.subject_kind = ${input.subjectKind}`);
  if (input.from !== undefined)
    conditions.push(Prisma.sql`a.at >= (${input.from}::date::timestamp AT TIME ZONE (SELECT timezone FROM shop WHERE id = ${shopId}))`);
  if (input.to !== undefined)
    conditions.push(Prisma.sql`a.at < ((${input.to}::date + 1)::timestamp AT TIME ZONE (SELECT timezone FROM shop WHERE id = ${shopId}))`);
  return Prisma.join(conditions, " AND ");
};

const selectEntries = (where: Prisma.Sql, limit: number) => Prisma.sql`
  SELECT a.id, a.at, a.user_id, a.api_key_id, a.actor_name, a.actor_role, a.action, a.subject_kind, a.subject_id, a.before, a.after
  FROM audit_entry a WHERE ${where} ORDER BY a.id DESC LIMIT ${limit}`;

/** The shop's audit entries matching the filters, newest first, keyset-paginated (owners and managers read it: packages/api audit router). */
export async function listAudit(prisma: PrismaClient | Tx, shopId: number, input: AuditListInput): Promise<Page<AuditEntryDTO>> {
  const after = decodeCursorAs(input.cursor, ["bigint"]);
  const where = after ? Prisma.sql`${filtersSql(shopId, input)} AND a.id < ${after[0]}` : filtersSql(shopId, input);
  const rows = await prisma.$queryRaw<AuditRow[]>(selectEntries(where, input.limit + 1));
  const result = page(rows, input.limit, (row) => [Number(row.id)]);
  return { items: result.items.map(toDTO), nextCursor: result.nextCursor };
}

/** At most this many entries go into one CSV export; `truncated` says when there were more (narrow the dates). */
export const AUDIT_EXPORT_MAX = 10_000;

/** Every entry matching the filters for a CSV export, newest first, up to AUDIT_EXPORT_MAX. */
export async function exportAudit(prisma: PrismaClient | Tx, shopId: number, input: AuditFilterInput): Promise<{ items: AuditEntryDTO[]; truncated: boolean }> {
  const rows = await prisma.$queryRaw<AuditRow[]>(selectEntries(filtersSql(shopId, input), AUDIT_EXPORT_MAX + 1));
  return { items: rows.slice(0, AUDIT_EXPORT_MAX).map(toDTO), truncated: rows.length > AUDIT_EXPORT_MAX };
}
