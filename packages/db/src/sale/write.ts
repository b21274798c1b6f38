import {
  isStorableInstant,
  movesCash,
  parseReceiptNumber,
  settleTenders,
  type CashRoundingIncrement,
  type InlineProductInput,
  type SaleDTO,
  type SaleInput,
} from "@tillsync/validators";

import { Prisma, type Actor, type Tx } from "../db";
import { D, MAX_AMOUNT, MAX_AMOUNT_WORDS, MAX_STOCK_WORDS, roundMoney, toDec, type Dec } from "../decimal";
import { DomainError, notFound } from "../errors";
import { lockProducts, type LockedProduct } from "../stock/apply";
import { cashierStatusSql } from "../staff/sql";
import { StockRules, type StockEvent, type StockPlan } from "../stock/rules";
import { receiptFlagSql, toSaleDTO, type StoredRow } from "./dto";
import { FINGERPRINT_VERSION, saleFingerprint } from "./fingerprint";
import type { PendingSale } from "./pending";

export type { PendingSale } from "./pending";

/** Per sale, in input order: the stored sale, or why this sale (alone) was refused. */
export type WriteOutcome = { sale: SaleDTO } | { error: DomainError };

/** Thrown inside the transaction when another request already stored one of the externalIds. */
export class AlreadyRecorded extends Error {}

/** How far ahead of the server clock a till's clock may be before it is not trusted. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * When the sale happened (DESIGN.md §3.9): the till's clock, unless missing, before
 * 1970-01-01 or more than 5 minutes ahead of `receivedAt`; then `receivedAt`, adjusted.
 */
export function occurredAtOf(sale: PendingSale, receivedAt: Date): { occurredAt: Date; adjusted: boolean } {
  const at = sale.clock?.at;
  const trusted = !!at && at.getTime() >= 0 && at.getTime() <= receivedAt.getTime() + MAX_CLOCK_SKEW_MS;
  return trusted ? { occurredAt: at, adjusted: false } : { occurredAt: receivedAt, adjusted: true };
}

/**
 * From when a price a sale sets counts, for last-writer-wins on volatile price suggestions
 * (DESIGN.md §3.7, §7): the till's clock when it is trusted; when it sent none, the moment
 * the sale arrived (a till without a clock syncs as it sells); when it sent one that cannot be
 * trusted (before 1970, far ahead), null: nobody knows when the sale happened, so its price
 * becomes the suggestion only where no price has a known time, never over a staff edit.
 */
export function priceTimeOf(sale: PendingSale, receivedAt: Date): Date | null {
  const { occurredAt, adjusted } = occurredAtOf(sale, receivedAt);
  return adjusted && sale.clock ? null : occurredAt;
}

/** Whether a price set at `at` wins over one set at `than` (null: unknown time, see priceTimeOf). */
const laterPrice = (at: Date | null, than: Date | null) => (at === null ? than === null : than === null || than.getTime() <= at.getTime());

interface PricedLine {
  lineNo: number;
  product: LockedProduct;
  quantity: Dec;
  unitPrice: Dec;
  lineTotal: Dec;
  clientPrice: boolean;
}

/**
 * Writes sales that are not stored yet (DESIGN.md §3) inside the caller's transaction, with a
 * fixed number of statements however many sales and items there are: inline products, one
 * `SELECT … ORDER BY id FOR UPDATE` over every product involved (ascending ids, so nothing
 * deadlocks), then one statement of data-modifying CTEs that inserts the sales
 * (`ON CONFLICT DO NOTHING`), their items, applies the summed relative stock deltas, appends
 * the ledger, raises low-stock alerts and sets volatile price suggestions.
 *
 * Everything that decides a value (prices, totals, which price is the latest) is computed
 * here from the locked rows, in input order, so a batch gives exactly what recording its
 * sales one by one would; the stock, ledger and alerts are decided by the stock rules
 * (stock/rules.ts), the same plan every other stock path executes. A sale that is refused
 * (unknown product, total or stock out of range) is left out and reported; if any externalId
 * turns out to be stored already (a concurrent request), AlreadyRecorded is thrown so the
 * caller rolls back and replays.
 */
