import { type ProductChangesDTO, type ProductChangesInput } from "@tillsync/validators";

import type { PrismaClient } from "../db";
import { DomainError } from "../errors";
import { productSelect, toProductDTO } from "./dto";

/**
 * Which transactions' writes a pull has not seen: those with an id >= `xmax`, and those in
 * `running` (in progress when its snapshot was taken). Every other transaction had ended
 * when the pull read the table, so its writes were in what it read.
 */
interface Unseen {
  xmax: number;
  running: number[];
}

/**
 * Where a pull stands, carried by the opaque `cursor` (base64url JSON):
 * - `done`: a finished pull; the next one sends what `since` says it did not see.
 * - `full`: a first load under way, past product `afterId`; `snapshot` is its first page's.
 * - `changes`: a pull of changes since `since` under way, past (`afterXid`, `afterId`).
 */
type Position =
  | { kind: "done"; since: Unseen }
  | { kind: "full"; snapshot: Unseen; afterId: number }
  | { kind: "changes"; since: Unseen; snapshot: Unseen; afterXid: number; afterId: number };

/**
 * A snapshot taken while many transactions run would make a long cursor: past this many, the
 * cursor keeps only the oldest of them (every id >= it counts as unseen), which re-sends a
 * few more rows and misses none.
 */
const MAX_RUNNING = 40;

const pack = (unseen: Unseen) => [unseen.xmax, ...unseen.running];

const encode = (position: Position): string => {
  const parts =
    position.kind === "done"
      ? ["c", pack(position.since)]
      : position.kind === "full"
        ? ["f", pack(position.snapshot), position.afterId]
        : ["i", pack(position.since), pack(position.snapshot), position.afterXid, position.afterId];
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
};

const invalidCursor = () =>
  new DomainError("BAD_REQUEST", "INVALID_INPUT", "The catalogue cursor is not one this server gave out: load the catalogue again without one.");

/** A transaction id or product id as the server writes them: a non-negative safe integer. */
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function unpack(value: unknown): Unseen {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_RUNNING + 1 || !value.every(isCount)) throw invalidCursor();
  const [xmax, ...running] = value as [number, ...number[]];
  return { xmax, running };
}

function decode(cursor: string): Position {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts)) throw invalidCursor();
  const [kind, ...rest] = parts as unknown[];
  if (kind === "c" && rest.length === 1) return { kind: "done", since: unpack(rest[0]) };
  if (kind === "f" && rest.length === 2 && isCount(rest[1])) return { kind: "full", snapshot: unpack(rest[0]), afterId: rest[1] };
  if (kind === "i" && rest.length === 4 && isCount(rest[2]) && isCount(rest[3])) {
    return { kind: "changes", since: unpack(rest[0]), snapshot: unpack(rest[1]), afterXid: rest[2], afterId: rest[3] };
  }
  throw invalidCursor();
}

/**
 * The transactions a read made now cannot see: those running (pg_snapshot_xip) and those
 * not started yet (>= pg_snapshot_xmax). Taken before the read, so the read sees at least
 * everything this says was seen; whatever commits later, in any order, is unseen.
 */
async function snapshot(prisma: PrismaClient): Promise<Unseen> {
  const [row] = await prisma.$queryRaw<{ xmax: string; running: string[] }[]>`
    SELECT pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT x::text FROM pg_snapshot_xip(s) AS x ORDER BY x::text::bigint) AS running
    FROM pg_current_snapshot() AS s`;
  const running = row!.running.map(Number);
  const xmax = Number(row!.xmax);
  return running.length > MAX_RUNNING ? { xmax: running[0]!, running: [] } : { xmax, running };
}

/** Rows (or merges) written by a transaction `unseen` names. */
const unseenBy = (unseen: Unseen) => ({ OR: [{ changeXid: { gte: unseen.xmax } }, ...(unseen.running.length ? [{ changeXid: { in: unseen.running } }] : [])] });

/**
 * One page of a till's catalogue pull (docs/sync-protocol.md "Catalogue", issue 21).
 * Without a cursor: the first load, the shop's products not archived in id order (keyset
 * pages of `limit`). With the cursor of a finished pull: the products written since
 * (product.change_xid names a transaction the previous pull's snapshot could not see; archived ones included, so the till
 * drops them), in (change_xid, id) order. Products merged into another (ProductMergeDTO)
 * come with the last page. Rows changed while a pull runs may come twice; none is missed
 * (the migration 20261203000400_catalogue_changes says why).
 * Errors: BAD_REQUEST INVALID_INPUT for a cursor this server did not make.
 */
export async function productChanges(prisma: PrismaClient, shopId: number, input: ProductChangesInput): Promise<ProductChangesDTO> {
  const at: Position = input.cursor ? decode(input.cursor) : { kind: "full", snapshot: await snapshot(prisma), afterId: 0 };
  const position: Exclude<Position, { kind: "done" }> =
    at.kind === "done" ? { kind: "changes", since: at.since, snapshot: await snapshot(prisma), afterXid: 0, afterId: 0 } : at;

  const rows =
    position.kind === "full"
      ? await prisma.product.findMany({
          where: { shopId, archivedAt: null, id: { gt: position.afterId } },
          orderBy: { id: "asc" },
          take: input.limit + 1,
          select: { ...productSelect, changeXid: true },
        })
      : await prisma.product.findMany({
          where: {
            shopId,
            AND: [unseenBy(position.since), { OR: [{ changeXid: { gt: position.afterXid } }, { changeXid: position.afterXid, id: { gt: position.afterId } }] }],
          },
          orderBy: [{ changeXid: "asc" }, { id: "asc" }],
          take: input.limit + 1,
          select: { ...productSelect, changeXid: true },
        });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  const last = page.at(-1);

  if (more && last) {
    const next: Position =
      position.kind === "full" ? { ...position, afterId: last.id } : { ...position, afterXid: Number(last.changeXid ?? 0), afterId: last.id };
    return { fullLoad: position.kind === "full", products: page.map(toProductDTO), merged: [], cursor: encode(next), more: true };
  }
  const merged = await prisma.productMerge.findMany({
    where: { shopId, ...(position.kind === "changes" ? unseenBy(position.since) : {}) },
    orderBy: { changeXid: "asc" },
    select: { externalId: true, productId: true },
  });
  return {
    fullLoad: position.kind === "full",
    products: page.map(toProductDTO),
    merged,
    cursor: encode({ kind: "done", since: position.snapshot }),
    more: false,
  };
}
