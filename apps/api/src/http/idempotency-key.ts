import { canonicalUuid } from "@tillsync/validators";
import { parseItem, Token } from "structured-headers";
import { v5 as uuidV5, validate as isUuid } from "uuid";

/** The longest Idempotency-Key accepted, in characters (longer is a 400). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The UUIDv5 namespace Idempotency-Key values are mapped into. Fixed forever: changing it
 * would make a retry sent across an upgrade look like a new sale.
 */
const IDEMPOTENCY_KEY_NAMESPACE = "0b1f3a5e-6c2d-5f47-9a8e-3d4c5b6a7f80";

/** Why an Idempotency-Key was refused: a 400 with this code and detail. */
export interface IdempotencyKeyRefusal {
  code: "IDEMPOTENCY_KEY_INVALID" | "IDEMPOTENCY_KEY_MISMATCH";
  detail: string;
}

/**
 * The key an `Idempotency-Key` header carries (draft-ietf-httpapi-idempotency-key-header): a
 * structured-field string (`"abc"`, parsed by structured-headers), or, as many clients send
 * it, the bare value (`abc`, a UUID); 1 to MAX_IDEMPOTENCY_KEY_LENGTH characters. Null when
 * the header is not a key.
 */
export function idempotencyKeyOf(header: string): string | null {
  const text = header.trim();
  let key = text;
  if (text.startsWith('"')) {
    try {
      const value: unknown = parseItem(text)[0];
      if (typeof value !== "string" && !(value instanceof Token)) return null;
      key = value.toString();
    } catch {
      return null;
    }
  }
  return key.length > 0 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH ? key : null;
}

/**
 * The external_id a key stands for, the same for the same key every time: a key that is a
 * UUID (in any spelling the body's external_id takes) is that UUID, any other string its
 * UUIDv5 in Tillsync's namespace. External ids are unique per shop, so one key sent to two
 * shops names two sales.
 */
export function externalIdOfKey(key: string): string {
  const uuid = canonicalUuid(key);
  return isUuid(uuid) ? uuid : uuidV5(key, IDEMPOTENCY_KEY_NAMESPACE);
}

/**
 * Applies a `POST /api/sales/` request's Idempotency-Key to its JSON body: without an
 * `external_id`, the key's (externalIdOfKey) becomes it; with one, both must name the same
 * sale. Returns why the request is refused, or undefined (the body then carries the key).
 * A body that is not an object is left to the body's own validation.
 */
export function applyIdempotencyKey(header: string | string[], body: unknown): IdempotencyKeyRefusal | undefined {
  const key = typeof header === "string" ? idempotencyKeyOf(header) : null;
  if (key === null) {
    return {
      code: "IDEMPOTENCY_KEY_INVALID",
      detail: `Idempotency-Key must be one string of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, quoted ("…") or not.`,
    };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const sale = body as { external_id?: unknown };
  const fromKey = externalIdOfKey(key);
  if (sale.external_id === undefined || sale.external_id === null) {
    sale.external_id = fromKey;
    return undefined;
  }
  if (typeof sale.external_id === "string" && canonicalUuid(sale.external_id) === fromKey) return undefined;
  return {
    code: "IDEMPOTENCY_KEY_MISMATCH",
    detail: "The Idempotency-Key header and external_id name different sales. Send one of them, or the same key in both.",
  };
}
