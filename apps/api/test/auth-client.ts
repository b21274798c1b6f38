import type { TestDatabase } from "@tillsync/db/testing";

import { listen as listenWith, stop } from "./server";

export const WEB_ORIGIN = "http://shop.example";

/** Staff sign-in settings as production has them, apart from the secret. */
export const AUTH_CONFIG = {
  WEB_ORIGIN: [WEB_ORIGIN],
  AUTH_SECRET: "a-test-secret-that-is-at-least-32-chars",
  NODE_ENV: "test" as const,
  TRUSTED_PROXIES: [] as string[],
};

/** A server on a random port, configured as production would be apart from the secret. */
export const listen = (db: TestDatabase, trustedProxies: string[] = []) => listenWith(db, { ...AUTH_CONFIG, TRUSTED_PROXIES: trustedProxies });

export { stop };

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