export async function writeSales(tx: Tx, actor: Actor, sales: PendingSale[]): Promise<WriteOutcome[]> {
  const receivedAt = new Date();
  const inline = await resolveInlineProducts(tx, actor.shopId, sales, receivedAt);
  const productIds = sales.map((sale, s) => sale.input.items.map((item, i) => item.productId ?? inline.ids.get(`${s}:${i}`)!));
  const products = await lockProducts(tx, actor.shopId, productIds.flat());
  // The shop's cash rounding matters only to a sale paid (partly) in cash: one key lookup then.
  const cashRounding = sales.some((sale) => sale.input.tenders?.some((tender) => tender.method === "cash")) ? await shopCashRounding(tx, actor.shopId) : null;
  const plan = planSales(sales, productIds, products, receivedAt, inline.createdBy, cashRounding);
  if (plan.written.length === 0) return plan.outcomes;
  const [result] = await tx.$queryRaw<WriteResult[]>(writeStatement(actor, plan, null));
  return finishWrite(actor, plan, result!);
}

/** The shop's cash rounding increment (DESIGN.md §8); null: none. */
export async function shopCashRounding(tx: Tx, shopId: number): Promise<CashRoundingIncrement | null> {
  const [row] = await tx.$queryRaw<{ cash_rounding: string | null }[]>`SELECT cash_rounding::text AS cash_rounding FROM shop WHERE id = ${shopId}`;
  return (row?.cash_rounding ?? null) as CashRoundingIncrement | null;
}

/** What writing these sales means, computed from the products as read (and, by then, locked). */
export interface SalePlan {
  outcomes: WriteOutcome[];
  /**
   * Each sale to write, as the stored row it becomes; what only the statement knows (its id,
   * the names of its device, user and cashier) is filled in by finishWrite.
   */
  written: { index: number; row: StoredRow }[];
  receivedAt: Date;
  products: Map<number, LockedProduct>;
  rows: ReturnType<typeof emptyRows>;
  /** The stock rules' plan (stock/rules.ts), `by` the sale's externalId. Sales never resolve an alert. */
  stock: StockPlan<string>;
  latestPrice: Map<number, { price: Dec; at: Date | null }>;
}

const emptyRows = () => ({
  sale: {
    externalId: [] as string[],
    fingerprint: [] as string[],
    device: [] as (string | null)[],
    clientAt: [] as (string | null)[],
    clientClock: [] as (string | null)[],
    assumedLocal: [] as boolean[],
    cashierId: [] as (string | null)[],
    occurredAt: [] as string[],
    adjusted: [] as boolean[],
    total: [] as string[],
    rounding: [] as string[],
    mismatch: [] as boolean[],
    /** Its tenders move cash (validators movesCash): the statement flags it when its till has no event of its drawer session. */
    cash: [] as boolean[],
    tillId: [] as (number | null)[],
    drawerSessionId: [] as (string | null)[],
    receiptSeries: [] as (string | null)[],
    receiptCounter: [] as (number | null)[],
  },
  tender: {
    externalId: [] as string[],
    lineNo: [] as number[],
    method: [] as string[],
    label: [] as (string | null)[],
    amount: [] as string[],
    tendered: [] as (string | null)[],
    change: [] as string[],
    reference: [] as (string | null)[],
    occurredAt: [] as string[],
  },
  item: {
    externalId: [] as string[],
    productId: [] as number[],
    lineNo: [] as number[],
    quantity: [] as string[],
    unitPrice: [] as string[],
    lineTotal: [] as string[],
    occurredAt: [] as string[],
  },
});

/**
 * Prices, totals, the stock plan (stock/rules.ts: ledger rows with the stock after each,
 * the sale that takes a product across its reorder level) and the latest volatile price,
 * for the sales in input order, exactly as recording them one by one would. Refused sales
 * get their error. `createdBy` names the products this transaction created inline, with the
 * index of the sale that created them: such a product starts with no earlier state, so one
 * created below its level raises an alert, attributed to that sale (its stock at trigger
 * the stock it was created with, 0). A refused sale's inline products are never kept (the
 * callers roll them back), so that alert never points at a sale that was not written.
 * Tenders are settled by settleTenders (validators tender.ts) with the shop's `cashRounding`
 * (DESIGN.md §8): the sale's rounding, each tender's change and the mismatch flag; a mismatch
 * is recorded, never a refusal.
 */
