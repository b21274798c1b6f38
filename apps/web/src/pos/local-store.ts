import type { RouterOutputs } from "@tillsync/api";
import type { PaperWidth, ProductDTO } from "@tillsync/validators";
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { v4 as uuidv4 } from "uuid";

import type { AdoptedSession } from "./money";

export type PosSession = RouterOutputs["shop"]["current"];

/**
 * A product the till can sell (prices and stock as of the last catalogue download; for
 * volatile products the price is a suggestion): one from the catalogue (`id`), or one created at the till
 * (`externalId` only) that the server creates with the first sale naming it
 * (DESIGN.md §3 rule 8). `key` is unique either way.
 */
export type PosProduct = Pick<ProductDTO, "externalId" | "name" | "sku" | "isVolatile" | "unitPrice" | "stock"> & {
  key: string;
  /** Null until the server has created a product made at the till. */
  id: number | null;
};

interface PosSchema extends DBSchema {
  /** The signed-in user and shop, so the till opens without asking the server. */
  session: { key: "current"; value: PosSession };
  catalogue: { key: string; value: PosProduct & { shopId: number }; indexes: { shopId: number } };
  /** Every product name the till has seen, by id: rejected sales name their products even after they left the catalogue. */
  names: { key: number; value: string };
  meta: { key: string; value: string };
}

const localKey = (externalId: string) => `local:${externalId}`;

export const fromDTO = (product: ProductDTO): PosProduct => ({
  key: String(product.id),
  id: product.id,
  externalId: product.externalId,
  name: product.name,
  sku: product.sku,
  isVolatile: product.isVolatile,
  unitPrice: product.unitPrice,
  stock: product.stock,
});

let opened: Promise<IDBPDatabase<PosSchema>> | undefined;

/** The POS's own IndexedDB (the outbox lives in a database of its own, per shop). */
function db() {
  opened ??= openDB<PosSchema>("tillsync-pos", 1, {
    upgrade(database) {
      database.createObjectStore("session");
      database.createObjectStore("catalogue", { keyPath: "key" }).createIndex("shopId", "shopId");
      database.createObjectStore("names");
      database.createObjectStore("meta");
    },
  });
  return opened;
}

export const loadSession = async () => (await (await db()).get("session", "current")) ?? null;

/** The shop this till last sold for: a signed-out till still finds its outbox (and says what waits in it). */
export type TillShop = PosSession["shop"];

/** Saves the session, and remembers its shop beyond sign-out. */
export async function saveSession(session: PosSession) {
  const tx = (await db()).transaction(["session", "meta"], "readwrite");
  await Promise.all([tx.objectStore("session").put(session, "current"), tx.objectStore("meta").put(JSON.stringify(session.shop), "shop"), tx.done]);
}

export async function loadTillShop(): Promise<TillShop | null> {
  const shop = await (await db()).get("meta", "shop");
  return shop ? (JSON.parse(shop) as TillShop) : null;
}

/**
 * Signing out forgets the user and the catalogue; queued sales stay in their outbox, and
 * the till keeps its shop so the sign-in screen can say they are waiting.
 * `serverPending`: the user whose server session still has to end (the sign-out call did
 * not get through, e.g. offline); `finishSignOut` ends it once the server is reachable.
 */
export async function clearSession(serverPending: string | null = null) {
  const tx = (await db()).transaction(["session", "catalogue", "meta"], "readwrite");
  const meta = tx.objectStore("meta");
  await Promise.all([
    tx.objectStore("session").clear(),
    tx.objectStore("catalogue").clear(),
    meta.delete(CATALOGUE_CURSOR),
    serverPending === null ? meta.delete("signOutPending") : meta.put(serverPending, "signOutPending"),
    tx.done,
  ]);
}

/** The user whose sign-out has not reached the server yet, if any. */
export const pendingSignOut = async () => (await (await db()).get("meta", "signOutPending")) ?? null;

export const forgetPendingSignOut = async () => void (await (await db()).delete("meta", "signOutPending"));

/**
 * One collator for every comparison: `localeCompare` builds one per call, which made sorting a
 * 20,000-product catalogue take seconds when the till opened (docs/benchmarks.md, "The till").
 */
const byName = new Intl.Collator();

export async function loadCatalogue(shopId: number): Promise<PosProduct[]> {
  const rows = await (await db()).getAllFromIndex("catalogue", "shopId", shopId);
  return rows.map(({ shopId: _shop, ...product }) => product).sort((a, b) => byName.compare(a.name, b.name));
}

/**
 * Replaces the shop's catalogue with the server's. Products created at this till stay
 * until the server's list has them (same externalId), i.e. until their sale synced.
 */
export async function replaceCatalogue(shopId: number, products: PosProduct[]) {
  const tx = (await db()).transaction(["catalogue", "names"], "readwrite");
  const names = tx.objectStore("names");
  const known = new Set(products.flatMap((product) => (product.externalId ? [product.externalId] : [])));
  const catalogue = tx.objectStore("catalogue");
  const stale = (await catalogue.index("shopId").getAll(shopId)).filter((row) => row.id !== null || (row.externalId && known.has(row.externalId)));
  // Requests of one transaction run in the order made: issued together, not one await each
  // (20,000 products: 60,000 round trips to the event loop otherwise).
  await Promise.all([
    ...products.flatMap((product) => (product.id !== null ? [names.put(product.name, product.id)] : [])),
    ...stale.map((row) => catalogue.delete(row.key)),
    ...products.map((product) => catalogue.put({ ...product, shopId })),
    tx.done,
  ]);
}

