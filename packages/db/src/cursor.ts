import { isStorableInstant, isStorableText } from "@tillsync/validators";

// Opaque keyset-pagination cursors: the sort key of the last row of a page.
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/**
 * What each part of a cursor must be for the column it is compared with. A cursor comes
 * back from the client, so only one the server could have made counts (DESIGN.md §7: a
 * forged one must not reach the database as a value it refuses): `int` an INTEGER id,
 * `bigint` a BIGINT id (as a safe integer), `text` storable text, `instant` an ISO
 * instant of years 0001-9999.
 */
export type CursorPart = "int" | "bigint" | "text" | "instant";

const fits: Record<CursorPart, (part: string | number) => boolean> = {
  int: (part) => Number.isInteger(part) && (part as number) > 0 && (part as number) <= 2_147_483_647,
  bigint: (part) => Number.isSafeInteger(part) && (part as number) > 0,
  text: (part) => typeof part === "string" && isStorableText(part),
  instant: (part) => typeof part === "string" && isStorableInstant(new Date(part)),
};

/** The cursor's parts when they have exactly this shape, else null (the first page). */
export function decodeCursorAs<T extends CursorPart[]>(
  cursor: string | undefined,
  shape: [...T],
): { [K in keyof T]: T[K] extends "text" | "instant" ? string : number } | null {
  const key = decodeCursor(cursor);
  if (key?.length !== shape.length || !shape.every((part, n) => fits[part](key[n]!))) return null;
  return key as never;
}

function decodeCursor(cursor: string | undefined): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return Array.isArray(key) && key.every((part) => typeof part === "string" || typeof part === "number") ? key : null;
  } catch {
    return null;
  }
}

export function page<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
