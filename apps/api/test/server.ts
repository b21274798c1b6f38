import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import type { Database } from "@tillsync/db";
import { pino } from "pino";
import { expect } from "vitest";

import { createServer, type ServerOptions } from "../src/server";

/** createServer on a free port, logging nothing unless given a logger (with `config` over the environment's). */
export async function listen(db: Database, config?: ServerOptions["config"], options: Pick<ServerOptions, "logger" | "rateLimitPrefix"> = {}) {
  const server = createServer({ db, logger: pino({ level: "silent" }), config, ...options });
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

/** Reads a response as JSON and checks it reveals nothing of the server's code. */
export async function json(res: Response): Promise<any> {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await res.text();
  expect(text).not.toMatch(/"stack"|\s+at \S+ \(|node_modules|\.ts:\d+/);
  return JSON.parse(text);
}
