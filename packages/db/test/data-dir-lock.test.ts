import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { childEnv, run, tsxLoader } from "@tillsync/testing";
import { describe, expect, it } from "vitest";

import { createDatabase } from "../src";

const lockModule = fileURLToPath(new URL("../src/data-dir-lock.ts", import.meta.url));
const holder = fileURLToPath(new URL("fixtures/lock-holder.ts", import.meta.url));

/** A pid no process has now: that of a child that has exited. */
async function deadPid(): Promise<number> {
  const exit = await run(process.execPath, ["-e", "console.log(process.pid)"], { cwd: tmpdir(), env: childEnv() });
  return Number(exit.output.trim());
}

describe("a PGlite directory", () => {
  it("is opened by one holder at a time, and free again once closed", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "tillsync-lock-")), "pglite");
    const first = createDatabase({ dataDir });
    expect(readdirSync(`${dataDir}.locks`)).toEqual([String(process.pid)]);
    expect(() => createDatabase({ dataDir })).toThrow(/already open/);
    await first.migrate();
    await first.close();
    expect(readdirSync(`${dataDir}.locks`)).toEqual([]);

    const second = createDatabase({ dataDir });
    expect((await second.ready()).ok).toBe(true);
    await second.close();
  });

  // The lock's promise under a race: processes started at the same instant, with the claim
  // of a dead process already there (the case a "remove the stale lock, take it" lock gave
  // to two at once), never hold the directory at the same time, and one of them gets it.
  it("cannot be taken over by two processes at once", async () => {
    const contenders = 4;
    const holdMs = 150;
    for (let round = 1; round <= 5; round++) {
      const dataDir = join(mkdtempSync(join(tmpdir(), "tillsync-lock-race-")), "pglite");
      mkdirSync(`${dataDir}.locks`);
      writeFileSync(join(`${dataDir}.locks`, String(await deadPid())), "");
      // Far enough ahead that every child has loaded and is waiting for the same instant.
      const startAt = Date.now() + 2_500;
      const exits = await Promise.all(
        Array.from({ length: contenders }, () =>
          run(process.execPath, ["--import", tsxLoader, holder, lockModule, dataDir, String(startAt), String(holdMs)], { cwd: tmpdir(), env: childEnv() }),
        ),
      );
      const results = exits.map((exit) => {
        expect(exit.code, exit.output).toBe(0);
        return JSON.parse(exit.output.trim().split("\n").at(-1)!) as { pid: number; held?: { from: number; to: number }; refused?: string };
      });
      const held = results.flatMap((result) => (result.held ? [result.held] : [])).sort((a, b) => a.from - b.from);
      expect(held.length, `round ${round}: ${JSON.stringify(results)}`).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < held.length; i++) {
        expect(held[i]!.from, `round ${round}: two held it at once: ${JSON.stringify(held)}`).toBeGreaterThanOrEqual(held[i - 1]!.to);
      }
      for (const result of results) if (result.refused) expect(result.refused).toMatch(/is in use by process \d+/);
      expect(existsSync(`${dataDir}.locks`) && readdirSync(`${dataDir}.locks`)).toEqual([]);
    }
  }, 60_000);
});
