import type { ApiServer } from "./server";

/**
 * Stops accepting connections and waits for in-flight requests (Fastify's close, which
 * also runs the onClose hooks); after `timeoutMs` the remaining connections are cut.
 * Resolves true when everything finished in time. Signals, the overall deadline and
 * crashes during shutdown are close-with-grace's (commands/serve.ts).
 */
export async function closeGracefully(app: ApiServer, timeoutMs: number): Promise<boolean> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    app.server.closeAllConnections();
  }, timeoutMs);
  // Fastify drops the connections idle when close() starts; a keep-alive connection whose
  // request was still running becomes idle later and would otherwise linger until its
  // keep-alive timeout (72 s in Fastify).
  const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
    clearInterval(sweep);
  }
  return !timedOut;
}
