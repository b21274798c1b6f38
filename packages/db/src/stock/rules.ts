import { DomainError } from "../errors";
import { MAX_STOCK, MAX_STOCK_WORDS, type Dec } from "../decimal";

/** The ledger's reasons (the `movement_reason` enum). */
export type MovementReason = "sale" | "restock" | "count" | "adjustment" | "reversal" | "refund";

/** A product as locked before the events: `stock` is null for volatile products (no stock rules apply). */
export interface StockState {
  id: number;
  name: string;
  stock: Dec | null;
  reorderLevel: Dec | null;
}

/**
 * Something that changes a tracked product's stock or reorder level. `by` is whose event it
 * is, carried to the ledger rows and alerts it causes: on the sale path the sale's
 * externalId (the statement resolves it to the sale's id), elsewhere the id of the sale it
 * belongs to (a reversal) or null (staff actions).
 *
 * - `created`: the product came into existence in this transaction (product.create, or a
 *   till's inline product). It has no earlier state to cross from, so it raises an alert if
 *   it starts below its level. `initialStock` is a count stated at creation (a "count" ledger
 *   row, note "Initial stock", even of 0); null when nobody counted anything (an inline
 *   product: stock starts at 0 with no ledger row). Must be the product's first event.
 * - `sale`: `quantity` (> 0) sold. `restock`: received. `reversal`: put back by a whole-sale void
 *   (sale.reverse). `refund`: put back by a partial refund (DESIGN.md §8), `by` the refund's id.
 * - `count`: a stock take; the stock becomes `counted`, the ledger records the difference.
 * - `level`: the reorder level set to `reorderLevel` (null: none); no ledger row.
 */
export type StockEvent<By> =
  | { kind: "created"; productId: number; initialStock: Dec | null; by: By }
  | { kind: "sale" | "restock" | "reversal" | "refund"; productId: number; quantity: Dec; by: By; note?: string | null }
  | { kind: "count"; productId: number; counted: Dec; by: By; note?: string | null }
  | { kind: "level"; productId: number; reorderLevel: Dec | null; by: By };

/** A ledger row (stock_movement): the signed change and the stock right after it. */
export interface LedgerRow<By> {
  productId: number;
  delta: Dec;
  stockAfter: Dec;
  reason: MovementReason;
  note: string | null;
  by: By;
}

/** A low-stock alert to raise: the stock and level when it crossed, and the event that made it cross. */
export interface AlertToRaise<By> {
  productId: number;
  stock: Dec;
  reorderLevel: Dec;
  by: By;
}

/**
 * What a sequence of events means for the database, to be executed as it stands (by
 * applyStockPlan, or the sale path's single statement): ledger rows in event order, the
 * relative stock change and final stock per product whose stock moved, the open alerts to
 * resolve (first) and the alerts to raise (then).
 */
export interface StockPlan<By> {
  ledger: LedgerRow<By>[];
  stock: Map<number, { before: Dec; after: Dec; delta: Dec }>;
  resolve: number[];
  raise: AlertToRaise<By>[];
}

interface Tracked {
  stock: Dec;
  level: Dec | null;
  /** Low when the plan started: it then has its open alert (the invariant these rules keep). */
  startLow: boolean;
  low: boolean;
  /** Was not low at some point after starting low: the open alert is resolved. */
  rose: boolean;
  /** The last crossing from not-low to low, if the product is low now because of one. */
  crossing: AlertToRaise<unknown> | null;
  touched: boolean;
  events: number;
}

const isLow = (stock: Dec, level: Dec | null) => level !== null && stock.lt(level);

/**
 * The one home of the stock rules (DESIGN.md §3.5, §3.6, §3.10, §8; issue 16). Pure: given the
 * products as locked and events in the order they happen, it decides every value the
 * database will hold:
 * - stock changes relatively (the executor adds `delta`, never writes an absolute stock);
 *   it may go negative, but never beyond what DECIMAL(14,3) holds (±MAX_STOCK);
 * - one ledger row per stock event, with the stock right after it (`stock_after` chains);
 * - an alert when stock crosses from not-low (≥ level) to low (< level), and for a product
 *   created below its level; never a second one while one is open (a product low at the
 *   start has its alert already);
 * - the open alert resolved when stock is brought back to the level, or the level is
 *   lowered below the stock or removed.
 * Within one plan (one transaction) only the net effect counts: a product that dips and
 * recovers inside it raises nothing, nobody could have seen that alert. A product low at
 * the start that rises and falls again has its alert resolved and a new one raised at the
 * last crossing.
 *
 * Events are applied with `apply`, all of a group or none (a sale whose stock would leave the
 * column's range is refused alone); `plan()` returns the result.
 */
