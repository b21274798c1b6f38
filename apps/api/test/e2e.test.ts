// DESIGN.md: "On a fresh clone with no DATABASE_URL, the README's run command starts the
// API on PGlite and a sale can be created over HTTP." Everything here goes through
// `pnpm tillsync` as an operator would type it, in real child processes. PGlite on disk
// admits one process at a time, so the commands run one after another.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { AppRouter } from "@tillsync/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { childEnv, freePort, killGroup, run, spawnGroup, waitForOk, within } from "@tillsync/testing";
import { afterAll, describe, expect, it } from "vitest";

import { lastLine, repoRoot } from "./helpers";

describe("pnpm tillsync on a brand-new PGlite database", () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), "tillsync-e2e-")), "pglite");
  const env = childEnv({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
  const tillsync = (...args: string[]) => run("pnpm", ["tillsync", ...args], { cwd: repoRoot, env });

  afterAll(() => rmSync(join(dataDir, ".."), { recursive: true, force: true }));

  it("creates a shop and a key, serves, records a sale over HTTP and stops cleanly on SIGTERM", async () => {
    const shop = await tillsync(
      "create-shop",
      "--name",
      "Corner shop",
      "--timezone",
      "Europe/Berlin",
      "--email",
      "owner@corner.example",
      "--password",
      "a long password",
    );
    expect(shop.code, shop.stderr).toBe(0);
    const shopId = lastLine(shop.stdout);
    expect(shopId).toMatch(/^[1-9]\d*$/);

    const created = await tillsync("create-api-key", "--shop", shopId, "--name", "pos-01");
    expect(created.code, created.stderr).toBe(0);
    const key = lastLine(created.stdout);
    expect(key).toMatch(/^tsk_[\w-]{20,}$/);

    const port = await freePort();
    const server = spawnGroup("pnpm", ["tillsync", "serve"], { cwd: repoRoot, env: { ...env, PORT: String(port) } });
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitForOk(`${base}/readyz`, server, 120_000);

      const api = createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${base}/trpc`, transformer: superjson, headers: { authorization: `Bearer ${key}` } })],
      });
      const externalId = randomUUID();
      const input = {
        externalId,
        sourceDevice: "pos-01",
        clientTimestamp: new Date().toISOString(),
        items: [{ product: { name: "Flat white", isVolatile: false, unitPrice: "3.20" }, quantity: "2" }],
      };
      const recorded = await api.sale.create.mutate(input);
      expect(recorded.replayed).toBe(false);
      expect(recorded.sale).toMatchObject({ externalId, total: "6.40", deviceName: "pos-01" });

      const retried = await api.sale.create.mutate(input);
      expect(retried).toMatchObject({ replayed: true, sale: { id: recorded.sale.id } });

      const stored = await api.sale.byId.query({ id: recorded.sale.id });
      expect(stored).toMatchObject({
        externalId,
        total: "6.40",
        items: [{ productName: "Flat white", quantity: "2.000", unitPrice: "3.20", lineTotal: "6.40" }],
      });

      // While the server holds the database, another process must not open it.
      const blocked = await tillsync("create-api-key", "--shop", shopId, "--name", "pos-02");
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain("is in use by process");

      // To pnpm only, as a process supervisor would send it: it must reach the server.
      server.child.kill("SIGTERM");
      const exit = await within(server.exited, 10_000, "shutdown after SIGTERM");
      // pnpm runs the `tillsync` bin (so that it never echoes a command line holding a
      // password, issue 19) and, unlike for a package script, ends by the signal it passed on.
      expect(exit.code === 0 || exit.signal === "SIGTERM", exit.stdout + exit.stderr).toBe(true);
      expect(exit.stdout).toContain(`listening on ${base}/trpc (PGlite in ${dataDir})`);
      expect(exit.stdout).toContain("stopped");
      expect(readdirSync(`${dataDir}.locks`)).toEqual([]);
    } finally {
      killGroup(server);
    }
  });
});