export function planSales(
  sales: PendingSale[],
  productIds: number[][],
  products: Map<number, LockedProduct>,
  receivedAt = new Date(),
  createdBy = new Map<number, number>(),
  cashRounding: CashRoundingIncrement | null = null,
): SalePlan {
  const rules = new StockRules<string>(products.values());
  const created = new Map<number, number[]>();
  for (const [productId, s] of createdBy) if (products.get(productId)?.stock != null) created.set(s, [...(created.get(s) ?? []), productId]);
  const latestPrice = new Map<number, { price: Dec; at: Date | null }>();
  const rows = emptyRows();
  const written: SalePlan["written"] = [];
  const outcomes: WriteOutcome[] = [];

  for (const [s, pending] of sales.entries()) {
    const { input, clock, cashierId } = pending;
    let lines: PricedLine[];
    try {
      lines = priceLines(input, productIds[s]!, products);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[s] = { error };
      continue;
    }
    const total = lines.reduce((sum, line) => sum.plus(line.lineTotal), new D(0));
    const { occurredAt, adjusted } = occurredAtOf(pending, receivedAt);
    const externalId = input.externalId;
    // An instant PostgreSQL's timestamptz cannot take is kept only as the text sent.
    const clientTimestamp = clock && isStorableInstant(clock.at) ? clock.at : null;

    // Stock: the rules decide the ledger rows and alerts; a stock the column cannot hold
    // refuses this sale alone.
    const events: StockEvent<string>[] = (created.get(s) ?? []).map((productId) => ({ kind: "created", productId, initialStock: null, by: externalId }));
    for (const line of lines) {
      if (!line.product.isVolatile) events.push({ kind: "sale", productId: line.product.id, quantity: line.quantity, by: externalId });
    }
    const outOfRange = rules.apply(events)?.outOfRange;
    if (outOfRange) {
      outcomes[s] = {
        error: new DomainError(
          "BAD_REQUEST",
          "AMOUNT_OUT_OF_RANGE",
          `With this sale the stock of ${outOfRange.name} would go beyond what can be recorded (${MAX_STOCK_WORDS} either way).`,
        ),
      };
      continue;
    }

    const fingerprint = saleFingerprint(
      input,
      clock?.at ?? null,
      lines.map((line) => line.unitPrice.toFixed(2)),
    );
    rows.sale.externalId.push(externalId);
    rows.sale.fingerprint.push(fingerprint);
    rows.sale.device.push(input.sourceDevice ?? null);
    rows.sale.clientAt.push(clientTimestamp?.toISOString() ?? null);
    rows.sale.clientClock.push(clock?.text ?? null);
    rows.sale.assumedLocal.push(clock?.assumedLocal ?? false);
    rows.sale.cashierId.push(cashierId);
    rows.sale.occurredAt.push(occurredAt.toISOString());
    rows.sale.adjusted.push(adjusted);
    rows.sale.total.push(total.toFixed(2));
    const settled = settleTenders(total, input.tenders, cashRounding);
    rows.sale.rounding.push(settled.rounding);
    rows.sale.mismatch.push(settled.mismatch);
    rows.sale.cash.push(movesCash(settled.tenders));
    rows.sale.tillId.push(input.tillId ?? null);
    rows.sale.drawerSessionId.push(input.drawerSessionId ?? null);
    // Stored as the till numbered it (DESIGN.md §9): never renumbered, a duplicate or gap only flagged.
    const receipt = input.receiptNumber === undefined ? undefined : parseReceiptNumber(input.receiptNumber);
    rows.sale.receiptSeries.push(receipt?.series ?? null);
    rows.sale.receiptCounter.push(receipt?.counter ?? null);
    for (const [n, tender] of settled.tenders.entries()) {
      rows.tender.externalId.push(externalId);
      rows.tender.lineNo.push(n + 1);
      rows.tender.method.push(tender.method);
      rows.tender.label.push(tender.label);
      rows.tender.amount.push(tender.amount);
      rows.tender.tendered.push(tender.tendered);
      rows.tender.change.push(tender.change);
      rows.tender.reference.push(tender.reference);
      rows.tender.occurredAt.push(occurredAt.toISOString());
    }
    for (const line of lines) {
      rows.item.externalId.push(externalId);
      rows.item.productId.push(line.product.id);
      rows.item.lineNo.push(line.lineNo);
      rows.item.quantity.push(line.quantity.toFixed(3));
      rows.item.unitPrice.push(line.unitPrice.toFixed(2));
      rows.item.lineTotal.push(line.lineTotal.toFixed(2));
      rows.item.occurredAt.push(occurredAt.toISOString());
    }

    // Volatile prices: the till's price becomes the suggestion unless a later sale set one.
    const priceAt = priceTimeOf(pending, receivedAt);
    for (const line of lines) {
      if (!line.product.isVolatile || !line.clientPrice) continue;
      const latest = latestPrice.get(line.product.id);
      if (!latest || laterPrice(priceAt, latest.at)) latestPrice.set(line.product.id, { price: line.unitPrice, at: priceAt });
    }

    written.push({
      index: s,
      row: {
        id: "",
        external_id: externalId,
        fingerprint,
        fingerprint_version: FINGERPRINT_VERSION,
        kind: "sale",
        reverses_sale_id: null,
        reversed_by: null,
        reason: null,
        total: total.toFixed(2),
        source_device: input.sourceDevice ?? null,
        device_name: null,
        user_id: null,
        user_name: null,
        cashier_id: cashierId,
        cashier_status: null,
        cashier_name: null,
        client_timestamp: clientTimestamp,
        client_clock: clock?.text ?? null,
        clock_assumed_local: clock?.assumedLocal ?? false,
        occurred_at: occurredAt,
        received_at: receivedAt,
        clock_adjusted: adjusted,
        items: lines.map((line) => ({
          productId: line.product.id,
          productName: line.product.name,
          quantity: line.quantity.toFixed(3),
          unitPrice: line.unitPrice.toFixed(2),
          lineTotal: line.lineTotal.toFixed(2),
        })),
        // As the stored-sale reader reads them back: no tenders is [] (toSaleDTO), the till is the statement's to decide.
        tenders: settled.tenders,
        rounding: settled.rounding,
        tender_mismatch: settled.mismatch,
        cash_without_drawer: false,
        till_id: null,
        drawer_session_id: input.drawerSessionId ?? null,
        refunds_sale_id: null,
        over_refund: false,
        needs_review: false,
        receipt_series: receipt?.series ?? null,
        receipt_counter: receipt?.counter ?? null,
        receipt_flag: null,
      },
    });
  }
  return { outcomes, written, receivedAt, products, rows, stock: rules.plan(), latestPrice };
}

