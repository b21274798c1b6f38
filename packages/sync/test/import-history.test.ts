import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

import { v5 as uuidv5 } from "uuid";
import { childEnv, spawnGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { FileOutbox as FileOutboxV1 } from "./fixtures/outbox-v1/file";
import { syncDir } from "./server";
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
      env: childEnv({ LOG_LEVEL: "warn", TILLSYNC_IMPORTS_DIR: history }),
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
    await old.settle(
      [1, 2].map((row) => ({ externalId: legacyId(row), status: "synced" as const, saleId: row })),
      new Date(),
    );
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

  it('A header-only file and an empty file: "no sales in <file>", exit 0, nothing kept in the history', async () => {
    const history = join(dir, "history-empty");
    await mkdir(join(dir, "a"), { recursive: true });
    await mkdir(join(dir, "b"), { recursive: true });
    await writeFile(join(dir, "a", "sales.csv"), "external_id,product_id,quantity\n");
    await writeFile(join(dir, "b", "sales.csv"), "");
    stub.calls.length = 0;

    for (const file of [join(dir, "a", "sales.csv"), join(dir, "b", "sales.csv"), join(dir, "a", "sales.csv")]) {
      const result = await importCsv(file, history);
      expect(result.code, result.output).toBe(0);
      expect(result.output.trim()).toBe(`no sales in ${file}`);
    }
    expect(await readdir(history).catch(() => [])).toEqual([]);
    expect(stub.calls).toEqual([]);
  });

  it("--url without a scheme, or not http(s): a usage error with the reason (exit 64), nothing sent or kept", async () => {
    const file = join(dir, "url.csv");
    await writeFile(file, "product_id,quantity\n1,1\n");
    const history = join(dir, "history-url");
    const run = (url: string) =>
      spawnGroup("node", ["--import", "tsx", "src/cli/import-csv.ts", "--file", file, "--url", url, "--api-key", "tsk_test"], {
        cwd: syncDir,
        env: childEnv({ LOG_LEVEL: "warn", TILLSYNC_IMPORTS_DIR: history }),
      }).exited;

    for (const [url, reason] of [
      ["127.0.0.1:4000", /no http:\/\/ or https:\/\/ in front/],
      ["localhost:4000", /no http:\/\/ or https:\/\/ in front/],
      ["ftp://127.0.0.1:4000", /only http:\/\/ and https:\/\/ are supported/],
      ["http://", /no http:\/\/ or https:\/\/ in front|not an address/],
    ] as const) {
      const result = await run(url);
      expect(result.code, result.output).toBe(64);
      expect(result.output).toContain(`--url ${url} is not an address the importer can use`);
      expect(result.output).toMatch(reason);
      expect(result.output).not.toMatch(/will retry|retrying/);
    }
    expect(await readdir(history).catch(() => [])).toEqual([]);
  });

  it('A halting failure: the progress line says why it stopped, never "retrying"', async () => {
    stub.answer((_, response) =>
      response
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "Invalid API key", code: -32001, data: { code: "UNAUTHORIZED", httpStatus: 401 } } })),
    );
    const file = join(dir, "halt.csv");
    await writeFile(file, "product_id,quantity\n1,1\n");

    const result = await importCsv(file, join(dir, "history-halt"));

    expect(result.code, result.output).toBe(4);
    expect(result.output).toMatch(/\| stopped: .*401 Unauthorized/);
    expect(result.output).not.toMatch(/retrying:/);
  });

  it("--retry-rejected with nothing to retry says so: a new file is imported as new (and said), a known one has none", async () => {
    stub.answer((request, response) => answerCreated(response, request.sales));
    const file = join(dir, "retry-new.csv");
    await writeFile(file, "product_id,quantity\n1,1\n");
    const history = join(dir, "history-retry-new");

    const first = await importCsv(file, history, ["--retry-rejected"]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain(
      "--retry-rejected: " + file + " was not imported before, so there are no rejected sales to retry; importing it as a new file",
    );

    const second = await importCsv(file, history, ["--retry-rejected"]);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/--retry-rejected: import [0-9a-f-]{36} has no rejected sales to retry/);
    expect(second.output).toContain("(this run queued 0 new)");
  });

  it("An import recorded by the previous format (rows keyed by row number) keeps its ids: re-encoded, grown or edited, no row is sent twice", async () => {
    stub.answer((request, response) => answerCreated(response, request.sales));
    const history = join(dir, "history-format-1");
    const file = join(dir, "format-1.csv");
    await writeFile(file, "product_id,quantity\n1,1\n1,2\n1,3\n");
    const importId = "3b1f0b3e-2c4d-4e5f-8a6b-7c8d9e0f1a2b";
    const keyOf = (row: number) => uuidv5(`${importId}:${row}`, "6f0c1c1e-8a43-5b0e-9d6e-3f1f6a2b7c41");
    // What that format left: the record, and a journal with rows 1 and 2 recorded and row 3 pending.
    await mkdir(history, { recursive: true });
    const { createHash } = await import("node:crypto");
    const bytes = await readFile(file);
    const record = {
      format: 1,
      importId,
      path: file,
      versions: [{ size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex"), importedAt: "2026-11-20T10:00:00.000Z" }],
      rowIds: "import",
    };
    await writeFile(join(history, `${importId}.json`), JSON.stringify(record));
    const old = await FileOutboxV1.open(join(history, `${importId}.outbox.jsonl`));
    await old.append([1, 2, 3].map((row) => ({ externalId: keyOf(row), items: [{ productId: 1, quantity: String(row) }] })));
    await old.settle(
      [1, 2].map((row) => ({ externalId: keyOf(row), status: "synced" as const, saleId: row })),
      new Date(),
    );
    await old.close();
    stub.calls.length = 0;

    // Re-encoded (CRLF) and grown by a row, then edited (row 1 changed): only the new and the changed row are sent.
    await writeFile(file, "product_id,quantity\r\n1,1\r\n1,2\r\n1,3\r\n1,4\r\n");
    const grown = await importCsv(file, history);
    expect(grown.code, grown.output).toBe(6);
    expect(grown.output).toContain(`import ${importId}`);
    await writeFile(file, "product_id,quantity\n1,1\n1,2\n1,3\n1,4\n");
    const appended = await importCsv(file, history);
    expect(appended.code, appended.output).toBe(0);
    expect(appended.output).toContain("4 sales; 2 created, 2 already recorded, 0 rejected, 0 pending (this run queued 1 new)");
    const sent = stub.calls.flatMap((call) => call.externalIds);
    expect(sent.slice(0, 1)).toEqual([keyOf(3)]);
    expect(sent).toHaveLength(2);

    stub.calls.length = 0;
    await writeFile(file, "product_id,quantity\r\n1,9\r\n1,2\r\n1,3\r\n1,4\r\n");
    const edited = await importCsv(file, history, ["--edited"]);
    expect(edited.code, edited.output).toBe(0);
    expect(stub.calls.flatMap((call) => call.externalIds)).toHaveLength(1);
    expect(stub.calls.flatMap((call) => call.externalIds)).not.toContain(keyOf(2));
    expect(edited.output).toContain(`no longer in the file: ${keyOf(1)}`);
  });
});
