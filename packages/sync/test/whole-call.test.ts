import type { ServerResponse } from "node:http";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTillsyncClient } from "../src/client";
import { SyncEngine } from "../src/engine";
import { MemoryOutbox } from "../src/outbox/memory";
import { trpcTransport } from "../src/transport";
import { sale } from "./fakes";
import { answerCreated, startStub } from "./stub";

// DESIGN.md §5: a failure of the whole call is never any sale's fault.
describe("a sale.sync call that fails as a whole", () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  beforeAll(async () => {
    stub = await startStub();
  });
  afterAll(() => stub.close());

  async function drainAgainstStub(sales = [sale(), sale(), sale()], batchSize = 100) {
    stub.calls.length = 0;
    const engine = new SyncEngine({
      outbox: new MemoryOutbox(),
      transport: trpcTransport(createTillsyncClient({ url: stub.url, apiKey: "tsk_test" }), { timeoutMs: 5_000 }),
      batchSize,
      maxAttempts: 3,
      backoff: { baseMs: 1, maxMs: 5 },
    });
    await engine.enqueue(...sales);
    const result = await engine.drain();
    return { engine, result, status: await engine.status(), message: "error" in result ? (result.error as Error).message : "" };
  }

  const html = (status: number, title: string) => (_: unknown, response: ServerResponse) =>
    response.writeHead(status, { "content-type": "text/html" }).end(`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);

  it.each([
    [
      "404 for the route, with the API's JSON error body",
      (_: unknown, response: ServerResponse) =>
        response
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Nothing at /v2/trpc/sale.sync" } })),
      /answered 404 Not Found.*Nothing at \/v2\/trpc\/sale\.sync.*Check the server address/,
    ],
    ["an HTML 400 page from a proxy", html(400, "Bad Request"), /answered 400 Bad Request with an HTML page.*Check the server address/],
    ["an HTML page with 200 (a captive portal)", html(200, "Sign in to the Wi-Fi"), /answered 200 OK with an HTML page, not an answer of the Tillsync API/],
    [
      "a cut-off JSON body",
      (_: unknown, response: ServerResponse) =>
        response.writeHead(200, { "content-type": "application/json" }).end('{"result":{"data":{"json":{"results":[{"externalId":'),
      /answered 200 OK with a cut-off or malformed JSON body/,
    ],
    [
      "422 for the call, in tRPC's own format",
      (_: unknown, response: ServerResponse) =>
        response.writeHead(422, { "content-type": "application/json" }).end(
          JSON.stringify({
            error: {
              json: { message: "Unprocessable", code: -32022, data: { code: "UNPROCESSABLE_CONTENT", httpStatus: 422, appCode: "IDEMPOTENCY_KEY_REUSED" } },
            },
          }),
        ),
      /refused the whole call \(422 IDEMPOTENCY_KEY_REUSED/,
    ],
    ["401 from a proxy", html(401, "Unauthorized"), /answered 401 Unauthorized.*Check the API key/],
  ])("%s → halts with a plain message; no sale is rejected", async (_, answer, message) => {
    stub.answer(answer);
    const { result, status, message: said } = await drainAgainstStub();

    expect(result.outcome).toBe("halted");
    expect(status).toMatchObject({ pending: 3, synced: 0, rejected: 0, discarded: 0 });
    expect(said).toMatch(message);
    expect(said).toContain(`${stub.url}/trpc/sale.sync`);
    expect(status.lastError).toBe(said);
    // Halting is one call: nothing is hammered.
    expect(stub.calls).toHaveLength(1);
  });

  it("retries a proxy's HTML 502 page and says why in the status", async () => {
    let failures = 0;
    stub.answer((request, response) => (++failures <= 2 ? html(502, "502 Bad Gateway")(request, response) : answerCreated(response, request.sales)));
    const errors: string[] = [];
    const sales = [sale(), sale()];
    stub.calls.length = 0;
    const engine = new SyncEngine({
      outbox: new MemoryOutbox(),
      transport: trpcTransport(createTillsyncClient({ url: stub.url })),
      backoff: { baseMs: 1, maxMs: 5 },
    });
    engine.events.on("retry", () => void engine.status().then((status) => errors.push(status.lastError ?? "")));
    await engine.enqueue(...sales);

    await expect(engine.drain()).resolves.toEqual({ outcome: "drained" });

    expect(stub.calls).toHaveLength(3);
    expect(errors[0]).toMatch(/answered 502 Bad Gateway with an HTML page.*will retry/);
    expect(await engine.status()).toMatchObject({ synced: 2, rejected: 0, lastError: null });
  });

  it("splits a batch answered 413 into halves until it fits, and records every sale", async () => {
    stub.answer((request, response) =>
      request.sales.length > 2
        ? response.writeHead(413, { "content-type": "text/html" }).end("<html><body>413 Request Entity Too Large</body></html>")
        : answerCreated(response, request.sales),
    );
    const sales = Array.from({ length: 5 }, () => sale());
    const { result, status } = await drainAgainstStub(sales);

    expect(result).toEqual({ outcome: "drained" });
    expect(status).toMatchObject({ pending: 0, synced: 5, rejected: 0 });
    const ids = sales.map((s) => s.externalId);
    expect(stub.calls.map((call) => call.externalIds)).toEqual([ids, ids.slice(0, 3), ids.slice(0, 2), ids.slice(2, 3), ids.slice(3)]);
  });

  it("halts when a single sale is answered 413, rejecting nothing", async () => {
    stub.answer((_, response) => response.writeHead(413, { "content-type": "text/plain" }).end("too large"));
    const { result, status, message } = await drainAgainstStub([sale(), sale()]);

    expect(result.outcome).toBe("halted");
    expect(status).toMatchObject({ pending: 2, rejected: 0 });
    expect(message).toMatch(/413.*Even a single sale is too large/);
  });

  it("still rejects a sale the server rejects on its own, and records the rest", async () => {
    stub.answer((request, response) => {
      const results = request.sales.map((s, index) =>
        index === 1
          ? { externalId: s.externalId, status: "rejected", error: { code: "PRODUCT_NOT_FOUND", message: "Product 1 not found" } }
          : { externalId: s.externalId, status: "replayed", saleId: index + 1 },
      );
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result: { data: { json: { results } } } }));
    });
    const { result, status, engine } = await drainAgainstStub();

    expect(result).toEqual({ outcome: "drained" });
    expect(status).toMatchObject({ synced: 2, rejected: 1 });
    expect((await engine.rejectedSales())[0]?.rejection).toEqual({ code: "PRODUCT_NOT_FOUND", message: "Product 1 not found" });
  });

  it("halts on an answer with a wrong number of results instead of guessing which sale is which", async () => {
    stub.answer((request, response) => answerCreated(response, request.sales.slice(1)));
    const { result, status, message } = await drainAgainstStub();

    expect(result.outcome).toBe("halted");
    expect(status).toMatchObject({ pending: 3, synced: 0, rejected: 0 });
    expect(message).toMatch(/2 results for 3 sales/);
  });
});
