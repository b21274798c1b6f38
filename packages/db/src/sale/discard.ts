import type { DiscardedSaleDTO, Page, SaleDiscardedListInput } from "@tillsync/validators";

import { recordAudit } from "../audit";
import { Prisma, TX_OPTIONS, type Actor, type PrismaClient } from "../db";
import { decodeCursorAs, page } from "../cursor";
import { DomainError } from "../errors";
import { cashierStatusSql, managerAtTillSql } from "../staff/sql";
import { deliveredBy } from "./dto";

/** The payload is kept as JSON text; a queued sale is far below this (a request body is at most 1 MB). */
const MAX_PAYLOAD_CHARS = 512 * 1024;

interface DiscardedRow {
  id: number;
  external_id: string;
  reason: string;
  payload: string;
  rejection_code: string | null;
  rejection_message: string | null;
  user_id: string | null;
  user_name: string | null;
  device_name: string | null;
  cashier_id: string | null;
  cashier_status: "member" | "former" | "unknown" | null;
  cashier_name: string | null;
  needs_review: boolean;
  discarded_at: Date;
}

const discardedSales = (shopId: number, where: Prisma.Sql) => Prisma.sql`
  SELECT d.id, d.external_id::text AS external_id, d.reason, d.payload, d.rejection_code, d.rejection_message, d.user_id,
         (SELECT u.name FROM "user" u WHERE u.id = d.user_id) AS user_name, (SELECT k.name FROM api_key k WHERE k.id = d.api_key_id) AS device_name,
         d.cashier_id, d.cashier_status::text AS cashier_status,
         CASE WHEN d.cashier_status <> 'unknown' THEN (SELECT u.name FROM "user" u WHERE u.id = d.cashier_id) END AS cashier_name,
         d.needs_review, d.discarded_at
  FROM discarded_sale d WHERE d.shop_id = ${shopId} AND ${where}`;

const toDTO = (row: DiscardedRow): DiscardedSaleDTO => ({
  id: row.id,
  externalId: row.external_id,
  reason: row.reason,
  payload: row.payload,
  rejection: row.rejection_code === null ? null : { code: row.rejection_code, message: row.rejection_message ?? "" },
  discardedBy: deliveredBy(row.device_name, row.user_id, row.user_name),
  cashier: row.cashier_id === null ? null : { id: row.cashier_id, name: row.cashier_name, status: row.cashier_status ?? "unknown" },
  needsReview: row.needs_review,
  discardedAt: row.discarded_at,
});

/** What a discard records: the tRPC input or a queued discard event (validators sale.ts). */
export interface DiscardRecord {
  saleExternalId: string;
  reason: string;
  sale: unknown;
  rejection?: { code: string; message: string };
  cashierId?: string;
}

/**
 * Records that staff discarded a sale the server rejected (DESIGN.md §7): who, when, why and
 * the sale's payload as the till queued it, so nothing a till held disappears without a
 * trace. Any staff member may; with no manager at the till (neither the principal nor the
 * cashier the till names, nor a manager key: staff/sql.ts managerAtTillSql) the discard is
 * recorded with `needsReview` for a manager (§8), never refused. Idempotent by (shop,
 * saleExternalId): a second discard answers the first (`replayed`). A sale recorded under the
 * externalId is not discarded: CONFLICT SALE_ALREADY_RECORDED naming it (`storedSaleId`). The
 * payload is stored as JSON text, which unlike jsonb keeps "\u0000" escapes; lone surrogates
 * are written as JSON escapes by JSON.stringify. Errors: INVALID_INPUT (payload over 512 KiB).
 */
export async function discardRejectedSale(prisma: PrismaClient, actor: Actor, input: DiscardRecord): Promise<DiscardedSaleDTO & { replayed: boolean }> {
  // superjson may hand over values JSON has no form for (a BigInt): kept as their text.
  const payload = JSON.stringify(input.sale ?? null, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  if (payload.length > MAX_PAYLOAD_CHARS) throw new DomainError("BAD_REQUEST", "INVALID_INPUT", "The sale's payload is too large to keep.");
  const cashierId = input.cashierId ?? null;
  const row = await prisma.$transaction(async (tx) => {
    const [result] = await tx.$queryRaw<{ stored_sale_id: string | null; inserted_id: number | null }[]>`
    WITH recorded AS (SELECT id FROM sale WHERE shop_id = ${actor.shopId} AND external_id = ${input.saleExternalId}::uuid),
    inserted AS (
      INSERT INTO discarded_sale (shop_id, external_id, reason, payload, rejection_code, rejection_message, user_id, api_key_id, cashier_id, cashier_status, needs_review)
      SELECT ${actor.shopId}, ${input.saleExternalId}::uuid, ${input.reason}, ${payload}, ${input.rejection?.code ?? null}, ${input.rejection?.message ?? null},
             ${actor.userId ?? null}, ${actor.apiKeyId ?? null}::int, ${cashierId}, ${cashierStatusSql(actor.shopId, Prisma.sql`${cashierId}`)},
             NOT ${managerAtTillSql(actor, cashierId)}
      WHERE NOT EXISTS (SELECT FROM recorded)
      ON CONFLICT (shop_id, external_id) DO NOTHING
      RETURNING id
    )
    SELECT (SELECT id::text FROM recorded) AS stored_sale_id, (SELECT id FROM inserted) AS inserted_id`;
    if (result!.inserted_id !== null) {
      await recordAudit(tx, actor, {
        action: "sale.discarded",
        subject: { kind: "discardedSale", id: result!.inserted_id },
        after: { saleExternalId: input.saleExternalId, reason: input.reason, rejectionCode: input.rejection?.code ?? null },
      });
    }
    return { stored_sale_id: result!.stored_sale_id, inserted: result!.inserted_id !== null };
  }, TX_OPTIONS);
  if (row.stored_sale_id !== null) {
    const storedSaleId = Number(row.stored_sale_id);
    throw new DomainError(
      "CONFLICT",
      "SALE_ALREADY_RECORDED",
      `A sale is recorded under ${input.saleExternalId} (sale ${storedSaleId}): it cannot be discarded.`,
      { storedSaleId },
    );
  }
  const [discarded] = await prisma.$queryRaw<DiscardedRow[]>(discardedSales(actor.shopId, Prisma.sql`d.external_id = ${input.saleExternalId}::uuid`));
  return { ...toDTO(discarded!), replayed: !row.inserted };
}

/** The shop's discarded sales, newest first, keyset-paginated. */
export async function listDiscardedSales(prisma: PrismaClient, shopId: number, input: SaleDiscardedListInput): Promise<Page<DiscardedSaleDTO>> {
  const before = decodeCursorAs(input.cursor, ["int"])?.[0] ?? null;
  const rows = await prisma.$queryRaw<DiscardedRow[]>(
    Prisma.sql`${discardedSales(shopId, before === null ? Prisma.sql`true` : Prisma.sql`d.id < ${before}`)} ORDER BY d.id DESC LIMIT ${input.limit + 1}`,
  );
  const result = page(rows, input.limit, (row) => [row.id]);
  return { items: result.items.map(toDTO), nextCursor: result.nextCursor };
}