export interface WriteResult {
  ok: boolean;
  sales: {
    id: string;
    externalId: string;
    cashierStatus: "member" | "former" | "unknown" | null;
    cashierName: string | null;
    tillId: number | null;
    cashWithoutDrawer: boolean;
    receiptFlag: StoredRow["receipt_flag"];
  }[];
  device_name: string | null;
  user_name: string | null;
  stock_rows: number;
}

/**
 * The one statement that writes a plan. With `expected` (the products as read before, not
 * locked), it first locks them itself in ascending id order, and writes nothing (`ok` is
 * false) unless their latest versions are still exactly as read, so a caller that read them
 * without a lock can plan again. In READ COMMITTED, `FOR UPDATE` waits for a concurrent
 * writer and returns the row as that writer left it, and the updates further down act on
 * those same latest versions, so the check and the writes agree. Its text depends only on
 * whether `expected` is given, never on the number of sales or items, so it can be prepared.
 */
export function writeStatement(actor: Actor, plan: SalePlan, expected: Map<number, LockedProduct> | null): Prisma.Sql {
  const { rows, stock, latestPrice, receivedAt } = plan;
  // Derived from the stock rules' plan, as applyStockPlan executes it on the other paths;
  // a sale only takes stock down, so it never resolves an alert.
  if (stock.resolve.length > 0) throw new Error("writeStatement: a sale plan cannot resolve alerts");
  const stockIds = [...stock.stock.keys()];
  const stockDeltas = stockIds.map((id) => stock.stock.get(id)!.delta.toFixed(3));
  const ledger = {
    externalId: stock.ledger.map((row) => row.by),
    productId: stock.ledger.map((row) => row.productId),
    delta: stock.ledger.map((row) => row.delta.toFixed(3)),
    stockAfter: stock.ledger.map((row) => row.stockAfter.toFixed(3)),
  };
  const alert = {
    externalId: stock.raise.map((row) => row.by),
    productId: stock.raise.map((row) => row.productId),
    stock: stock.raise.map((row) => row.stock.toFixed(3)),
    level: stock.raise.map((row) => row.reorderLevel.toFixed(3)),
  };
  const priceIds = [...latestPrice.keys()];
  const { sale, item, tender } = rows;
  const seen = expected ? [...expected.values()].sort((a, b) => a.id - b.id) : [];
  // The guard runs first: it is the first thing the final SELECT asks for, and every write
  // below waits on its answer.
  const guard = expected
    ? Prisma.sql`
      locked AS MATERIALIZED (
        SELECT id, name, is_volatile, unit_price, stock, reorder_level
        FROM product WHERE shop_id = ${actor.shopId} AND id = ANY(${seen.map((p) => p.id)}::int[])
        ORDER BY id FOR UPDATE
      ), guard AS (
        SELECT count(*) = ${seen.length} AND coalesce(bool_and(p.name = v.name AND p.is_volatile = v.is_volatile AND p.unit_price = v.unit_price
                 AND p.stock IS NOT DISTINCT FROM v.stock AND p.reorder_level IS NOT DISTINCT FROM v.reorder_level), true) AS ok
        FROM unnest(${seen.map((p) => p.id)}::int[], ${seen.map((p) => p.name)}::text[], ${seen.map((p) => p.isVolatile)}::boolean[],
                    ${seen.map((p) => p.unitPrice.toFixed(2))}::numeric[], ${seen.map((p) => p.stock?.toFixed(3) ?? null)}::numeric[],
                    ${seen.map((p) => p.reorderLevel?.toFixed(3) ?? null)}::numeric[]) AS v(id, name, is_volatile, unit_price, stock, reorder_level)
        JOIN locked p ON p.id = v.id
      )`
    : Prisma.sql`guard AS (SELECT true AS ok)`;
  // Each product join also says `p.id = ANY(ids)`: joined only with unnest(), the planner
  // may walk every product of the shop by shop_id instead of looking up a few by primary key.
  return Prisma.sql`
    WITH ${guard}, s AS (
      INSERT INTO sale (shop_id, external_id, fingerprint, fingerprint_version, source_device, api_key_id, user_id, cashier_id, cashier_status,
                        client_timestamp, client_clock, clock_assumed_local, occurred_at, received_at, clock_adjusted, total,
                        rounding, tender_mismatch, till_id, cash_without_drawer, drawer_session_id, receipt_series, receipt_counter)
      SELECT ${actor.shopId}, v.external_id, v.fingerprint, ${FINGERPRINT_VERSION}::smallint, v.source_device, ${actor.apiKeyId ?? null}::int, ${actor.userId ?? null},
             v.cashier_id,
             ${cashierStatusSql(actor.shopId, Prisma.sql`v.cashier_id`)},
             v.client_timestamp, v.client_clock, v.clock_assumed_local, v.occurred_at, ${receivedAt}::timestamptz, v.clock_adjusted, v.total,
             v.rounding, v.tender_mismatch, placed.till_id,
             -- Cash with no drawer session of its till (DESIGN.md §8): none named, no till, or a session of which the till has no
             -- event yet. Only a sale moving cash looks (a key lookup); read back as still so (sale/dto.ts cashWithoutDrawerSql).
             -- Only where a drawer could have been open: at a till (named, or the key's), or by staff at a browser. A device key
             -- bound to no till (a REST till of the Django shape, a script) has no drawer here to count into: flagging each of
             -- its cash sales would fill Needs review with what nobody can act on.
             v.cash AND (placed.till_id IS NOT NULL OR ${actor.userId ?? null}::text IS NOT NULL)
               AND NOT EXISTS (SELECT FROM drawer_event e WHERE e.shop_id = ${actor.shopId} AND e.session_id = v.drawer_session_id AND e.till_id = placed.till_id),
             v.drawer_session_id, v.receipt_series, v.receipt_counter
      FROM unnest(${sale.externalId}::uuid[], ${sale.fingerprint}::text[], ${sale.device}::text[], ${sale.cashierId}::text[], ${sale.clientAt}::timestamptz[],
                  ${sale.clientClock}::text[], ${sale.assumedLocal}::boolean[], ${sale.occurredAt}::timestamptz[], ${sale.adjusted}::boolean[], ${sale.total}::numeric[],
                  ${sale.rounding}::numeric[], ${sale.mismatch}::boolean[], ${sale.cash}::boolean[], ${sale.tillId}::int[], ${sale.drawerSessionId}::uuid[],
                  ${sale.receiptSeries}::text[], ${sale.receiptCounter}::int[])
           WITH ORDINALITY AS v(external_id, fingerprint, source_device, cashier_id, client_timestamp, client_clock, clock_assumed_local, occurred_at, clock_adjusted, total,
                                rounding, tender_mismatch, cash, till_id, drawer_session_id, receipt_series, receipt_counter, n)
      -- The till (DESIGN.md §8): the one the sale names if it is this shop's (else none: a sale that happened is recorded,
      -- never refused), or when it names none, the till the delivering device key is bound to. Key lookups.
      CROSS JOIN LATERAL (
        SELECT CASE WHEN v.till_id IS NOT NULL THEN (SELECT t.id FROM till t WHERE t.id = v.till_id AND t.shop_id = ${actor.shopId})
                    ELSE (SELECT t.id FROM till t WHERE t.api_key_id = ${actor.apiKeyId ?? null}::int AND t.shop_id = ${actor.shopId}) END AS till_id
      ) placed
      WHERE (SELECT ok FROM guard)
      ORDER BY v.n
      ON CONFLICT (shop_id, external_id) DO NOTHING
      RETURNING id, shop_id, external_id, cashier_id, cashier_status, till_id, cash_without_drawer, receipt_series, receipt_counter
    ), all_new AS (
      -- Stock and prices change only if every sale row was inserted: when a concurrent request
      -- stored one of them first, this statement must leave products untouched (the caller
      -- then replays), even where it commits before the caller sees the conflict.
      SELECT (SELECT ok FROM guard) AND (SELECT count(*) FROM s) = ${sale.externalId.length} AS ok
    ), items AS (
      INSERT INTO sale_item (sale_id, shop_id, product_id, line_no, quantity, unit_price, line_total, occurred_at)
      SELECT s.id, ${actor.shopId}, v.product_id, v.line_no, v.quantity, v.unit_price, v.line_total, v.occurred_at
      FROM unnest(${item.externalId}::uuid[], ${item.productId}::int[], ${item.lineNo}::int[], ${item.quantity}::numeric[],
                  ${item.unitPrice}::numeric[], ${item.lineTotal}::numeric[], ${item.occurredAt}::timestamptz[])
           WITH ORDINALITY AS v(external_id, product_id, line_no, quantity, unit_price, line_total, occurred_at, n)
      JOIN s ON s.external_id = v.external_id
      ORDER BY v.n
    ), tenders AS (
      -- text[] first: PGlite's adapter sends a string array as text, and a direct enum-array cast of it fails there.
      INSERT INTO sale_tender (sale_id, shop_id, line_no, method, label, amount, tendered, change, reference, occurred_at)
      SELECT s.id, ${actor.shopId}, v.line_no, v.method, v.label, v.amount, v.tendered, v.change, v.reference, v.occurred_at
      FROM unnest(${tender.externalId}::uuid[], ${tender.lineNo}::int[], ${tender.method}::text[]::tender_method[], ${tender.label}::text[], ${tender.amount}::numeric[],
                  ${tender.tendered}::numeric[], ${tender.change}::numeric[], ${tender.reference}::text[], ${tender.occurredAt}::timestamptz[])
           WITH ORDINALITY AS v(external_id, line_no, method, label, amount, tendered, change, reference, occurred_at, n)
      JOIN s ON s.external_id = v.external_id
      ORDER BY v.n
    ), stock AS (
      UPDATE product AS p SET stock = p.stock + v.delta, updated_at = now()
      FROM unnest(${stockIds}::int[], ${stockDeltas}::numeric[]) AS v(id, delta)
      WHERE p.id = v.id AND p.id = ANY(${stockIds}::int[]) AND p.shop_id = ${actor.shopId} AND p.stock IS NOT NULL AND (SELECT ok FROM all_new)
      RETURNING p.id
    ), ledger AS (
      INSERT INTO stock_movement (shop_id, product_id, delta, stock_after, reason, sale_id, user_id, api_key_id)
      SELECT ${actor.shopId}, v.product_id, v.delta, v.stock_after, 'sale', s.id, ${actor.userId ?? null}, ${actor.apiKeyId ?? null}::int
      FROM unnest(${ledger.externalId}::uuid[], ${ledger.productId}::int[], ${ledger.delta}::numeric[], ${ledger.stockAfter}::numeric[])
           WITH ORDINALITY AS v(external_id, product_id, delta, stock_after, n)
      JOIN s ON s.external_id = v.external_id
      ORDER BY v.n
    ), alerts AS (
      INSERT INTO low_stock_alert (shop_id, product_id, stock_at_trigger, reorder_level, sale_id)
      SELECT ${actor.shopId}, v.product_id, v.stock, v.level, s.id
      FROM unnest(${alert.externalId}::uuid[], ${alert.productId}::int[], ${alert.stock}::numeric[], ${alert.level}::numeric[])
           AS v(external_id, product_id, stock, level)
      JOIN s ON s.external_id = v.external_id
      ON CONFLICT (product_id) WHERE resolved_at IS NULL DO NOTHING
    ), prices AS (
      UPDATE product AS p SET unit_price = v.price, unit_price_at = v.at, updated_at = now()
      FROM unnest(${priceIds}::int[], ${priceIds.map((id) => latestPrice.get(id)!.price.toFixed(2))}::numeric[],
                  ${priceIds.map((id) => latestPrice.get(id)!.at?.toISOString() ?? null)}::timestamptz[]) AS v(id, price, at)
      WHERE p.id = v.id AND p.id = ANY(${priceIds}::int[]) AND p.shop_id = ${actor.shopId}
        -- v.at is null for a price of unknown time (priceTimeOf): it fills only a price of unknown time.
        AND (p.unit_price_at IS NULL OR p.unit_price_at <= v.at) AND (SELECT ok FROM all_new)
    )
    SELECT (SELECT ok FROM guard) AS ok,
           coalesce((SELECT json_agg(json_build_object('id', s.id::text, 'externalId', s.external_id::text, 'cashierStatus', s.cashier_status, 'tillId', s.till_id,
                                                       'cashWithoutDrawer', s.cash_without_drawer,
                                                       'cashierName', CASE WHEN s.cashier_status <> 'unknown' THEN (SELECT u.name FROM "user" u WHERE u.id = s.cashier_id) END,
                                                       -- The statement's snapshot of sale does not hold the rows it inserts: s is looked at too.
                                                       'receiptFlag', ${receiptFlagSql(Prisma.sql`s`, Prisma.sql`s`)}))
                     FROM s), '[]'::json) AS sales,
           (SELECT name FROM api_key WHERE id = ${actor.apiKeyId ?? null}::int) AS device_name,
           (SELECT name FROM "user" WHERE id = ${actor.userId ?? null}) AS user_name,
           (SELECT count(*) FROM stock)::int AS stock_rows`;
}

