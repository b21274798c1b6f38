import { isStorableInstant, type Page, type SaleDTO, type SaleListInput } from "@tillsync/validators";

import type { Prisma, PrismaClient } from "../db";
import { decodeCursor, page } from "../cursor";
import { notFound } from "../errors";
import { loadSale, loadSales } from "./dto";

export async function getSale(prisma: PrismaClient, shopId: number, id: number): Promise<SaleDTO> {
  const sale = await loadSale(prisma, shopId, BigInt(id));
  if (!sale) throw notFound("SALE_NOT_FOUND", `Sale ${id} not found.`);
  return sale;
}

/** Local calendar dates of the shop, as the instants where those days begin and end. */
export async function localDayBounds(prisma: PrismaClient, shopId: number, startDate?: string, endDate?: string) {
  if (!startDate && !endDate) return {};
  const [row] = await prisma.$queryRaw<{ from: Date | null; to: Date | null }[]>`
    SELECT (${startDate ?? null}::date::timestamp AT TIME ZONE s.timezone) AS "from",
           ((${endDate ?? null}::date + 1)::timestamp AT TIME ZONE s.timezone) AS "to"
    FROM shop s WHERE s.id = ${shopId}`;
  return { from: row?.from ?? undefined, to: row?.to ?? undefined };
}

/** Newest first by the time the sale happened, keyset-paginated. */
export async function listSales(prisma: PrismaClient, shopId: number, input: SaleListInput): Promise<Page<SaleDTO>> {
  const { from, to } = await localDayBounds(prisma, shopId, input.startDate, input.endDate);
  const after = decodeCursor(input.cursor);
  const where: Prisma.SaleWhereInput = {
    shopId,
    kind: input.kind,
    occurredAt: { gte: from, lt: to },
    ...(input.productId ? { items: { some: { productId: input.productId } } } : {}),
    ...(input.device ? { OR: [{ sourceDevice: input.device }, { apiKey: { name: input.device } }] } : {}),
    ...(input.cashierId ? { cashierId: input.cashierId } : {}),
  };
  const conditions: Prisma.SaleWhereInput[] = [where];
  // A cursor is opaque but comes back from the client: only one this function made counts.
  if (after && typeof after[0] === "string" && isStorableInstant(new Date(after[0])) && Number.isSafeInteger(after[1]) && (after[1] as number) > 0) {
    const at = new Date(after[0]);
    const id = BigInt(after[1] as number);
    conditions.push({ OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: id } }] });
  }
  const rows = await prisma.sale.findMany({
    where: { AND: conditions },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: { id: true, occurredAt: true },
  });
  const result = page(rows, input.limit, (row) => [row.occurredAt.toISOString(), Number(row.id)]);
  return { items: await loadSales(prisma, shopId, result.items.map((row) => row.id)), nextCursor: result.nextCursor };
}
