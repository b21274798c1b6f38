import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createProduct, getProduct } from "@tillsync/db";
import { productCreateInput } from "@tillsync/validators";
import { childEnv, freePort, killGroup, spawnGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { shopDatabase, startServer, syncDir } from "./server";

// A file imported before and then changed at the same path: every sale recorded exactly once (issue 15).
describe("import-csv: a file edited in place", () => {
  let setup: Awaited<ReturnType<typeof shopDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;

  beforeAll(async () => {
    [setup, dir] = await Promise.all([shopDatabase("20000"), mkdtemp(join(tmpdir(), "tillsync-import-edit-"))]);
    server = await startServer(setup.db.url, await freePort());
  });
  afterAll(async () => {
    if (server) killGroup(server);
    await setup?.db.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const importCsv = (file: string, history: string, args: string[] = []) =>
    spawnGroup("node", ["--import", "tsx", "src/cli/import-csv.ts", "--file", file, "--url", server.url, ...args], {
      cwd: syncDir,
      env: childEnv({ LOG_LEVEL: "warn", TILLSYNC_API_KEY: setup.apiKey, TILLSYNC_IMPORTS_DIR: history }),
    }).exited;
  async function product() {
    const { db, shopId } = setup;
    const made = await createProduct(db.prisma, { shopId }, productCreateInput.parse({ name: "Green tea", unitPrice: "2.50", initialStock: "100" }));
    return { id: made.id, stock: async () => (await getProduct(db.prisma, shopId, made.id)).stock };
  }
  const HEADER = "external_id,client_timestamp,source_device,product_id,quantity,unit_price";
  const row = (productId: number, quantity: string, day: number) => `,2026-11-2${day}T09:00:00Z,till-1,${productId},${quantity},2.50`;
  async function write(path: string, lines: string[], ending = "\n") {
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, lines.join(ending));
    return path;
  }

  it("A rejected row corrected in the file: refused until --edited says so, then only the corrected row is new (stock 100 → 95 → 93)", async () => {
    const tea = await product();
    const history = join(dir, "history-wed");
    const file = await write(join(dir, "wed", "export.csv"), [HEADER, row(tea.id, "1", 0), row(99999, "2", 1), row(tea.id, "4", 2), ""]);

    const first = await importCsv(file, history);
    expect(first.code, first.output).toBe(2);
    expect(first.output).toContain("3 sales; 2 created, 0 already recorded, 1 rejected, 0 pending");
    expect(await tea.stock()).toBe("95.000");

    // The user fixes the product id, as the importer advises, and retries the rejected sales.
    await write(file, [HEADER, row(tea.id, "1", 0), row(tea.id, "2", 1), row(tea.id, "4", 2), ""]);
    const retried = await importCsv(file, history, ["--retry-rejected"]);
    expect(retried.code, retried.output).toBe(6);
    expect(retried.output).toMatch(
      /export\.csv changed since it was imported from this path on \d{4}-\d\d-\d\dT[\d:.]+Z \(import [0-9a-f-]{36}: 3 rows, 2 recorded, 1 rejected, 0 pending\): row 2 changed/,
    );
    expect(retried.output).toMatch(/--edited/);
    expect(retried.output).toMatch(/--again/);
    expect(await tea.stock()).toBe("95.000");

    const edited = await importCsv(file, history, ["--edited", "--retry-rejected"]);
    expect(edited.code, edited.output).toBe(0);
    expect(edited.output).toMatch(/has been edited/);
    expect(edited.output).toContain("4 sales; 3 created, 0 already recorded, 0 rejected, 0 pending, 1 discarded (this run queued 1 new)");
    expect(edited.output).toContain("replaced by an edit of the file");
    expect(await tea.stock()).toBe("93.000");
    // The discarded row is recorded on the server with the sale as it was (DESIGN.md §7).
    const discarded = await setup.db.prisma.discardedSale.findMany({ where: { shopId: setup.shopId } });
    expect(discarded.map((row) => [row.reason, JSON.parse(row.payload).items])).toEqual([
      ["replaced by an edit of the file", [{ productId: 99999, quantity: "2", unitPrice: "2.50" }]],
    ]);

    // The same rows re-written with CRLF line endings (and quoted): the same import, nothing new.
    await write(
      file,
      [
        HEADER,
        ...[
          ["1", 0],
          ["2", 1],
          ["4", 2],
        ].map(([q, d]) => `,"2026-11-2${d}T09:00:00Z",till-1,${tea.id},"${q}",2.50`),
        "",
      ],
      "\r\n",
    );
    const crlf = await importCsv(file, history);
    expect(crlf.code, crlf.output).toBe(0);
    expect(crlf.output).toMatch(/written differently, the same sales/);
    expect(crlf.output).toContain("(this run queued 0 new)");
    expect(await tea.stock()).toBe("93.000");
  });

  it("--edited removing a recorded row lists it (it stays recorded); --again records an edited file as a new export", async () => {
    const tea = await product();
    const history = join(dir, "history-removed");
    const file = await write(join(dir, "removed", "export.csv"), [HEADER, row(tea.id, "1", 0), row(tea.id, "2", 1), ""]);
    expect((await importCsv(file, history)).code).toBe(0);

    await write(file, [HEADER, row(tea.id, "1", 0), row(tea.id, "3", 1), ""]);
    const edited = await importCsv(file, history, ["--edited"]);
    expect(edited.code, edited.output).toBe(0);
    expect(edited.output).toMatch(/no longer in the file: [0-9a-f-]{36} .* is recorded on the server; if it was wrong, reverse it in the admin app/);
    expect(await tea.stock()).toBe("94.000");

    const again = await importCsv(file, history, ["--again"]);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain("2 sales; 2 created");
    expect(await tea.stock()).toBe("90.000");
  });

  it("A last row the writer was still writing (no newline), later completed and followed by a row: refused naming the row, never recorded twice", async () => {
    const tea = await product();
    const history = join(dir, "history-partial");
    const file = await write(join(dir, "partial", "export.csv"), [HEADER, row(tea.id, "1", 0), `,2026-11-21T09:00:00Z,till-1,${tea.id},1,1.0`]);
    expect((await importCsv(file, history)).code).toBe(0);
    expect(await tea.stock()).toBe("98.000");

    await write(file, [HEADER, row(tea.id, "1", 0), `,2026-11-21T09:00:00Z,till-1,${tea.id},1,1.05`, row(tea.id, "4", 2), ""]);
    const refused = await importCsv(file, history);
    expect(refused.code, refused.output).toBe(6);
    expect(refused.output).toMatch(/row 2 changed \(was .*"1\.0".*now .*"1\.05"/);
    expect(await tea.stock()).toBe("98.000");

    const edited = await importCsv(file, history, ["--edited"]);
    expect(edited.code, edited.output).toBe(0);
    expect(edited.output).toMatch(/no longer in the file/);
    expect(await tea.stock()).toBe("93.000");
  });
});
