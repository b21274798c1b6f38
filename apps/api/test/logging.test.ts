// Structured logs: JSON lines with the request id on every line of a request and in every
// error answer (X-Request-Id, tRPC's data.requestId, REST's requestId), and no secret in
// them: passwords, API keys, session tokens and cookies never reach the log.
import { Writable } from "node:stream";

import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import type { ApiServer } from "../src/server";
import { createLogger } from "../src/logger";
import { AUTH_CONFIG, client, cookiesOf, data, WEB_ORIGIN } from "./auth-client";
import { json, listen, stop } from "./server";

/** A logger at the most verbose level whose JSON lines are kept for the test to read. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger("trace", stream), lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("request ids and logs", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  let log: ReturnType<typeof capturedLogger>;
  /** Whatever Better Auth writes to the console, which is part of the server's output too. */
  let consoleOutput: string[];

  beforeAll(async () => {
    db = await createTestDatabase({ poolSize: 4 });
    log = capturedLogger();
    ({ server, base } = await listen(db, AUTH_CONFIG, { logger: log.logger }));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });
  beforeEach(() => {
    consoleOutput = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleOutput.push(args.map(String).join(" ")));
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it("no password, API key, session token or cookie is ever logged", async () => {
    const password = "correct horse battery staple 42";
    const wrongPassword = "tr0ub4dor&3-but-wrong";
    const owner = client(base);
    const signUp = await owner.auth("/sign-up/shop", { shopName: "Corner shop", name: "Olga", email: "olga@logs.example", password });
    expect(signUp.status).toBe(200);
    const cookie = cookiesOf(signUp);
    const sessionToken = decodeURIComponent(cookie.split("=")[1]!).split(".")[0]!;
    expect(sessionToken.length).toBeGreaterThan(10);

    const signIn = (secret: string) =>
      fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin: WEB_ORIGIN, "content-type": "application/json" },
        body: JSON.stringify({ email: "olga@logs.example", password: secret }),
      });
    expect((await signIn(wrongPassword)).status).toBe(401);
    expect((await signIn(password)).status).toBe(200);

    const created = await owner.mutation("apiKey.create", { name: "pos-01" });
    expect(created.status).toBe(200);
    const { key } = await data(created);
    expect(key).toMatch(/^tsk_/);

    const bearer = { authorization: `Bearer ${key}` };
    expect((await fetch(`${base}/trpc/shop.current`, { headers: bearer })).status).toBe(200);
    const invalid = await fetch(`${base}/trpc/sale.create`, {
      method: "POST",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ json: { externalId: "x", items: [] } }),
    });
    expect(invalid.status).toBe(400);
    const unknownKey = "tsk_neverIssuedButLooksLikeAKey0000000000000000";
    expect((await fetch(`${base}/trpc/shop.current`, { headers: { authorization: `Bearer ${unknownKey}` } })).status).toBe(401);
    expect((await fetch(`${base}/api/sales/`, { method: "POST", headers: { ...bearer, "content-type": "application/json" }, body: "{" })).status).toBe(400);
    expect((await fetch(`${base}/trpc/staff.list`, { headers: { origin: WEB_ORIGIN, cookie } })).status).toBe(200);

    const output = [...log.lines, ...consoleOutput].join("\n");
    // The logs did record all of this (else the check below would prove nothing).
    expect(log.entries().filter((entry) => entry.msg === "request").length).toBeGreaterThanOrEqual(8);
    for (const secret of [password, wrongPassword, key, unknownKey, sessionToken, cookie]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/Bearer|tillsync\.session_token=/);
  });

  it("every answer carries an X-Request-Id, every error body too, and every log line of the request", async () => {
    const res = await fetch(`${base}/trpc/sale.byId?input=${encodeURIComponent(JSON.stringify({ json: { id: 1 } }))}`);
    expect(res.status).toBe(401);
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await json(res)).error.json.data.requestId).toBe(requestId);

    const lines = log.entries().filter((entry) => entry.requestId === requestId);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: "procedure rejected", code: "UNAUTHORIZED", path: "sale.byId" }),
        expect.objectContaining({ msg: "request", status: 401, path: "/trpc/sale.byId" }),
      ]),
    );
    // JSON lines with pino's level and time, and nothing of the query string (the input).
    for (const line of lines) expect(line).toMatchObject({ level: expect.any(Number), time: expect.any(Number) });
    expect(JSON.stringify(lines)).not.toContain("input=");
  });

  it("keeps a caller's own X-Request-Id when it is a sane token, and replaces one that is not", async () => {
    const sane = await fetch(`${base}/nowhere`, { headers: { "x-request-id": "till-7.req-0042" } });
    expect(sane.headers.get("x-request-id")).toBe("till-7.req-0042");
    expect((await json(sane)).error.requestId).toBe("till-7.req-0042");

    for (const insane of ["x".repeat(200), "<script>alert(1)</script>", "a b", ""]) {
      const res = await fetch(`${base}/healthz`, { headers: { "x-request-id": insane } });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe("the log of a failed request", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  const log = capturedLogger();

  beforeAll(async () => {
    // No tables: authenticating fails inside the server.
    db = await createTestDatabase({ migrate: false, poolSize: 2 });
    ({ server, base } = await listen(db, AUTH_CONFIG, { logger: log.logger }));
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
  });

  it("carries the request id the client was given, with the cause, while the client sees neither", async () => {
    const res = await fetch(`${base}/trpc/shop.current`, { headers: { authorization: "Bearer tsk_someKeyThatLooksRealEnough0000000000000000" } });
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id");
    const body = await json(res);
    expect(body.error.json).toMatchObject({ message: "Internal server error", data: { code: "INTERNAL_SERVER_ERROR", requestId } });

    const failure = log.entries().find((entry) => entry.msg === "procedure failed");
    expect(failure).toMatchObject({ requestId, level: 50, err: { message: expect.stringMatching(/api_key/) } });
    expect(JSON.stringify(log.lines)).not.toContain("tsk_someKeyThatLooksRealEnough");
  });
});
