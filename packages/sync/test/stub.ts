// A stub HTTP server for answers the real API never gives (a proxy's HTML page, a cut-off
// body, 413 for a batch), and a plain sale.sync answer in tRPC's superjson envelope.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

import type { SaleInputRaw } from "@tillsync/validators";

export type StubHandler = (request: { path: string; sales: SaleInputRaw[] }, response: ServerResponse) => void;

export async function startStub() {
  let handler: StubHandler = (_, response) => response.writeHead(500).end();
  const calls: { path: string; externalIds: string[] }[] = [];
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    for await (const chunk of request) body += chunk;
    const sales = (JSON.parse(body || "{}") as { json?: { sales?: SaleInputRaw[] } }).json?.sales ?? [];
    const path = request.url ?? "";
    calls.push({ path, externalIds: sales.map((sale) => sale.externalId) });
    handler({ path, sales }, response);
  };
  // A body that fails to arrive or parse ends the test's request with a reset, not a hang.
  const server = createServer((request, response) => void answer(request, response).catch(() => response.destroy())).listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answer(next: StubHandler) {
      handler = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every sale created, as the API answers sale.sync. */
export function answerCreated(response: ServerResponse, sales: SaleInputRaw[]) {
  const results = sales.map((sale, index) => ({ externalId: sale.externalId, status: "created", saleId: index + 1 }));
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result: { data: { json: { results } } } }));
}