/**
 * The outcome per sale once the statement ran (its `ok` already checked); AlreadyRecorded
 * when a concurrent request stored one of the externalIds first.
 */
export function finishWrite(actor: Actor, plan: SalePlan, result: WriteResult): WriteOutcome[] {
  if (result.sales.length !== plan.written.length) throw new AlreadyRecorded();
  if (result.stock_rows !== plan.stock.stock.size) throw new Error("writeSales: a tracked product was not updated");
  const inserted = new Map(result.sales.map((row) => [row.externalId, row]));
  const outcomes = [...plan.outcomes];
  for (const { index, row } of plan.written) {
    const answer = inserted.get(row.external_id)!;
    // Filled in place: a row of one shape throughout is what keeps this mapping cheap on the hot path.
    row.id = answer.id;
    row.device_name = result.device_name;
    row.user_id = actor.userId ?? null;
    row.user_name = result.user_name;
    row.cashier_status = answer.cashierStatus;
    row.cashier_name = answer.cashierName;
    row.till_id = answer.tillId;
    row.cash_without_drawer = answer.cashWithoutDrawer;
    row.receipt_flag = answer.receiptFlag;
    outcomes[index] = { sale: toSaleDTO(row) };
  }
  return outcomes;
}
function priceLines(input: SaleInput, productIds: number[], products: Map<number, LockedProduct>): PricedLine[] {
  const lines = input.items.map((item, index) => {
    const product = products.get(productIds[index]!);
    if (!product) throw notFound("PRODUCT_NOT_FOUND", `Item ${index + 1}: product ${productIds[index]} not found.`);
    const quantity = toDec(item.quantity);
    const unitPrice = item.unitPrice === undefined ? product.unitPrice : toDec(item.unitPrice);
    const lineTotal = roundMoney(quantity.times(unitPrice));
    return { lineNo: index + 1, product, quantity, unitPrice, lineTotal, clientPrice: item.unitPrice !== undefined };
  });
  const total = lines.reduce((sum, line) => sum.plus(line.lineTotal), new D(0));
  if (total.gt(MAX_AMOUNT)) {
    throw new DomainError("BAD_REQUEST", "AMOUNT_OUT_OF_RANGE", `The sale’s total would go beyond what can be recorded (${MAX_AMOUNT_WORDS}).`);
  }
  return lines;
}

