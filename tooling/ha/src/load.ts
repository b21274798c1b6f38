// Selling load for the topology: tills sending sales through HAProxy to the API processes, some
// one by one (sale.create), some as outbox batches (sale.sync), retrying as a till does
// (docs/sync-protocol.md: a 5xx or a lost answer is retried with the same externalId), and
// the checks that count what the database kept against what the tills were told.
import { randomUUID } from "node:crypto";

import { createApiKey, createDatabase, createProduct, createShop } from "@tillsync/db";

/** Each product starts with this much stock, so that stock never runs out during a run. */
export const INITIAL_STOCK = 1_000_000;
/** Sales per sale.sync batch (the till's outbox sends up to 500; small batches mix better). */
const SYNC_BATCH = 10;
/** Sales sent one by one (sale.create) after each batch: a third of all sales. */
const CREATE_RUN = 5;
/** A till gives up on a sale only after this long (failover takes seconds). */
const RETRY_DEADLINE_MS = 60_000;

export interface Shop {
  shopId: number;
  key: string;
  products: number[];
}

export interface Sale {
  externalId: string;
  sourceDevice: string;
  items: { productId: number; quantity: string }[];
}

/** What the tills saw: acknowledgements (with when), retries by cause, and anything not retryable. */
export interface Tally {
  /** externalId → ms since the run started when the till first got the answer "recorded". */
  acknowledged: Map<string, number>;
  replayed: number;
  /** Typed 503 SERVICE_UNAVAILABLE with Retry-After, from an API process. */
  retried503: number;
  /** Anything else retryable: HAProxy's 502/503/504 when an API process died, a connection cut. */
  retriedOther: number;
  /** Answers a till would not retry (and the run reports as failures). */
  failed: string[];
  /** Untyped 5xx answers (no SERVICE_UNAVAILABLE code or no Retry-After), with their body. */
  untyped: string[];
}

/** A shop with a device API key and three stocked products, created through `databaseUrl`. */
export async function createTestShop(databaseUrl: string): Promise<Shop> {
  const db = createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    const { id: shopId } = await createShop(db.prisma, { name: "HA corner shop" });
    const { key } = await createApiKey(db.prisma, { shopId, name: "pos-ha", role: "device" });
    const products: number[] = [];
    for (const name of ["Rice", "Flour", "Tea"]) {
      products.push((await createProduct(db.prisma, { shopId }, { name, isVolatile: false, unitPrice: "2.50", initialStock: String(INITIAL_STOCK) })).id);
    }
    return { shopId, key, products };
  } finally {
    await db.close();
  }
}

/** `total` sales spread over `clients` tills: one to three lines each, quantities 1..3. */
export function makeSales(shop: Shop, clients: number, total: number): Sale[][] {
  return Array.from({ length: clients }, (_, client) =>
    Array.from({ length: Math.floor(total / clients) + (client < total % clients ? 1 : 0) }, (_, n) => ({
      externalId: randomUUID(),
      sourceDevice: `till-${client}`,
      items: shop.products.slice(0, 1 + ((client + n) % 3)).map((productId, line) => ({ productId, quantity: String(1 + ((n + line) % 3)) })),
    })),
  );
}

export const emptyTally = (): Tally => ({ acknowledged: new Map(), replayed: 0, retried503: 0, retriedOther: 0, failed: [], untyped: [] });

/**
 * Runs every till's queue to the end against `apiUrl`: each till alternates a batch of
 * SYNC_BATCH sales through sale.sync with CREATE_RUN sale.create calls, retrying each call until
 * it is answered (backoff 50 ms doubling to 500 ms). `onAck` runs after every acknowledged sale
 * (the test uses it to inject faults at a given count).
 */
