import type { IncomingMessage } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync, type ZlibOptions } from "node:zlib";

import getRawBody from "raw-body";

export type BodyFailure = { status: 400 | 413 | 415; code: "PARSE_ERROR" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE"; message: string };
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
 * The Content-Codings of RFC 9110 §8.4.1 that clients compress request bodies with (mobile
 * HTTP stacks gzip them), decoded with node:zlib. A sale is never refused for how it was
 * delivered (DESIGN.md §7), so a compressed body is read like a plain one.
 */
const DECODERS: Record<string, (bytes: Buffer, options: ZlibOptions) => Buffer> = {
  identity: (bytes) => bytes,
  gzip: gunzipSync,
  "x-gzip": gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * Undoes the codings in `Content-Encoding` (applied in the listed order, so undone in
 * reverse). The decoded body is held to the same `maxBytes`, so a small compressed body
 * cannot expand past the limit (zlib stops at maxOutputLength).
 */
function decodeContent(bytes: Buffer, header: string | undefined, maxBytes: number): { ok: true; bytes: Buffer } | ({ ok: false } & BodyFailure) {
  const codings = (header ?? "").split(",").map((coding) => coding.trim().toLowerCase()).filter(Boolean);
  let decoded = bytes;
  for (const coding of codings.reverse()) {
    const decode = DECODERS[coding];
    if (!decode) return { ok: false, status: 415, code: "UNSUPPORTED_MEDIA_TYPE", message: `Content-Encoding "${coding}" is not supported; send gzip, deflate, br or identity.` };
    try {
      decoded = decode(decoded, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") return { ok: false, status: 413, code: "PAYLOAD_TOO_LARGE", message: `The decompressed body is larger than ${maxBytes} bytes.` };
      return { ok: false, status: 400, code: "PARSE_ERROR", message: `The body is not valid ${coding} data.` };
    }
  }
  return { ok: true, bytes: decoded };
}

/**
 * A request body of at most `maxBytes` (raw-body: a Content-Length over the limit is refused
 * before anything is read), decompressed per its Content-Encoding (within the same limit),
 * then decoded strictly: invalid UTF-8 is the client's mistake, a 400, never a 500 or a
 * silently mangled string that gets stored; so is JSON nested past MAX_JSON_DEPTH, and a
 * body that does not match its Content-Length.
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
  const decoded = decodeContent(bytes, req.headers["content-encoding"], maxBytes);
  if (!decoded.ok) return decoded;
  let text: string;
  try {
    text = utf8.decode(decoded.bytes);
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
