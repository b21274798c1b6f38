import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { getProduct } from "@tillsync/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { childEnv, freePort, killGroup, postgres, shopDatabase, spawnGroup, startServer, syncDir, waitUntil } from "./server";

const SALES = 10_000;

describe.skipIf(!postgres)("import-csv", () => {
  let setup: Awaited<ReturnType<typeof shopDatabase>>;
  let server: Awaited<ReturnType<typeof startServer>>;
  let dir: string;

  beforeAll(async () => {
    [setup, dir] = await Promise.all([shopDatabase("20000"), mkdtemp(join(tmpdir(), "tillsync-import-"))]);
    server = await startServer(setup.db.url, await freePort());
  });
  afterAll(async () => {
    if (server) killGroup(server.child);
    await setup?.db.destroy();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The CLI as an operator runs it (`pnpm --filter @tillsync/sync import-csv -- …` runs this). */
  const importCsv = (file: string) =>
    spawnGroup("node", ["--import", "tsx", "src/cli/import-csv.ts", "--file", file, "--url", server.url], {
      cwd: syncDir,
      env: childEnv({ TILLSYNC_API_KEY: setup.apiKey }),
    });

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
    killGroup(interrupted.child);
    await interrupted.exited;
    expect(await countSales()).toBeLessThan(SALES);

    // The journal next to the CSV already holds every sale: the re-run queues none and sends the rest.
    const resumed = await importCsv(file).exited;
    expect(resumed.code, resumed.output).toBe(0);
    expect(resumed.output).toContain(`queued 0 new sales; ${SALES} synced, 0 rejected, 0 pending`);
    expect(await countSales()).toBe(SALES);

    const again = await importCsv(file).exited;
    expect(again.code, again.output).toBe(0);
    expect(again.output).toContain(`queued 0 new sales; ${SALES} synced`);
    expect(await countSales()).toBe(SALES);
    expect((await getProduct(db.prisma, shopId, productId)).stock).toBe("10000.000");
  });
});
