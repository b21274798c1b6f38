// The /api answers test servers give, recorded for the REST contract check (contract.ts).
// Kept apart from the validator so that a test file loads openapi-backend only when it has
// answers to check.
import type { FastifyInstance } from "fastify";

/** One answer as the client received it. */
export interface RecordedAnswer {
  method: string;
  /** Path and query, as requested. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The body as sent (JSON text, or empty). */
  body: string;
}

const recorded: RecordedAnswer[] = [];

/** Records every /api answer `server` sends (not /api/auth, nor CORS preflights), for the contract check. */
export function recordRestAnswers(server: FastifyInstance) {
  server.addHook("onSend", (request, reply, payload, done) => {
    const path = request.url.split("?", 1)[0]!;
    // CORS preflights are the browser's own protocol (answered by @fastify/cors), not API calls.
    const preflight = request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined;
    if (path.startsWith("/api") && !path.startsWith("/api/auth") && !preflight) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = String(value);
      recorded.push({ method: request.method, url: request.url, status: reply.statusCode, headers, body: typeof payload === "string" ? payload : "" });
    }
    done(null, payload);
  });
}

/** The answers recorded so far in this test file, handed over once. */
export const takeRecordedAnswers = (): RecordedAnswer[] => recorded.splice(0);