/**
 * Creates the products tills made up while offline, in this transaction. Those with an
 * externalId are shared by every queued sale that names them, so the first sale creates
 * the product and the rest find it; a SKU the shop already has resolves to that product.
 * Returns the product id per `sale:item` index, and the products inserted here with the
 * index of the sale that created them (the first in input order that names them).
 */
async function resolveInlineProducts(tx: Tx, shopId: number, sales: PendingSale[], receivedAt: Date) {
  const byItem = new Map<string, number>();
  const createdBy = new Map<number, number>();
  const inline = sales
    .flatMap((sale, s) =>
      sale.input.items.map((item, i) => ({ sale: s, key: `${s}:${i}`, product: item.product, unitPrice: item.unitPrice, at: priceTimeOf(sale, receivedAt) })),
    )
    .filter((entry): entry is { sale: number; key: string; product: InlineProductInput; unitPrice: string | undefined; at: Date | null } => !!entry.product)
    // A stable order keeps concurrent sales from waiting on each other's new rows in a cycle
    // (and, sort being stable, the first sale naming an externalId is the one that creates it).
    .sort((a, b) => (a.product.externalId ?? "").localeCompare(b.product.externalId ?? ""));
  const created = new Map<string, number>();
  for (const { sale, key, product, unitPrice, at } of inline) {
    const known = product.externalId ? created.get(product.externalId) : undefined;
    if (known !== undefined) {
      byItem.set(key, known);
      continue;
    }
    const price = product.unitPrice ?? unitPrice ?? "0";
    // The price was set when the sale happened: a later sale's price wins over it, an earlier one's does not (§7).
    const rows = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO product (shop_id, external_id, name, sku, is_volatile, unit_price, unit_price_at, stock, reorder_level)
      VALUES (${shopId}, ${product.externalId ?? null}::uuid, ${product.name}, ${product.sku ?? null}, ${product.isVolatile},
              ${price}::numeric, ${at?.toISOString() ?? null}::timestamptz, ${product.isVolatile ? null : "0"}::numeric,
              ${product.isVolatile ? null : (product.reorderLevel ?? null)}::numeric)
      ON CONFLICT DO NOTHING
      RETURNING id`;
    let id = rows[0]?.id;
    if (id !== undefined) createdBy.set(id, sale);
    else {
      const found = await tx.$queryRaw<{ id: number; merged: boolean }[]>`
        SELECT id, external_id IS DISTINCT FROM ${product.externalId ?? null}::uuid AS merged FROM product
        WHERE shop_id = ${shopId} AND (external_id = ${product.externalId ?? null}::uuid OR sku = ${product.sku ?? null})
        ORDER BY (external_id IS NOT DISTINCT FROM ${product.externalId ?? null}::uuid) DESC
        LIMIT 1`;
      id = found[0]!.id;
      // The till's own product became the shop's product with its SKU: tills replace their copy
      // when they pull the catalogue (product/changes.ts).
      if (product.externalId && found[0]!.merged) {
        await tx.$executeRaw`
          INSERT INTO product_merge (shop_id, external_id, product_id, change_xid)
          VALUES (${shopId}, ${product.externalId}::uuid, ${id}, pg_current_xact_id()::text::bigint)
          ON CONFLICT DO NOTHING`;
      }
    }
    if (product.externalId) created.set(product.externalId, id);
    byItem.set(key, id);
  }
  return { ids: byItem, createdBy };
}
