import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { v5 as uuidv5 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FileOutbox as FileOutboxV1 } from "./fixtures/outbox-v1/file";
import { childEnv, spawnGroup, syncDir } from "./server";
import { answerCreated, startStub } from "./stub";

// The importer against a stub server: answers the real API never gives, and no database.
describe("import-csv against a stub server", () => {
  let stub: Awaited<ReturnType<typeof startStub>>;
  let dir: string;
  beforeAll(async () => {
    [stub, dir] = await Promise.all([startStub(), mkdtemp(join(tmpdir(), "tillsync-import-stub-"))]);
  });
  afterAll(async () => {
    await stub?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const importCsv = (file: string, history: string, args: string[] = []) =>
    spawnGroup("node", ["--import", "tsx", "src/cli/import-csv.ts", "--file", file, "--url", stub.url, "--api-key", "tsk_test", ...args], {
      cwd: syncDir,
      env: childEnv({ TILLSYNC_IMPORTS_DIR: history }),
    }).exited;

  it("A proxy's HTML 502 page: retried, then exit 3 with the reason; nothing rejected", async () => {
    stub.answer((_, response) => response.writeHead(502, { "content-type": "text/html" }).end("<html><body><h1>502 Bad Gateway</h1></body></html>"));
    const file = join(dir, "proxy.csv");
    await writeFile(file, "product_id,quantity\n1,1\n1,2\n");

    const result = await importCsv(file, join(dir, "history-proxy"), ["--max-attempts", "2"]);

    expect(result.code, result.output).toBe(3);
    expect(result.output).toMatch(/answered 502 Bad Gateway with an HTML page/);
    expect(result.output).toContain("2 sales; 0 created, 0 already recorded, 0 rejected, 2 pending");
  });

  it("A journal the previous build left next to the CSV is taken over: its sales are not sent again", async () => {
    stub.answer((request, response) => answerCreated(response, request.sales));
    const file = join(dir, "legacy.csv");
    await writeFile(file, "product_id,quantity\n1,1\n1,2\n1,3\n");
    // What the previous build wrote: ids from the file name and row; two of three sent.
    const legacyId = (row: number) => uuidv5(`${basename(file)}:${row}`, "6f0c1c1e-8a43-5b0e-9d6e-3f1f6a2b7c41");
    const old = await FileOutboxV1.open(`${file}.outbox.jsonl`);
    await old.append([1, 2, 3].map((row) => ({ externalId: legacyId(row), items: [{ productId: 1, quantity: String(row) }] })));
    await old.settle([1, 2].map((row) => ({ externalId: legacyId(row), status: "synced" as const, saleId: row })), new Date());
    await old.close();
    stub.calls.length = 0;

    const history = join(dir, "history-legacy");
    const result = await importCsv(file, history);

    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/taking over the journal .*legacy\.csv\.outbox\.jsonl/);
    expect(stub.calls.map((call) => call.externalIds)).toEqual([[legacyId(3)]]);
    expect(result.output).toContain("3 sales; 1 created, 2 already recorded, 0 rejected, 0 pending (this run queued 0 new)");
    expect((await readdir(history)).filter((name) => name.endsWith(".outbox.jsonl"))).toHaveLength(1);
  });
});
