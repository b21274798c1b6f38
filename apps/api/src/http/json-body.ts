import type { IncomingMessage } from "node:http";

import getRawBody from "raw-body";

export type BodyFailure = { status: 400 | 413; code: "PARSE_ERROR" | "PAYLOAD_TOO_LARGE"; message: string };
export type TextBody = ({ ok: true; text: string } | ({ ok: false } & BodyFailure));
export type JsonBody = ({ ok: true; value: unknown } | ({ ok: false } & BodyFailure));

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * How deeply a body's JSON may nest. Every input of the API nests fewer than ten levels
 * (a batch of sales with inline products, superjson's meta included); far deeper JSON
 * can only be an attack on the recursive code it would meet (JSON.stringify in the REST
 * adapter overflows the stack on it).
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `text`, read as JSON, opens more than `max` arrays or objects inside each other. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/**
 * A request body of at most `maxBytes` (raw-body: a Content-Length over the limit is refused
 * before anything is read) decoded strictly: invalid UTF-8 is the client's mistake, a 400,
 * never a 500 or a silently mangled string that gets stored; so is JSON nested past
 * MAX_JSON_DEPTH, and a body that does not match its Content-Length.
 */
export async function readTextBody(req: IncomingMessage, maxBytes: number): Promise<TextBody> {
  let bytes: Buffer;
  try {
    bytes = await getRawBody(req, { limit: maxBytes, length: req.headers["content-length"] });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === "entity.too.large") return { ok: false, status: 413, code: "PAYLOAD_TOO_LARGE", message: `The body is larger than ${maxBytes} bytes.` };
    if (type === "request.size.invalid") return { ok: false, status: 400, code: "PARSE_ERROR", message: "The body does not match its Content-Length." };
    throw error;
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, status: 400, code: "PARSE_ERROR", message: "The body is not valid UTF-8." };
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return { ok: false, status: 400, code: "PARSE_ERROR", message: `The body nests more than ${MAX_JSON_DEPTH} levels deep.` };
  return { ok: true, text };
}

/** A JSON request body (see readTextBody); malformed JSON is a 400 too. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const body = await readTextBody(req, maxBytes);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: false, status: 400, code: "PARSE_ERROR", message: "The body is not valid JSON (UTF-8)." };
  }
}
