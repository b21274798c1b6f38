import { randomUUID } from "node:crypto";

import { DEFAULT_POOL_IDLE_SECONDS } from "@tillsync/db";
import pg from "pg";

import { recordLoad, type Recorder } from "./load";
import { pickItems, type BenchShop } from "./setup";

/**
 * The floor to compare the stack with: the same 3-item sale written as plain SQL through
 * `pg`, one transaction per sale (sale, 3 items, 3 relative stock updates in ascending id
 * order, 3 ledger rows), no HTTP, no validation, no idempotency check, no DTO.
 */
export function rawSqlBaseline(url: string, shop: BenchShop, concurrency: number) {
  // Idle connections kept as long as the API keeps its own by default (DB_POOL_IDLE_SECONDS).
  const pool = new pg.Pool({ connectionString: url, max: concurrency, idleTimeoutMillis: DEFAULT_POOL_IDLE_SECONDS * 1000 });
  return {
    close: () => pool.end(),
    /** Runs the baseline for `durationMs` (at `ratePerSecond` if given) and adds it to `recorder`. */
    slice: (durationMs: number, recorder: Recorder, ratePerSecond?: number) =>
      recordLoad(
        {
          concurrency,
          durationMs,
          ratePerSecond,
          operation: async () => {
            const items = pickItems(shop).sort((a, b) => a.id - b.id);
            const total = items.reduce((sum, item) => sum + Math.round(Number(item.price) * 100), 0) / 100;
            const now = new Date();
            const client = await pool.connect();
            try {
              await client.query("BEGIN");
              const sale = await client.query<{ id: string }>(
                `INSERT INTO sale (shop_id, external_id, fingerprint, source_device, api_key_id, client_timestamp, occurred_at, received_at, total)
                 VALUES ($1, $2, $3, 'pos-bench', $4, $5, $5, $5, $6) RETURNING id`,
                [shop.shopId, randomUUID(), "0".repeat(64), shop.deviceKeyId, now, total.toFixed(2)],
              );
              const saleId = sale.rows[0]!.id;
              for (const [index, item] of items.entries()) {
                await client.query(
                  `INSERT INTO sale_item (sale_id, shop_id, product_id, line_no, quantity, unit_price, line_total, occurred_at)
                   VALUES ($1, $2, $3, $4, 1, $5, $5, $6)`,
                  [saleId, shop.shopId, item.id, index + 1, item.price, now],
                );
              }
              const after: string[] = [];
              for (const item of items) {
                const updated = await client.query<{ stock: string }>(
                  "UPDATE product SET stock = stock - 1, updated_at = now() WHERE id = $1 AND shop_id = $2 RETURNING stock",
                  [item.id, shop.shopId],
                );
                after.push(updated.rows[0]!.stock);
              }
              for (const [index, item] of items.entries()) {
                await client.query(
                  `INSERT INTO stock_movement (shop_id, product_id, delta, stock_after, reason, sale_id, api_key_id)
                   VALUES ($1, $2, -1, $3, 'sale', $4, $5)`,
                  [shop.shopId, item.id, after[index], saleId, shop.deviceKeyId],
                );
              }
              await client.query("COMMIT");
            } catch (error) {
              await client.query("ROLLBACK");
              throw error;
            } finally {
              client.release();
            }
          },
        },
        recorder,
      ),
  };
}