export class StockRules<By> {
  private readonly products = new Map<number, StockState>();
  private readonly state = new Map<number, Tracked>();
  private readonly ledger: LedgerRow<By>[] = [];

  constructor(products: Iterable<StockState>) {
    for (const product of products) this.products.set(product.id, product);
  }

  /**
   * Applies `events` in order if every stock they lead to fits the column; otherwise
   * applies none of them and returns the product whose stock would not fit.
   */
  apply(events: StockEvent<By>[]): { outOfRange: StockState } | undefined {
    const next = new Map<number, Tracked>();
    const rows: LedgerRow<By>[] = [];
    for (const event of events) {
      let tracked = next.get(event.productId);
      if (!tracked) next.set(event.productId, (tracked = this.copyOf(event.productId)));
      this.step(tracked, event, rows);
      if (tracked.stock.abs().gt(MAX_STOCK)) return { outOfRange: this.products.get(event.productId)! };
    }
    for (const [id, tracked] of next) this.state.set(id, tracked);
    this.ledger.push(...rows);
    return undefined;
  }

  plan(): StockPlan<By> {
    const stock: StockPlan<By>["stock"] = new Map();
    const resolve: number[] = [];
    const raise: AlertToRaise<By>[] = [];
    for (const [id, tracked] of this.state) {
      const before = this.products.get(id)!.stock!;
      if (tracked.touched) stock.set(id, { before, after: tracked.stock, delta: tracked.stock.minus(before) });
      if (tracked.startLow && tracked.rose) resolve.push(id);
      if (tracked.low && tracked.crossing) raise.push(tracked.crossing as AlertToRaise<By>);
    }
    return { ledger: [...this.ledger], stock, resolve, raise };
  }

  private copyOf(productId: number): Tracked {
    const known = this.state.get(productId);
    if (known) return { ...known };
    const product = this.products.get(productId);
    if (!product) throw new Error(`StockRules: product ${productId} was not locked`);
    if (product.stock === null) throw new Error(`StockRules: product ${productId} is volatile and has no stock`);
    const low = isLow(product.stock, product.reorderLevel);
    return { stock: product.stock, level: product.reorderLevel, startLow: low, low, rose: false, crossing: null, touched: false, events: 0 };
  }

  /** Applies one event to `t` (a working copy), appending its ledger row to `rows`. */
  private step(t: Tracked, event: StockEvent<By>, rows: LedgerRow<By>[]): void {
    const move = (delta: Dec, reason: MovementReason, note: string | null) => {
      t.stock = t.stock.plus(delta);
      t.touched = true;
      rows.push({ productId: event.productId, delta, stockAfter: t.stock, reason, note, by: event.by });
    };
    switch (event.kind) {
      case "created":
        if (t.events > 0) throw new Error(`StockRules: product ${event.productId} created after other events`);
        // No earlier state to cross from: whatever it starts at, it was not low before.
        t.startLow = false;
        t.low = false;
        if (event.initialStock !== null) move(event.initialStock.minus(t.stock), "count", "Initial stock");
        break;
      case "sale":
        move(event.quantity.negated(), "sale", event.note ?? null);
        break;
      case "restock":
      case "reversal":
      case "refund":
        move(event.quantity, event.kind, event.note ?? null);
        break;
      case "count":
        move(event.counted.minus(t.stock), "count", event.note ?? null);
        break;
      case "level":
        t.level = event.reorderLevel;
        break;
    }
    const low = isLow(t.stock, t.level);
    if (!t.low && low) t.crossing = { productId: event.productId, stock: t.stock, reorderLevel: t.level!, by: event.by };
    if (t.low && !low) {
      t.crossing = null;
      if (t.startLow) t.rose = true;
    }
    t.low = low;
    t.events += 1;
  }
}

/**
 * The plan of `events` for a path that refuses them all together (restock, count, create,
 * update, reversal, refund): AMOUNT_OUT_OF_RANGE when a product's stock would not fit its column.
 */
export function planStock<By>(products: Iterable<StockState>, events: StockEvent<By>[]): StockPlan<By> {
  const rules = new StockRules<By>(products);
  const refused = rules.apply(events);
  if (refused) throw stockOutOfRange(refused.outOfRange);
  return rules.plan();
}

/** The refusal when a product's stock would go beyond what DECIMAL(14,3) holds. */
export const stockOutOfRange = (product: Pick<StockState, "name">) =>
  new DomainError("BAD_REQUEST", "AMOUNT_OUT_OF_RANGE", `The stock of ${product.name} would go beyond what can be recorded (${MAX_STOCK_WORDS} either way).`);
