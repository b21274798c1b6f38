import { isStorableInstant, type Page, type SaleDTO, type SaleListInput } from "@tillsync/validators";

import type { Prisma, PrismaClient, Tx } from "../db";
import { decodeCursorAs, page } from "../cursor";
import { notFound } from "../errors";
import { loadSale, loadSales } from "./dto";

export async function getSale(prisma: PrismaClient, shopId: number, id: number): Promise<SaleDTO> {
  const sale = await loadSale(prisma, shopId, BigInt(id));
  if (!sale) throw notFound("SALE_NOT_FOUND", `Sale ${id} not found.`);
  return sale;
}

/**
 * Local calendar dates of the shop, as the instants where those days begin and end. The
 * end of 9999-12-31 is in year 10000, which no sale reaches (occurredAt is never far from
 * the server's clock) and which neither Date round trip to the database survives: an
 * instant outside years 0001-9999 means no bound (DESIGN.md §7).
 */
export async function localDayBounds(prisma: PrismaClient | Tx, shopId: number, startDate?: string, endDate?: string) {
  if (!startDate && !endDate) return {};
  const [row] = await prisma.$queryRaw<{ from: number | null; to: number | null }[]>`
    SELECT extract(epoch FROM ${startDate ?? null}::date::timestamp AT TIME ZONE s.timezone)::float8 * 1000 AS "from",
           extract(epoch FROM (${endDate ?? null}::date + 1)::timestamp AT TIME ZONE s.timezone)::float8 * 1000 AS "to"
    FROM shop s WHERE s.id = ${shopId}`;
  const bound = (ms: number | null | undefined) => (ms == null || !isStorableInstant(new Date(ms)) ? undefined : new Date(ms));
  return { from: bound(row?.from), to: bound(row?.to) };
}

/** Newest first by the time the sale happened, keyset-paginated. */
export async function listSales(prisma: PrismaClient | Tx, shopId: number, input: SaleListInput): Promise<Page<SaleDTO>> {
  const { from, to } = await localDayBounds(prisma, shopId, input.startDate, input.endDate);
  const after = decodeCursorAs(input.cursor, ["instant", "bigint"]);
  const where: Prisma.SaleWhereInput = {
    shopId,
    kind: input.kind,
    occurredAt: { gte: from, lt: to },
    ...(input.productId ? { items: { some: { productId: input.productId } } } : {}),
    ...(input.device
      ? { OR: [{ sourceDevice: input.device }, { apiKey: { name: input.device } }, { till: { name: { equals: input.device, mode: "insensitive" } } }] }
      : {}),
    ...(input.cashierId ? { cashierId: input.cashierId } : {}),
    // A receipt number, or its counter in every series (DESIGN.md §9): on sale_receipt_idx.
    ...(input.receipt ? { receiptCounter: input.receipt.counter, receiptSeries: input.receipt.series ?? { not: null } } : {}),
  };
  const conditions: Prisma.SaleWhereInput[] = [where];
  if (after) {
    const at = new Date(after[0]);
    const id = BigInt(after[1]);
    conditions.push({ OR: [{ occurredAt: { lt: at } }, { occurredAt: at, id: { lt: id } }] });
  }
  const rows = await prisma.sale.findMany({
    where: { AND: conditions },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: { id: true, occurredAt: true },
  });
  const result = page(rows, input.limit, (row) => [row.occurredAt.toISOString(), Number(row.id)]);
  return {
    items: await loadSales(
      prisma,
      shopId,
      result.items.map((row) => row.id),
    ),
    nextCursor: result.nextCursor,
  };
}
