import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";

/**
 * A port nothing listens on now, chosen by the OS. (A random one in a fixed range once hit
 * a service of the machine's own: RabbitMQ on 5672.)
 */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, "close");
  return port;
}

/** Fails early, and clearly, when something already listens on `port`; `hint` says how to run beside it. */
export async function assertPortFree(port: number, hint = ""): Promise<void> {
  const probe = createServer().listen(port, "127.0.0.1");
  const [event] = await Promise.race([once(probe, "listening").then(() => ["listening"]), once(probe, "error").then(() => ["error"])]);
  if (event === "error") throw new Error(`Port ${port} is in use.${hint ? ` ${hint}` : ""}`);
  probe.close();
  await once(probe, "close");
}
