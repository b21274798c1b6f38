import pg from "pg";

import { runLoad, type LoadFigures } from "./load";
import type { BenchShop } from "./setup";
import type { TrpcHttp } from "./trpc";

/**
 * Fills a shop with `sales` 3-item sales spread evenly over the year before `end`, set-based
 * (generate_series), straight into sale and sale_item: the append-only triggers only refuse
 * UPDATE and DELETE. Each sale's lines hit three different products of the shop.
 */
export async function seedSales(url: string, shop: BenchShop, sales: number, end: Date) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ids = shop.products.map((p) => p.id);
    const minId = Math.min(...ids);
    const count = ids.length;
    const start = new Date(end.getTime() - 365 * 86_400_000);
    // line j of sale g: product minId + (g*31 + j*337) mod count, quantity 1..3, 2.50 each.
    await client.query(
      `INSERT INTO sale (shop_id, external_id, fingerprint, source_device, occurred_at, received_at, total)
       SELECT $1, gen_random_uuid(), repeat('0', 64), 'seed', t, t,
              2.50 * ((1 + (g + 1) % 3) + (1 + (g + 2) % 3) + (1 + (g + 3) % 3))
       FROM generate_series(1, $2::int) AS g,
            LATERAL (SELECT $3::timestamptz + (g - 1) * ($4::timestamptz - $3::timestamptz) / $2::int AS t) AS ts`,
      [shop.shopId, sales, start, end],
    );
    await client.query(
      `INSERT INTO sale_item (sale_id, shop_id, product_id, line_no, quantity, unit_price, line_total, occurred_at)
       SELECT s.id, s.shop_id, $2::int + ((s.id * 31 + j * 337) % $3::int), j, 1 + (s.id + j) % 3, 2.50, 2.50 * (1 + (s.id + j) % 3), s.occurred_at
       FROM sale s CROSS JOIN generate_series(1, 3) AS j
       WHERE s.shop_id = $1`,
      [shop.shopId, minId, count],
    );
  } finally {
    await client.end();
  }
}

export async function sqlOnce<Row extends Record<string, unknown> = Record<string, string | null>>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** analytics.byProduct over HTTP (manager key): one year, daily, a random product per call. */
export function byProductLoad(
  http: TrpcHttp,
  shop: BenchShop,
  options: { total: number; concurrency: number; startDate: string; endDate: string },
): Promise<LoadFigures> {
  return runLoad({
    concurrency: options.concurrency,
    total: options.total,
    operation: async () => {
      const product = shop.products[Math.floor(Math.random() * shop.products.length)]!;
      const result = await http.query<{ periodBreakdown: unknown[]; saleCount: number }>("analytics.byProduct", shop.managerKey, {
        productId: product.id,
        startDate: options.startDate,
        endDate: options.endDate,
        period: "daily",
      });
      if (result.periodBreakdown.length < 365) throw new Error(`expected a year of days, got ${result.periodBreakdown.length}`);
    },
  });
}
