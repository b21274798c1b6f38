import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

import type { FastifyInstance, FastifyRequest } from "fastify";

/** The largest request body accepted, after decompression; a larger one is answered 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How deeply a body's JSON may nest. Every input of the API nests fewer than ten levels
 * (a batch of sales with inline products, superjson's meta included); far deeper JSON
 * can only be an attack on the recursive code it would meet (JSON.stringify in the REST
 * adapter overflows the stack on it).
 */
export const MAX_JSON_DEPTH = 64;

/** Why a body was refused, in the words every surface answers with (tRPC, REST, plain). */
export interface BodyFailure {
  status: 400 | 413 | 415;
  code: "PARSE_ERROR" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE";
  message: string;
}

/** A body refused by this server's own reading (invalid UTF-8, too deep, not JSON). */
class BodyRefused extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = "BodyRefused";
  }
}

/**
 * What an error met while reading a body means to the client, or undefined for any other
 * error. Fastify refuses a body over MAX_BODY_BYTES (FST_ERR_CTP_BODY_TOO_LARGE, counted
 * after decompression, so a small gzip bomb cannot expand past it) and one that does not
 * match its Content-Length; @fastify/compress refuses an unknown Content-Encoding and data
 * that is not what it says.
 */
export function bodyFailureOf(error: unknown, request: FastifyRequest): BodyFailure | undefined {
  const { code, statusCode, message } = (error ?? {}) as { code?: string; statusCode?: number; message?: string };
  const coding = request.headers["content-encoding"];
  if (error instanceof BodyRefused) return { status: 400, code: "PARSE_ERROR", message: error.message };
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, code: "PAYLOAD_TOO_LARGE", message: `The body is larger than ${MAX_BODY_BYTES} bytes${coding ? " once decompressed" : ""}.` };
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return { status: 400, code: "PARSE_ERROR", message: "The body does not match its Content-Length." };
    case "FST_CP_ERR_INVALID_CONTENT_ENCODING":
      return {
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: `Content-Encoding "${String(coding)}" is not supported; send gzip, deflate, br or identity.`,
      };
    case "FST_CP_ERR_INVALID_CONTENT":
      return { status: 400, code: "PARSE_ERROR", message: `The body is not valid ${String(coding)} data.` };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: request.headers["content-type"]
          ? `Content-Type "${request.headers["content-type"]}" is not supported; send the body as application/json.`
          : "The body has no Content-Type; send it as application/json.",
      };
    default:
      // Any other refusal of the request as sent (malformed chunked encoding, an aborted upload).
      return statusCode === 400 && code?.startsWith("FST_") ? { status: 400, code: "PARSE_ERROR", message: message ?? "Malformed request." } : undefined;
  }
}

/** Whether `text`, read as JSON, opens more than `max` arrays or objects inside each other. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A body decoded strictly: invalid UTF-8 is the client's mistake, a 400, never a 500 or a
 * silently mangled string that gets stored (Fastify's own string parsing would turn it
 * into U+FFFD); so is JSON nested past MAX_JSON_DEPTH.
 */
export function bodyText(bytes: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BodyRefused("The body is not valid UTF-8.");
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new BodyRefused(`The body nests more than ${MAX_JSON_DEPTH} levels deep.`);
  return text;
}

/** A JSON body (see bodyText); malformed JSON is a 400 too. */
export function bodyJson(bytes: Buffer): unknown {
  const text = bodyText(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyRefused("The body is not valid JSON (UTF-8).");
  }
}

/** The request codings Tillsync decodes (RFC 9110 §8.4.1): x-gzip is gzip. */
const DECODERS = { gzip: createGunzip, deflate: createInflate, br: createBrotliDecompress } as const;
type Coding = keyof typeof DECODERS;
const codingOf = (token: string): Coding | "identity" | undefined =>
  token === "x-gzip" ? "gzip" : token === "identity" || token in DECODERS ? (token as Coding | "identity") : undefined;

/**
 * Content-Encoding as @fastify/compress matches it: one lower-case token, with x-gzip
 * spelled gzip (RFC 9110 §8.4.1.3 makes them the same coding). A sale is never refused for
 * how it was delivered (DESIGN.md §7): mobile HTTP stacks gzip request bodies, and a proxy may
 * add a coding of its own (`Content-Encoding: gzip, br`, listed in the order applied). The
 * plugin decodes one coding, so the outer ones are decoded here first, last applied first,
 * before its own preParsing hook runs (hooks run in the order they are added, and this one is
 * added before the plugin). An unknown coding is left for the plugin to answer 415.
 */
export function normalizeContentEncoding(app: FastifyInstance) {
  const outerCodings = new WeakMap<FastifyRequest, Coding[]>();
  app.addHook("onRequest", (request, _reply, done) => {
    const header = request.headers["content-encoding"];
    if (header !== undefined) {
      const tokens = header.split(",").map((token) => token.trim().toLowerCase());
      const codings = tokens.map(codingOf).filter((coding) => coding !== "identity");
      if (codings.includes(undefined)) request.headers["content-encoding"] = tokens.join(", ");
      else {
        const [innermost = "identity", ...outer] = codings as Coding[];
        request.headers["content-encoding"] = innermost;
        if (outer.length > 0) outerCodings.set(request, outer.reverse());
      }
    }
    done();
  });
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const outer = outerCodings.get(request);
    if (!outer) return done(null, payload);
    // The stated length is the encoded body's, and Node's parser already reads exactly that
    // many bytes; Fastify would compare it with what the plugin hands on (decoded bytes).
    delete request.headers["content-length"];
    let stream: NodeJS.ReadableStream = payload;
    for (const coding of outer) {
      const decoder = DECODERS[coding]();
      // A body that is not what its header says is the client's mistake: 400, as the plugin answers.
      decoder.on("error", (error: Error & { statusCode?: number }) => (error.statusCode = 400));
      stream = stream.pipe(decoder);
    }
    done(null, stream as typeof payload);
  });
}
