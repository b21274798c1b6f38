import type { IncomingMessage, ServerResponse } from "node:http";

import cors from "cors";

/**
 * Only the admin app's origin may call the API from a browser, with its cookies: a list
 * (rather than a string) makes `cors` echo the origin only when it matches, so any other
 * origin gets no Access-Control-Allow-Origin and browsers keep the answer from its scripts.
 * Returns false when it has answered the request itself (a preflight).
 */
export function createCors(webOrigin: string) {
  const middleware = cors({ origin: [webOrigin], credentials: true, maxAge: 600 });
  return (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method === "OPTIONS") {
      // cors ends a preflight itself (204) and never calls next().
      middleware(req, res, () => undefined);
      return Promise.resolve(false);
    }
    return new Promise((resolve, reject) => middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve(true))));
  };
}