export async function sell(apiUrl: string, key: string, queues: Sale[][], tally: Tally, onAck: () => void = () => undefined): Promise<void> {
  const started = Date.now();
  const ack = (externalId: string, replayed: boolean) => {
    if (replayed) tally.replayed++;
    if (!tally.acknowledged.has(externalId)) tally.acknowledged.set(externalId, Date.now() - started);
    onAck();
  };
  const call = async (path: string, input: unknown): Promise<unknown> => {
    const deadline = Date.now() + RETRY_DEADLINE_MS;
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${apiUrl}/trpc/${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ json: input }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch {
        tally.retriedOther++;
        await backoff(attempt);
        continue;
      }
      const text = await res.text();
      if (res.status === 200) return (JSON.parse(text) as { result: { data: { json: unknown } } }).result.data.json;
      const code = parse(text)?.error?.json?.data?.code;
      if (res.status === 503 && code === "SERVICE_UNAVAILABLE") {
        if (!(Number(res.headers.get("retry-after")) > 0)) tally.untyped.push(`503 without Retry-After: ${text}`);
        tally.retried503++;
      } else if (res.status >= 500) {
        // HAProxy's own answers (an API process died mid-request) carry no tRPC code.
        if (code === undefined && (res.status === 502 || res.status === 503 || res.status === 504)) tally.retriedOther++;
        else tally.untyped.push(`${res.status}: ${text.slice(0, 300)}`);
      } else {
        tally.failed.push(`${path} ${res.status}: ${text.slice(0, 300)}`);
        return undefined;
      }
      await backoff(attempt);
    }
    tally.failed.push(`${path}: not answered within ${RETRY_DEADLINE_MS} ms`);
    return undefined;
  };

  await Promise.all(
    queues.map(async (queue) => {
      for (let at = 0, chunk = 0; at < queue.length; chunk++) {
        const size = chunk % 2 === 0 ? SYNC_BATCH : CREATE_RUN;
        const batch = queue.slice(at, at + size);
        at += size;
        if (chunk % 2 === 0) {
          const answer = (await call("sale.sync", { sales: batch })) as { results: { externalId: string; status: string; error?: unknown }[] } | undefined;
          for (const result of answer?.results ?? []) {
            if (result.status === "created" || result.status === "replayed") ack(result.externalId, result.status === "replayed");
            else tally.failed.push(`sale.sync ${result.externalId}: ${result.status} ${JSON.stringify(result.error)}`);
          }
        } else {
          for (const sale of batch) {
            const answer = (await call("sale.create", sale)) as { replayed?: boolean } | undefined;
            if (answer) ack(sale.externalId, answer.replayed === true);
          }
        }
      }
    }),
  );
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 500)));

/** A tRPC error body, or undefined when the text is not JSON (HAProxy's own pages). */
function parse(text: string): { error?: { json?: { data?: { code?: string } } } } | undefined {
  try {
    return JSON.parse(text) as { error?: { json?: { data?: { code?: string } } } };
  } catch {
    return undefined;
  }
}

/** What the database holds against what was sent and acknowledged. Every list empty and every count equal means nothing was lost, doubled or split. */
export interface Verdict {
  sent: number;
  acknowledged: number;
  stored: number;
  distinctStored: number;
  /** Acknowledged sales the database does not have (lost). */
  lostAcknowledged: string[];
  /** Sales stored with fewer or more lines than sent, or a total that is not the sum of its lines. */
  partial: string[];
  /** Products whose stock is not INITIAL_STOCK − sold, or not Σ ledger. */
  stockMismatch: string[];
}

/** Reads the shop's sales, lines and stock through `databaseUrl` (the leader) and compares. */
export async function verify(databaseUrl: string, shop: Shop, sent: Sale[], tally: Tally): Promise<Verdict> {
  const db = createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    const rows = await db.prisma.$queryRaw<{ external_id: string; lines: number; total_ok: boolean }[]>`
      SELECT s.external_id::text, count(i.id)::int AS lines, s.total = coalesce(sum(i.line_total), 0) AS total_ok
      FROM sale s LEFT JOIN sale_item i ON i.sale_id = s.id WHERE s.shop_id = ${shop.shopId} GROUP BY s.id`;
    const byId = new Map(rows.map((row) => [row.external_id, row]));
    const sentById = new Map(sent.map((sale) => [sale.externalId, sale]));
    const partial = rows
      .filter((row) => !row.total_ok || row.lines !== sentById.get(row.external_id)?.items.length)
      .map((row) => `${row.external_id}: ${row.lines} lines`);
    // Sold = what the stored sales carry (a sale sent but never acknowledged may be stored too).
    const lines = sent.filter((sale) => byId.has(sale.externalId)).flatMap((sale) => sale.items);
    const stockMismatch: string[] = [];
    for (const productId of shop.products) {
      const sold = lines.filter((line) => line.productId === productId).reduce((sum, line) => sum + Number(line.quantity), 0);
      const [row] = await db.prisma.$queryRaw<{ stock: string; ledger: string }[]>`
        SELECT p.stock::text AS stock, (SELECT sum(delta) FROM stock_movement m WHERE m.product_id = p.id)::text AS ledger FROM product p WHERE p.id = ${productId}`;
      if (Number(row!.stock) !== INITIAL_STOCK - sold || Number(row!.ledger) !== Number(row!.stock))
        stockMismatch.push(`product ${productId}: stock ${row!.stock}, ledger ${row!.ledger}, expected ${INITIAL_STOCK - sold}`);
    }
    return {
      sent: sent.length,
      acknowledged: tally.acknowledged.size,
      stored: rows.length,
      distinctStored: byId.size,
      lostAcknowledged: [...tally.acknowledged.keys()].filter((id) => !byId.has(id)),
      partial,
      stockMismatch,
    };
  } finally {
    await db.close();
  }
}