/**
 * Where the till's catalogue stands with the server (product.changes' `cursor`, issue 21),
 * kept with the catalogue it describes and forgotten with it (clearSession): a till
 * without one loads the whole catalogue again.
 */
const CATALOGUE_CURSOR = "catalogueCursor";

export async function loadCatalogueCursor(shopId: number): Promise<string | null> {
  const stored = await (await db()).get("meta", CATALOGUE_CURSOR);
  if (!stored) return null;
  const { shop, cursor } = JSON.parse(stored) as { shop: number; cursor: string };
  return shop === shopId ? cursor : null;
}

/** A product.changes page as the till applies it (validators ProductChangesDTO). */
export interface CatalogueChanges {
  products: ProductDTO[];
  /** Products made at a till that the server merged into one of the shop's (same SKU). */
  merged: { externalId: string; productId: number }[];
  cursor: string;
}

/**
 * Applies changes since the till's cursor, with the cursor, in one transaction (a till
 * that closes half way pulls the same changes again): archived products leave the
 * catalogue, the others replace the till's copy, and a product made at the till leaves it
 * once the server has it, under its own externalId or merged into another.
 */
export async function applyCatalogueChanges(shopId: number, changes: CatalogueChanges) {
  const tx = (await db()).transaction(["catalogue", "names", "meta"], "readwrite");
  const catalogue = tx.objectStore("catalogue");
  const names = tx.objectStore("names");
  for (const product of changes.products) {
    await names.put(product.name, product.id);
    if (product.externalId) await catalogue.delete(localKey(product.externalId));
    if (product.archivedAt) await catalogue.delete(String(product.id));
    else await catalogue.put({ ...fromDTO(product), shopId });
  }
  for (const { externalId } of changes.merged) await catalogue.delete(localKey(externalId));
  await tx.objectStore("meta").put(JSON.stringify({ shop: shopId, cursor: changes.cursor }), CATALOGUE_CURSOR);
  await tx.done;
}

/** A first load's pages, all in (product.changes `fullLoad`): the shop's catalogue replaces the till's. */
export async function applyFullCatalogue(shopId: number, changes: CatalogueChanges) {
  await replaceCatalogue(shopId, changes.products.map(fromDTO));
  await applyCatalogueChanges(shopId, { products: [], merged: changes.merged, cursor: changes.cursor });
}

export async function loadNames(): Promise<ReadonlyMap<number, string>> {
  const database = await db();
  const [ids, names] = await Promise.all([database.getAllKeys("names"), database.getAll("names")]);
  return new Map(ids.map((id, index) => [id, names[index]!]));
}

/** A product created at the till: sellable again at once, offline too. */
export async function addLocalProduct(shopId: number, product: Omit<PosProduct, "key" | "id" | "externalId" | "stock">): Promise<PosProduct> {
  const externalId = uuidv4();
  const created: PosProduct = { ...product, key: localKey(externalId), id: null, externalId, stock: null };
  await (await db()).put("catalogue", { ...created, shopId });
  return created;
}

/** This browser's till label (`sourceDevice`), made once. */
export async function deviceLabel(): Promise<string> {
  const database = await db();
  const known = await database.get("meta", "device");
  if (known) return known;
  const label = `web-pos-${uuidv4().slice(0, 8)}`;
  await database.put("meta", label, "device");
  return label;
}

/**
 * The till this browser holds (DESIGN.md §8), kept beyond sign-out so selling goes on
 * offline with it: `claimId` is this browser's own UUID for its claims, `lastZNumber` the
 * highest Z report number the server had seen when the till was claimed.
 */
export interface TillClaim {
  tillId: number;
  name: string;
  series: string;
  claimId: string;
  lastZNumber: number;
  /**
   * Receipts (DESIGN.md §9): the highest receipt counter the server had seen in the till's
   * series when it was claimed (till-numbers.ts numbers from it), and the till's print
   * settings. Absent from claims stored before receipts.
   */
  lastReceiptCounter?: number;
  printReceipt?: boolean;
  paperWidth?: PaperWidth;
  /**
   * The drawer session the server had recorded as open on the till at the claim, adopted by
   * a browser without its own open event of it (money.ts AdoptedSession; DESIGN.md §8).
   * Absent from claims stored before it.
   */
  openSession?: AdoptedSession | null;
  /** ISO-8601, this browser's clock. */
  claimedAt: string;
}

const claimKey = (shopId: number) => `till:${shopId}`;

export async function loadTillClaim(shopId: number): Promise<TillClaim | null> {
  const stored = await (await db()).get("meta", claimKey(shopId));
  return stored ? (JSON.parse(stored) as TillClaim) : null;
}

export const saveTillClaim = async (shopId: number, claim: TillClaim) => void (await (await db()).put("meta", JSON.stringify(claim), claimKey(shopId)));

/** This browser's UUID for claiming tills (validators tillClaimInput `claimId`), made once. */
export async function browserClaimId(): Promise<string> {
  const database = await db();
  const known = await database.get("meta", "claimId");
  if (known) return known;
  const claimId = uuidv4();
  await database.put("meta", claimId, "claimId");
  return claimId;
}
