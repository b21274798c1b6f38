import type { Database } from "@tillsync/db";
import { pino } from "pino";
import { expect } from "vitest";

import { createServer, type ApiServer, type ServerOptions } from "../src/server";
import { recordRestAnswers } from "./rest-answers";

/**
 * createServer on a free port, logging nothing unless given a logger (with `config` over the
 * environment's). Its /api answers are recorded for the contract check (rest-answers.ts, contract.ts).
 */
export async function listen(db: Database, config?: ServerOptions["config"], options: Pick<ServerOptions, "logger" | "rateLimitPrefix"> = {}) {
  const server = createServer({ db, logger: pino({ level: "silent" }), config, ...options });
  recordRestAnswers(server);
  const base = await server.listen({ port: 0, host: "127.0.0.1" });
  return { server, base };
}

/** Stops a server at once, connections and all. */
export async function stop(server: ApiServer | undefined) {
  if (!server) return;
  const closing = server.close();
  server.server.closeAllConnections();
  await closing;
}

/** Reads a response as JSON and checks it reveals nothing of the server's code. */
export async function json(res: Response): Promise<any> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/"stack"|\s+at \S+ \(|node_modules|\.ts:\d+/);
  return JSON.parse(text);
}
