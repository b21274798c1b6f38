import type { ServerResponse } from "node:http";

import { requestScope } from "@tillsync/api";

/** The body of every error this server answers itself (tRPC answers its own errors). */
export interface ErrorBody {
  error: { code: string; message: string; requestId?: string };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

export const sendError = (res: ServerResponse, status: number, code: string, message: string, headers?: Record<string, string>) =>
  sendJson(res, status, { error: { code, message, requestId: requestScope.getStore()?.requestId } } satisfies ErrorBody, headers);
