// How database failures reach callers: an outage (every shape it was seen to take while
// PostgreSQL restarted under load, see apps/api/test/database-restart.test.ts) is a
// retryable SERVICE_UNAVAILABLE, a value the database cannot store is a BAD_REQUEST, and
// anything else stays an INTERNAL_SERVER_ERROR (a bug, to be logged).
import type { PrismaClient } from "@tillsync/db";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

import { createCaller, isDatabaseUnavailable } from "../src";

/** What Prisma's pg adapter throws: a known request error carrying the driver's cause. */
const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `prisma.shop.findUniqueOrThrow()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause } },
  });

/** A client whose every query fails with `error`. */
const failingPrisma = (error: Error) => new Proxy({}, { get: () => new Proxy({}, { get: () => () => Promise.reject(error) }) }) as unknown as PrismaClient;

const codeFor = (error: Error) =>
  createCaller({ prisma: failingPrisma(error), principal: { shopId: 1, role: "owner", userId: "u1", name: "Olga" } })
    .shop.current()
    .then(
      () => "OK",
      (thrown: unknown) => (thrown instanceof TRPCError ? thrown.code : "not a TRPCError"),
    );

describe("database failures as the API reports them", () => {
  it.each([
    ["the server closed the connection", adapterError({ kind: "ConnectionClosed" })],
    ["the server cannot be reached", adapterError({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 })],
    ["terminating connection due to administrator command", adapterError({ kind: "postgres", originalCode: "57P01", code: "57P01" })],
    ["the database system is starting up", adapterError({ kind: "postgres", originalCode: "57P03", code: "57P03" })],
    ["too many connections", adapterError({ kind: "postgres", originalCode: "53300", code: "53300" })],
    ["a write that reached a standby during a failover", adapterError({ kind: "postgres", originalCode: "25006", code: "25006" })],
    ["node-postgres: Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    ["node-postgres: a client that is not queryable", new Error("Client has encountered a connection error and is not queryable")],
    ["a refused TCP connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
  ])("%s → SERVICE_UNAVAILABLE", async (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(await codeFor(error)).toBe("SERVICE_UNAVAILABLE");
  });

  it.each([
    ["a NUL character in text", adapterError({ kind: "postgres", originalCode: "22021", code: "22021" })],
    ["an integer out of range", adapterError({ kind: "ValueOutOfRange", originalCode: "22003" })],
  ])("%s → BAD_REQUEST", async (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await codeFor(error)).toBe("BAD_REQUEST");
  });

  it.each([
    ["a missing table", adapterError({ kind: "postgres", originalCode: "42P01", code: "42P01" })],
    ["a bug", new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])("%s → INTERNAL_SERVER_ERROR", async (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(await codeFor(error)).toBe("INTERNAL_SERVER_ERROR");
  });
});
