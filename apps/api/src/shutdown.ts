import type { Server } from "node:http";

import type { Logger } from "pino";

/**
 * Resolves on the first SIGTERM or SIGINT. Later ones are logged and ignored: Ctrl-C
 * reaches every process of the terminal's group and pnpm forwards it too, so one key
 * press can arrive twice, and shutdown is bounded by its own timeout anyway.
 */
export function shutdownSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) return logger.info({ signal }, "already shutting down");
      received = signal;
      resolve(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

/**
 * Stops accepting connections and waits for in-flight requests; after `timeoutMs` the
 * remaining connections are cut. Resolves true when everything finished in time.
 */
export async function closeGracefully(server: Server, timeoutMs: number): Promise<boolean> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    server.closeAllConnections();
  }, timeoutMs);
  // close() drops the connections idle at that moment; a keep-alive connection whose
  // request was still running becomes idle later and would otherwise linger until its
  // keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  } finally {
    clearTimeout(timer);
    clearInterval(sweep);
  }
  return !timedOut;
}
