// Graceful shutdown: requests in flight when SIGTERM arrives still get their answer;
// ones that outlast the timeout are cut so the process can exit.
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import http, { type IncomingMessage } from "node:http";

import { createApiKey, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createServer, type ApiServer } from "../src/server";
import { closeGracefully } from "../src/shutdown";

describe("closeGracefully", () => {
  let db: TestDatabase;
  let key: string;
  let server: ApiServer;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const shop = await createShop(db.prisma, { name: "Corner shop" });
    key = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
  });
  afterAll(() => db?.destroy());

  beforeEach(async () => {
    server = createServer({ db, logger: pino({ level: "silent" }) });
    port = Number(new URL(await server.listen({ port: 0, host: "127.0.0.1" })).port);
  });
  afterEach(async () => {
    const closing = server.close();
    server.server.closeAllConnections();
    await closing;
  });

  /** A sale.create whose body is sent in two halves, so it is in flight until `finish`. */
  function slowSale() {
    const body = JSON.stringify({
      json: { externalId: randomUUID(), items: [{ product: { name: "Tea", isVolatile: true, unitPrice: "1.80" }, quantity: "1" }] },
    });
    const req = http.request({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/trpc/sale.create",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    const response = once(req, "response").then(async ([res]) => {
      const { statusCode } = res as IncomingMessage;
      let text = "";
      for await (const chunk of res) text += chunk;
      return { status: statusCode, text };
    });
    req.write(body.slice(0, 20));
    return { response, finish: () => req.end(body.slice(20)) };
  }

  it("lets a request in flight finish and refuses new connections meanwhile", async () => {
    const sale = slowSale();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const closing = closeGracefully(server, 10_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    sale.finish();
    const { status, text } = await sale.response;
    expect(status).toBe(200);
    expect(JSON.parse(text).result.data.json.replayed).toBe(false);
    // Promptly: the answered connection is not left idling until keep-alive times out.
    const answered = Date.now();
    await expect(closing).resolves.toBe(true);
    expect(Date.now() - answered).toBeLessThan(2_000);
  });

  it("cuts a request that outlasts the timeout and reports it", async () => {
    const sale = slowSale();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await expect(closeGracefully(server, 300)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(sale.response).rejects.toMatchObject({ code: "ECONNRESET" });
  });
});
