// The CLIs as people type them from the repo root (`pnpm tillsync …`, `pnpm tillsync-import …`):
// a password or key on the command line is never printed back (pnpm echoes a package
// script's command line; the CLIs are bins, which it does not), passwords can come from the
// environment or standard input instead, and a wrong key is called wrong (issue 19).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createDatabase, createProduct, createShop, type PrismaClient } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { childEnv, run } from "@tillsync/testing";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { lastLine, repoRoot, useUnmigratedDatabase } from "./helpers";
import { listen, stop } from "./server";

const PASSWORD = "a-password-nobody-may-see-1";

describe("pnpm tillsync create-shop", () => {
  const target = useUnmigratedDatabase("tillsync-cli-secrets-");
  let email = 0;
  const owner = () => `owner-${++email}@secrets.example`;
  const tillsync = (args: string[], env: Record<string, string> = {}) =>
    run("pnpm", ["tillsync", ...args], { cwd: repoRoot, env: childEnv({ ...target.env, LOG_LEVEL: "silent", ...env }) });
  /** The same through a shell pipe, for standard input. */
  const piped = (input: string, args: string[]) =>
    run("sh", ["-c", `printf '%s\\n' "$SECRET" | pnpm tillsync ${args.map((arg) => `'${arg}'`).join(" ")}`], {
      cwd: repoRoot,
      env: childEnv({ ...target.env, LOG_LEVEL: "silent", SECRET: input }),
    });

  async function passwordOf(ownerEmail: string): Promise<string> {
    const read = async (prisma: PrismaClient) =>
      (await prisma.account.findFirstOrThrow({ where: { user: { email: ownerEmail } }, select: { password: true } })).password!;
    if (target.db) return read(target.db.prisma);
    const pglite = createDatabase({ dataDir: target.env.DATA_DIR });
    try {
      return await read(pglite.prisma);
    } finally {
      await pglite.close();
    }
  }

  it("--password on the command line: works, and nothing printed holds it", async () => {
    const email = owner();
    const result = await tillsync(["create-shop", "--name", "Echo shop", "--email", email, "--password", PASSWORD]);
    expect(result.code, result.output).toBe(0);
    expect(lastLine(result.stdout)).toMatch(/^\d+$/);
    expect(result.output).not.toContain(PASSWORD);
    expect(await verifyPassword({ hash: await passwordOf(email), password: PASSWORD })).toBe(true);
  });

  it("TILLSYNC_PASSWORD instead of --password", async () => {
    const email = owner();
    const result = await tillsync(["create-shop", "--name", "Env shop", "--email", email], { TILLSYNC_PASSWORD: PASSWORD });
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain(PASSWORD);
    expect(await verifyPassword({ hash: await passwordOf(email), password: PASSWORD })).toBe(true);
  });

  it("--password-stdin reads one line from standard input", async () => {
    const email = owner();
    const result = await piped(PASSWORD, ["create-shop", "--name", "Stdin shop", "--email", email, "--password-stdin"]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain(PASSWORD);
    expect(await verifyPassword({ hash: await passwordOf(email), password: PASSWORD })).toBe(true);
  });

  it("two sources, or none, is a usage error naming the ways to give it", async () => {
    const both = await tillsync(["create-shop", "--name", "Both", "--email", owner(), "--password", PASSWORD], { TILLSYNC_PASSWORD: PASSWORD });
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--password: give it once");
    expect(both.output).not.toContain(PASSWORD);
    const none = await tillsync(["create-shop", "--name", "None", "--email", owner()]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("--password is required (the owner's password; or TILLSYNC_PASSWORD, or --password-stdin)");
  });

  it("--help names the environment variable and --password-stdin", async () => {
    const help = await tillsync(["create-shop", "--help"]);
    expect(help.output).toContain("TILLSYNC_PASSWORD");
    expect(help.output).toContain("--password-stdin");
  });
});

describe("pnpm tillsync-import with a key that is not valid", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let base: string;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ server, base } = await listen(db));
    const { id: shopId } = await createShop(db.prisma, { name: "Import shop" });
    const product = await createProduct(db.prisma, { shopId }, { name: "Tea", unitPrice: "2.50", isVolatile: false });
    dir = mkdtempSync(join(tmpdir(), "tillsync-import-secrets-"));
    writeFileSync(
      join(dir, "sales.csv"),
      `external_id,client_timestamp,source_device,product_id,quantity,unit_price\n,2026-11-01T08:00:00Z,till-1,${product.id},1,2.50\n`,
    );
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("never prints the key, and says the key is not valid rather than asking for one", async () => {
    const key = "tsk_thisKeyWasNeverIssuedAndMustNotBePrinted";
    const result = await run(
      "pnpm",
      ["tillsync-import", "--file", join(dir, "sales.csv"), "--url", base, "--api-key", key, "--history", join(dir, "history")],
      {
        cwd: repoRoot,
        env: childEnv({}),
      },
    );
    expect(result.code).not.toBe(0);
    expect(result.output).not.toContain(key);
    expect(result.output).not.toContain(key.slice(4));
    expect(result.output).toMatch(/API key is not valid/);
    expect(result.output).not.toMatch(/Sign in or send an API key/);

    // As the README shows it: the key in TILLSYNC_API_KEY, out of `ps` and the shell's history.
    const fromEnv = await run("pnpm", ["tillsync-import", "--file", join(dir, "sales.csv"), "--url", base, "--history", join(dir, "history")], {
      cwd: repoRoot,
      env: childEnv({ TILLSYNC_API_KEY: key }),
    });
    expect(fromEnv.code).not.toBe(0);
    expect(fromEnv.output).not.toContain(key.slice(4));
    expect(fromEnv.output).toMatch(/API key is not valid/);
  });
});
