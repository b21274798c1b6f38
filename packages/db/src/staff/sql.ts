import { Prisma, type Actor } from "../db";

/**
 * SQL for the cashier a till claimed, checked against the shop's staff past and present
 * (DESIGN.md §7): 'member', 'former', 'unknown', or NULL when none was claimed; two key lookups.
 * `cashierId` is a parameter or a column of the caller's statement.
 */
export const cashierStatusSql = (shopId: number, cashierId: Prisma.Sql) => Prisma.sql`
  CASE WHEN ${cashierId}::text IS NULL THEN NULL
       WHEN EXISTS (SELECT FROM shop_member m WHERE m.user_id = ${cashierId} AND m.shop_id = ${shopId}) THEN 'member'
       WHEN EXISTS (SELECT FROM former_shop_member f WHERE f.shop_id = ${shopId} AND f.user_id = ${cashierId}) THEN 'former'
       ELSE 'unknown' END::cashier_status`;

/**
 * SQL, true when a manager is at the till (DESIGN.md §8 manager-only actions): the signed-in
 * staff member or the cashier the till named is an owner or manager, or the key is a manager key.
 */
export const managerAtTillSql = (actor: Actor, cashierId: string | null) => Prisma.sql`
  (EXISTS (SELECT FROM shop_member m WHERE m.shop_id = ${actor.shopId} AND m.role IN ('owner', 'manager')
             AND m.user_id IN (${actor.userId ?? null}, ${cashierId}))
   OR EXISTS (SELECT FROM api_key k WHERE k.id = ${actor.apiKeyId ?? null}::int AND k.shop_id = ${actor.shopId} AND k.role = 'manager'))`;
