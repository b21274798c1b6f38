// The operator CLI as scripts use it: results on stdout (the key alone on the last line),
// failures as a message on stderr with exit code 1 and no stack trace.

import { authenticateApiKey, createDatabase, type PrismaClient } from "@tillsync/db";
import { childEnv, run } from "@tillsync/testing";
import { describe, expect, it } from "vitest";

import { appDir, lastLine, useUnmigratedDatabase } from "./helpers";

describe("tillsync CLI", () => {
  const target = useUnmigratedDatabase("tillsync-cli-");

  const owner = (who: string) => ["--email", `${who}@shop.example`, "--password", "correct horse"];

  const tillsync = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: appDir, env: childEnv({ ...target.env, LOG_LEVEL: "silent", ...env }) });

  /** Reads the database the CLI wrote to, once the CLI has exited. */
  async function inDatabase<T>(fn: (prisma: PrismaClient) => Promise<T>): Promise<T> {
    if (target.db) return fn(target.db.prisma);
    const pglite = createDatabase({ dataDir: target.env.DATA_DIR });
    try {
      return await fn(pglite.prisma);
    } finally {
      await pglite.close();
    }
  }

  it("create-shop migrates a brand-new database and prints only the shop id", async () => {
    const result = await tillsync(["create-shop", "--name", "Corner shop", "--timezone", "Europe/Berlin", "--currency", "GBP", ...owner("corner")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^[1-9]\d*\n$/);
    expect(result.stderr).toMatch(/Applied \d+ migration/);
  });

  it("create-api-key prints a working key alone on the last line", async () => {
    const shopId = lastLine((await tillsync(["create-shop", "--name", "Kiosk", ...owner("kiosk")])).stdout);
    const result = await tillsync(["create-api-key", "--shop", shopId, "--name", "stock-report-job", "--role", "manager"]);
    expect(result.code, result.stderr).toBe(0);
    const key = lastLine(result.stdout);
    expect(key).toMatch(/^tsk_\S+$/);
    const principal = await inDatabase((prisma) => authenticateApiKey(prisma, key));
    expect(principal).toMatchObject({ shopId: Number(shopId), name: "stock-report-job", role: "manager" });
  });

  it("create-shop makes the owner's account, with the password hashed by Better Auth", async () => {
    const result = await tillsync(["create-shop", "--name", "Bakery", "--email", "Owner@Bakery.example", "--password", "correct horse"]);
    expect(result.code, result.stderr).toBe(0);
    const shopId = Number(lastLine(result.stdout));
    const owner = await inDatabase((prisma) =>
      prisma.shopMember.findFirstOrThrow({
        where: { shopId },
        select: { role: true, user: { select: { email: true, accounts: { select: { providerId: true, password: true } } } } },
      }),
    );
    expect(owner.role).toBe("owner");
    expect(owner.user.email).toBe("owner@bakery.example");
    expect(owner.user.accounts).toEqual([{ providerId: "credential", password: expect.stringMatching(/^[0-9a-f]{32}:[0-9a-f]{128}$/) }]);
  });

  it("create-shop refuses an email that already has an account", async () => {
    const result = await tillsync(["create-shop", "--name", "Second bakery", "--email", "owner@bakery.example", "--password", "correct horse"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("already exists");
  });

  it("migrate reports an up-to-date database", async () => {
    const result = await tillsync(["migrate"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("is up to date");
  });

  it.concurrent.each([
    { why: "an unknown command", args: ["frobnicate"], says: 'Unknown command "frobnicate"' },
    { why: "an unknown option", args: ["migrate", "--force"], says: "Unknown option '--force'" },
    { why: "a missing --name", args: ["create-shop", ...owner("x")], says: "--name is required" },
    { why: "a missing --email", args: ["create-shop", "--name", "X", "--password", "correct horse"], says: "--email is required" },
    {
      why: "a short --password",
      args: ["create-shop", "--name", "X", "--email", "x@shop.example", "--password", "short"],
      says: "--password must be at least 8 characters",
    },
    {
      why: "an unknown time zone",
      args: ["create-shop", "--name", "X", "--timezone", "Mars/Olympus", ...owner("x")],
      says: "--timezone must be an IANA time zone",
    },
    // The shop settings' rules (validators canonicalTimeZone): PostgreSQL would read an offset as a POSIX zone.
    {
      why: "an offset as time zone",
      args: ["create-shop", "--name", "X", "--timezone", "+01:00", ...owner("x")],
      says: "--timezone must be an IANA time zone",
    },
    {
      why: "a currency of four letters",
      args: ["create-shop", "--name", "X", "--currency", "EURO", ...owner("x")],
      says: "--currency must be a three-letter currency code",
    },
    { why: "a bad --shop and --role", args: ["create-api-key", "--shop", "abc", "--name", "pos", "--role", "boss"], says: "--role must be device or manager" },
    { why: "a shop that does not exist", args: ["create-api-key", "--shop", "999999", "--name", "pos"], says: "There is no shop 999999." },
    { why: "an invalid environment", args: ["migrate"], env: { PORT: "eighty" }, says: "Invalid environment: PORT: must be a port number" },
    {
      why: "a read URL that is not PostgreSQL's",
      args: ["migrate"],
      env: { DATABASE_READ_URL: "mysql://127.0.0.1/tillsync" },
      says: "Invalid environment: DATABASE_READ_URL: must be a postgres:// or postgresql:// URL",
    },
    {
      why: "a read URL without DATABASE_URL (PGlite has no standby)",
      args: ["migrate"],
      env: { DATABASE_URL: "", DATABASE_READ_URL: "postgres://postgres@127.0.0.1:5/tillsync" },
      says: "Invalid environment: DATABASE_READ_URL names a standby of DATABASE_URL's PostgreSQL; set DATABASE_URL too",
    },
  ] as { why: string; args: string[]; env?: Record<string, string>; says: string }[])(
    "fails on $why with a message and exit code 1",
    async ({ args, env, says }) => {
      const result = await tillsync(args, env);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(says);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );
});
