import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { TestDatabase } from "@tillsync/db/testing";
import { pino } from "pino";

import { createServer } from "../src/server";

export const WEB_ORIGIN = "http://shop.example";

/** A server on a random port, configured as production would be apart from the secret. */
export async function listen(db: TestDatabase, trustedProxies: string[] = []) {
  const config = { WEB_ORIGIN, AUTH_SECRET: "a-test-secret-that-is-at-least-32-chars", NODE_ENV: "test" as const, TRUSTED_PROXIES: trustedProxies };
  const server = createServer({ db, logger: pino({ level: "silent" }), config });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function stop(server: Server | undefined) {
  if (!server) return;
  server.close();
  server.closeAllConnections();
  await once(server, "close");
}

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie header. */
export const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0])
    .join("; ");

/** The result of a successful tRPC call, as superjson sent it. */
export const data = async (res: Response): Promise<any> => ((await res.json()) as any).result.data.json;

/** A browser-like client of one server: posts JSON from the web origin, sends its cookie. */
export function client(base: string, cookie = "") {
  const headers = () => ({ origin: WEB_ORIGIN, "content-type": "application/json", ...(cookie ? { cookie } : {}) });
  return {
    /** Better Auth's routes under /api/auth; keeps the session cookie it sets. */
    async auth(path: string, body: unknown) {
      const res = await fetch(`${base}/api/auth${path}`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
      if (res.headers.getSetCookie().length > 0) cookie = cookiesOf(res);
      return res;
    },
    query: (path: string) => fetch(`${base}/trpc/${path}`, { headers: headers() }),
    mutation: (path: string, input: unknown) => fetch(`${base}/trpc/${path}`, { method: "POST", headers: headers(), body: JSON.stringify({ json: input }) }),
  };
}
