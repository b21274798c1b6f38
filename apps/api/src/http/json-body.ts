import type { IncomingMessage, ServerResponse } from "node:http";

import { TRPCError } from "@trpc/server";
import { incomingMessageToRequest } from "@trpc/server/adapters/node-http";

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: 400 | 413; code: "PARSE_ERROR" | "PAYLOAD_TOO_LARGE"; message: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A JSON request body of at most `maxBytes`, streamed in by tRPC's own adapter code (so
 * /api and /trpc enforce one limit the same way) and read strictly: invalid UTF-8 or
 * malformed JSON is the client's mistake, a 400, never a 500 or a silently mangled string.
 */
export async function readJsonBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<JsonBody> {
  let bytes: ArrayBuffer;
  try {
    bytes = await incomingMessageToRequest(req, res, { maxBodySize: maxBytes }).arrayBuffer();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "PAYLOAD_TOO_LARGE") {
      return { ok: false, status: 413, code: "PAYLOAD_TOO_LARGE", message: `The body is larger than ${maxBytes} bytes.` };
    }
    throw error;
  }
  try {
    return { ok: true, value: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return { ok: false, status: 400, code: "PARSE_ERROR", message: "The body is not valid JSON (UTF-8)." };
  }
}
