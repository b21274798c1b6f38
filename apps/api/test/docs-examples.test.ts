// docs/api.md's REST section, run as written (issue 20): every `curl` command in it is
// executed with curl against a real server, in order, in a shop set up as the section says
// (product 1 "Rice 1 kg" at 3.00, 10 in stock, Europe/Berlin), and what it prints is compared
// with the answer shown under it: the ```json block that follows it, or its `# …` lines.
// Only `synced_at` and `request_id`, which differ on every run, are not compared.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { createApiKey, createProduct, createShop } from "@tillsync/db";
import { createTestDatabase, type TestDatabase } from "@tillsync/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { ApiServer } from "../src/server";
import { repoRoot } from "./helpers";
import { listen, stop } from "./server";

const run = promisify(execFile);

/** The fields whose values differ on every run. */
const VOLATILE = new Set(["synced_at", "request_id"]);
const masked = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(masked)
    : value && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, VOLATILE.has(key) ? "…" : masked(inner)]))
      : value;

interface Example {
  command: string;
  /** The `# …` lines of the command's block: what it prints. */
  printed: string[];
  /** The ```json block right after it: the body it answers. */
  answer?: string;
}

/** The REST section's examples: its `sale.json` (marked `<!-- sale.json -->`) and each curl block with what it shows. */
function restExamples(markdown: string): { saleJson: string; examples: Example[] } {
  const section = markdown.slice(markdown.indexOf("## REST (`/api`)"));
  const blocks = [...section.matchAll(/(<!-- sale\.json -->\n)?```(\w+)\n([\s\S]*?)```/g)].map((match) => ({
    marked: Boolean(match[1]),
    lang: match[2]!,
    text: match[3]!,
    end: match.index + match[0].length,
    start: match.index,
  }));
  const saleJson = blocks.find((block) => block.marked)?.text;
  if (!saleJson) throw new Error("docs/api.md: no <!-- sale.json --> block");
  const examples: Example[] = [];
  blocks.forEach((block, n) => {
    if (block.lang !== "sh" || !block.text.includes("curl")) return;
    const lines = block.text.trimEnd().split("\n");
    const next = blocks[n + 1];
    // The answer is the next block when only prose ("→ **422 …**") stands between them.
    const between = next ? section.slice(block.end, next.start) : "";
    examples.push({
      command: lines.filter((line) => !line.startsWith("#")).join("\n"),
      printed: lines.filter((line) => line.startsWith("# ")).map((line) => line.slice(2)),
      answer: next?.lang === "json" && !next.marked && !/\n\s*\n[^→\n]/.test(between.replace(/^\s*\n/, "")) ? next.text : undefined,
    });
  });
  return { saleJson, examples };
}

describe("docs/api.md REST examples", () => {
  let db: TestDatabase;
  let server: ApiServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const { saleJson, examples } = restExamples(readFileSync(join(repoRoot, "docs/api.md"), "utf8"));

  beforeAll(async () => {
    db = await createTestDatabase();
    let base: string;
    ({ server, base } = await listen(db));
    const shop = await createShop(db.prisma, { name: "Corner shop", timezone: "Europe/Berlin" });
    const key = (await createApiKey(db.prisma, { shopId: shop.id, name: "pos-01", role: "device" })).key;
    const manager = (await createApiKey(db.prisma, { shopId: shop.id, name: "reports", role: "manager" })).key;
    const rice = await createProduct(db.prisma, { shopId: shop.id }, { name: "Rice 1 kg", isVolatile: false, unitPrice: "3.00", initialStock: "10" });
    expect(rice.id, "the examples name product 1: each test file has a fresh database").toBe(1);
    dir = mkdtempSync(join(tmpdir(), "tillsync-docs-"));
    writeFileSync(join(dir, "sale.json"), saleJson);
    env = { NODE_ENV: "test", PATH: process.env.PATH, API: base, KEY: key, MANAGER_KEY: manager };
  });
  afterAll(async () => {
    await stop(server);
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("has the examples this test runs", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(examples.every((example) => example.answer !== undefined || example.printed.length > 0)).toBe(true);
  });

  it("each command answers what the doc shows, in the doc's order", async () => {
    for (const { command, printed, answer } of examples) {
      const { stdout } = await run("bash", ["-c", `set -euo pipefail\n${command}`], { cwd: dir, env });
      if (answer !== undefined) {
        // The exact text too: analytics figures are numbers written with their decimals ("1.50").
        expect(masked(JSON.parse(stdout)), command).toEqual(masked(JSON.parse(answer)));
        for (const figure of answer.match(/"(?:total_revenue|quantity)": [\d.]+/g) ?? []) expect(stdout, command).toContain(figure.replace(": ", ":"));
      } else {
        expect(stdout.trimEnd().split("\n"), command).toEqual(printed);
      }
    }
  });
});
