import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, describe, expect, test } from "vitest";

import { childEnv, findChromium, INSTALL_CHROMIUM, processTree, requireChromium, run, spawnGroup, stopGroup, within } from "../src/index";

const scratch = mkdtempSync(join(tmpdir(), "tillsync-testing-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
}

function fakeBrowser(dir: string, name: string) {
  const file = join(dir, name);
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, 0o755);
  return file;
}

describe("finding Chromium", () => {
  test("CHROMIUM_PATH wins, and a wrong one is an error rather than another browser", () => {
    const own = fakeBrowser(scratch, "my-chromium");
    expect(findChromium({ CHROMIUM_PATH: own, PATH: "" })).toBe(own);
    expect(() => findChromium({ CHROMIUM_PATH: join(scratch, "missing"), PATH: "" })).toThrow(/CHROMIUM_PATH=.*missing is not an executable/);
  });

  test("the first known name on PATH is found", () => {
    const [first, second] = [join(scratch, "path-a"), join(scratch, "path-b")];
    mkdirSync(first);
    mkdirSync(second);
    const chrome = fakeBrowser(first, "google-chrome");
    expect(findChromium({ PATH: `${second}:${first}` })).toBe(chrome);
    // chromium is preferred to google-chrome wherever on PATH it is.
    const chromium = fakeBrowser(second, "chromium");
    expect(findChromium({ PATH: `${first}:${second}` })).toBe(chromium);
  });

  test("without any, the command stops at once with the line that installs it", async () => {
    const bin = fileURLToPath(new URL("../bin/require-chromium.mjs", import.meta.url));
    const env = { ...childEnv(), PATH: "", CHROMIUM_PATH: "" };
    expect(() => requireChromium(env)).toThrow(INSTALL_CHROMIUM);
    const none = await run(process.execPath, [bin], { cwd: scratch, env });
    expect(none.code).toBe(1);
    expect(none.output.trim().split("\n").at(-1)!.trim()).toBe(INSTALL_CHROMIUM);
    const wrong = await run(process.execPath, [bin], { cwd: scratch, env: { ...env, CHROMIUM_PATH: join(scratch, "nothing-here") } });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/CHROMIUM_PATH=.*nothing-here is not an executable/);
    const own = mkdtempSync(join(scratch, "own-"));
    fakeBrowser(own, "chromium-browser");
    const found = await run(process.execPath, [bin], { cwd: scratch, env: { ...env, PATH: own } });
    expect(found.code).toBe(0);
  });
});

describe("process groups", () => {
  test("stopGroup stops the grandchildren too, and processTree sees them first", async () => {
    const started = spawnGroup("sh", ["-c", "sleep 30 & sleep 30 & wait"], { cwd: scratch, env: childEnv() });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const tree = processTree(started.child.pid!);
    expect(tree.map((entry) => entry.argv.join(" "))).toEqual(["sh -c sleep 30 & sleep 30 & wait", "sleep 30", "sleep 30"]);
    const exit = await stopGroup(started, 1_000);
    expect(exit.signal).toBe("SIGTERM");
    // Orphaned grandchildren are reaped by init a moment later; until then they are zombies.
    const alive = () => tree.filter(({ pid }) => !/^\S+ \(.*\) Z/.test(readStat(pid)) && readStat(pid) !== "");
    await expect.poll(alive, { timeout: 2_000 }).toEqual([]);
  });
});

describe("a child's output and time limits", () => {
  test("the exit keeps stdout and stderr apart as well as interleaved (a CLI's result is its stdout alone)", async () => {
    const exit = await run("sh", ["-c", "echo result; echo message >&2; exit 3"], { cwd: scratch, env: childEnv() });
    expect(exit).toMatchObject({ code: 3, stdout: "result\n", stderr: "message\n" });
    expect(exit.output).toContain("result\n");
    expect(exit.output).toContain("message\n");
  });

  test("within rejects, naming what took too long, and passes on what settles in time", async () => {
    await expect(within(new Promise(() => {}), 50, "the never-ending")).rejects.toThrow("the never-ending took longer than 50 ms");
    await expect(within(Promise.resolve(7), 1_000, "a quick one")).resolves.toBe(7);
  });
});
