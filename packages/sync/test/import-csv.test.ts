import { randomUUID } from "node:crypto";
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createProduct, getProduct } from "@tillsync/db";
import { productCreateInput } from "@tillsync/validators";
import { childEnv, freePort, killGroup, spawnGroup } from "@tillsync/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { shopDatabase, startServer, syncDir, waitUntil } from "./server";

const SALES = 10_000;

describe("import-csv", () => {
  let setup: Awaited<ReturnType<typeof shopDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;

  beforeAll(async () => {
    [setup, dir] = await Promise.all([shopDatabase("20000"), mkdtemp(join(tmpdir(), "tillsync-import-"))]);
    server = await startServer(setup.db.url, await freePort());
  });
  afterAll(async () => {
    if (server) killGroup(server);
    await setup?.db.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * The CLI as an operator runs it (`pnpm tillsync-import …` runs this), with the import
   * history in `history` (TILLSYNC_IMPORTS_DIR) or, by default, under XDG_STATE_HOME in `dir`.
   */
  const importCsv = (file: string, { url = server.url, history, args = [] }: { url?: string; history?: string; args?: string[] } = {}) =>
    spawnGroup("node", ["--import", "tsx", "src/cli/import-csv.ts", "--file", file, "--url", url, ...args], {
      cwd: syncDir,
      env: childEnv({
        LOG_LEVEL: "warn",
        TILLSYNC_API_KEY: setup.apiKey,
        XDG_STATE_HOME: join(dir, "state"),
        ...(history ? { TILLSYNC_IMPORTS_DIR: history } : {}),
      }),
    });
  const stock = async () => (await getProduct(setup.db.prisma, setup.shopId, setup.productId)).stock;
  /** A CSV of rows without external_id, `quantities` of the shop's product. */
  async function salesCsv(path: string, quantities: number[], productId = setup.productId) {
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(
      path,
      [
        "external_id,client_timestamp,source_device,product_id,quantity,unit_price",
        ...quantities.map((q, i) => `,2026-11-2${i}T09:00:00Z,till-1,${productId},${q},2.50`),
      ].join("\n") + "\n",
    );
    return path;
  }

  it("The CLI imports a 10,000-row CSV, is interrupted half-way, is run again → exactly 10,000 sales; a second full run adds none", async () => {
    const { db, shopId, productId } = setup;
    const file = join(dir, "sales.csv");
    // Half the rows bring their own external_id; the other half get one derived from the row.
    const rows = Array.from({ length: SALES }, (_, index) => {
      const externalId = index % 2 === 0 ? randomUUID() : "";
      const at = new Date(Date.UTC(2026, 10, 1, 8) + index * 60_000).toISOString();
      return `${externalId},${at},till-${index % 3},${productId},1,2.50`;
    });
    await writeFile(file, ["external_id,client_timestamp,source_device,product_id,quantity,unit_price", ...rows].join("\n"));
    const countSales = () => db.prisma.sale.count({ where: { shopId } });

    const interrupted = importCsv(file);
    await waitUntil(async () => (await countSales()) >= SALES / 2, "half of the sales to arrive", 120_000);
    killGroup(interrupted);
    await interrupted.exited;
    expect(await countSales()).toBeLessThan(SALES);

    // The journal next to the CSV already holds every sale: the re-run queues none and sends the rest.
    const resumed = await importCsv(file).exited;
    expect(resumed.code, resumed.output).toBe(0);
    // What was in flight at the kill is recorded on the server: it comes back "already recorded".
    const [, created, already] =
      /: 10000 sales; (\d+) created, (\d+) already recorded, 0 rejected, 0 pending \(this run queued 0 new\)/.exec(resumed.output) ?? [];
    expect(Number(created) + Number(already), resumed.output).toBe(SALES);
    expect(await countSales()).toBe(SALES);

    const again = await importCsv(file).exited;
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`${created} created, ${already} already recorded, 0 rejected, 0 pending (this run queued 0 new)`);
    expect(await countSales()).toBe(SALES);
    expect((await getProduct(db.prisma, shopId, productId)).stock).toBe("10000.000");
  });

  it("A mistyped --file: one clear line, exit 66, nothing left in the import history", async () => {
    const history = join(dir, "missing-history");
    const result = await importCsv(join(dir, "no-such-sales.csv"), { history }).exited;

    expect(result.code).toBe(66);
    expect(result.output.trim()).toMatch(/^import-csv: cannot read .*no-such-sales\.csv: no such file$/);
    expect(await readdir(history).catch(() => [])).toEqual([]);
  });

  it("Two exports both named sales.csv (rows without external_id) record their own sales: stock 100 → 93", async () => {
    const history = join(dir, "history-monday-tuesday");
    const { db, shopId } = setup;
    const tea = await createProduct(db.prisma, { shopId }, productCreateInput.parse({ name: "Green tea", unitPrice: "2.50", initialStock: "100" }));
    const stock = async () => (await getProduct(db.prisma, shopId, tea.id)).stock;
    const before = 100;
    const monday = await salesCsv(join(dir, "mon", "sales.csv"), [1, 2], tea.id);
    const tuesday = await salesCsv(join(dir, "tue", "sales.csv"), [1, 3], tea.id);

    const mon = await importCsv(monday, { history }).exited;
    const tue = await importCsv(tuesday, { history }).exited;

    expect(mon.code, mon.output).toBe(0);
    expect(mon.output).toContain("2 sales; 2 created, 0 already recorded, 0 rejected, 0 pending");
    expect(tue.code, tue.output).toBe(0);
    expect(tue.output).toContain("2 sales; 2 created, 0 already recorded, 0 rejected, 0 pending");
    expect(await stock()).toBe("93.000");

    // Running Monday's file again resumes its import and records nothing new.
    const rerun = await importCsv(monday, { history }).exited;
    expect(rerun.code, rerun.output).toBe(0);
    expect(rerun.output).toMatch(/imported before; resuming/);
    expect(rerun.output).toContain("(this run queued 0 new)");
    expect(Number(await stock())).toBe(before - 7);

    // Monday's file grew by a row: only that row is new.
    await appendFile(monday, `,2026-11-23T18:00:00Z,till-1,${tea.id},4,2.50\n`);
    const grown = await importCsv(monday, { history }).exited;
    expect(grown.code, grown.output).toBe(0);
    expect(grown.output).toMatch(/continues an earlier import/);
    expect(grown.output).toContain("3 sales; 3 created, 0 already recorded, 0 rejected, 0 pending (this run queued 1 new)");
    expect(Number(await stock())).toBe(before - 11);

    // A byte-identical copy under another path is refused, naming the earlier import...
    const copy = join(dir, "copy", "sales-again.csv");
    await mkdir(join(dir, "copy"), { recursive: true });
    await writeFile(copy, await readFile(tuesday));
    const refused = await importCsv(copy, { history }).exited;
    expect(refused.code, refused.output).toBe(5);
    expect(refused.output).toContain(`same content as ${tuesday}`);
    expect(refused.output).toMatch(/--again/);
    expect(Number(await stock())).toBe(before - 11);
    // ...unless the operator says it is another day's sales after all.
    const again = await importCsv(copy, { history, args: ["--again"] }).exited;
    expect(again.code, again.output).toBe(0);
    expect(Number(await stock())).toBe(before - 15);
  });

  it("A wrong --url (a path the server does not serve) halts with the address named, rejects nothing; the rerun records every sale", async () => {
    const history = join(dir, "history-wrong-url");
    const file = await salesCsv(join(dir, "wrong-url", "sales.csv"), [1, 1, 1]);
    const before = Number(await stock());

    const wrong = await importCsv(file, { history, url: `${server.url}/v2` }).exited;

    expect(wrong.code, wrong.output).toBe(4);
    expect(wrong.output).toContain(`${server.url}/v2/trpc/sale.sync answered 404`);
    expect(wrong.output).toMatch(/Check --url/);
    expect(wrong.output).toContain("3 sales; 0 created, 0 already recorded, 0 rejected, 3 pending");
    expect(wrong.output).not.toMatch(/Unable to transform/);

    const right = await importCsv(file, { history }).exited;
    expect(right.code, right.output).toBe(0);
    expect(right.output).toContain("3 sales; 3 created, 0 already recorded, 0 rejected, 0 pending");
    expect(Number(await stock())).toBe(before - 3);
  });

  it("Rejected sales make the exit non-zero; --retry-rejected sends them again once the cause is fixed", async () => {
    const { db, shopId, productId } = setup;
    const history = join(dir, "history-retry");
    // The next product id: the file names a product that does not exist yet.
    const missing = (await db.prisma.product.aggregate({ _max: { id: true } }))._max.id! + 1;
    const file = join(dir, "retry", "sales.csv");
    await mkdir(join(dir, "retry"), { recursive: true });
    await writeFile(file, ["product_id,quantity", `${productId},1`, `${missing},1`, `${productId},1`].join("\n"));

    const first = await importCsv(file, { history }).exited;
    expect(first.code, first.output).toBe(2);
    expect(first.output).toContain("3 sales; 2 created, 0 already recorded, 1 rejected, 0 pending");
    expect(first.output).toMatch(/rejected [0-9a-f-]{36}: PRODUCT_NOT_FOUND/);

    // Without --retry-rejected nothing is sent again.
    expect((await importCsv(file, { history }).exited).code).toBe(2);

    // The cause fixed: the product exists (made until it gets the id the file names).
    for (let made = 0; made < 2_000; made++) {
      const product = await createProduct(db.prisma, { shopId }, productCreateInput.parse({ name: `Filler ${made}`, unitPrice: "1.00" }));
      if (product.id >= missing) {
        expect(product.id).toBe(missing);
        break;
      }
    }
    const retried = await importCsv(file, { history, args: ["--retry-rejected"] }).exited;
    expect(retried.code, retried.output).toBe(0);
    expect(retried.output).toContain("3 sales; 3 created, 0 already recorded, 0 rejected, 0 pending (this run queued 0 new, retried 1 rejected)");
    expect(await db.prisma.sale.count({ where: { shopId, items: { some: { productId: missing } } } })).toBe(1);
  });
});
