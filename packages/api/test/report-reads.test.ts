// Which procedures read on the standby (DESIGN.md §10, docs/scaling.md "Reads from a standby"):
// the reports go through the context's readReplica and answer with its freshness; what a till
// syncs from, what is followed by a write and the REST analytics read the primary. The
// readReplica here counts its reads and runs them on the real database (as the primary
// would), marking them "standby" so that an answer shows where it came from.
import { randomUUID } from "node:crypto";

import { primaryReads, type ReadReplica } from "@tillsync/db";
import { describe, expect, it } from "vitest";

import { createCaller, restRouter, type Principal } from "../src";
import { newShop, sale, trackedProduct, useTestDatabase } from "./helpers";

const t = useTestDatabase();

describe("reports read on the standby, the rest on the primary", () => {
  it("routes each procedure as docs/scaling.md says", async () => {
    const { shop, manager } = await newShop(t.db);
    const product = await trackedProduct(t.db, shop.id);
    await manager.sale.create(sale([{ productId: product.id, quantity: "1" }]));

    let reads = 0;
    const onPrimary = primaryReads(t.db.prisma);
    const readReplica: ReadReplica = async (read) => {
      reads++;
      const { value, freshness } = await onPrimary(read);
      return { value, freshness: { ...freshness, source: "standby", lagSeconds: 42, stale: true } };
    };
    const principal: Principal = { shopId: shop.id, role: "manager", name: "manager", userId: `user-manager-${shop.id}` };
    const ctx = { prisma: t.db.prisma, principal, readReplica };
    const caller = createCaller(ctx);
    const day = new Date().toISOString().slice(0, 10);

    const reports: [string, () => Promise<{ freshness: unknown }>][] = [
      ["analytics.summary", () => caller.analytics.summary({ startDate: day, endDate: day })],
      ["analytics.byProduct", () => caller.analytics.byProduct({ productId: product.id, startDate: day, endDate: day, period: "daily" })],
      ["analytics.byTender", () => caller.analytics.byTender({ startDate: day, endDate: day })],
      ["sale.list", () => caller.sale.list({})],
      ["audit.list", () => caller.audit.list({})],
      ["audit.exportCsv", () => caller.audit.exportCsv({})],
      ["drawer.cashUp", () => caller.drawer.cashUp({ date: day })],
    ];
    for (const [name, call] of reports) {
      const before = reads;
      const answer = await call();
      expect(reads - before, name).toBe(1);
      expect(answer.freshness, name).toMatchObject({ source: "standby", lagSeconds: 42, stale: true });
    }
    expect((await caller.sale.list({})).items).toHaveLength(1);

    const primaryOnly: [string, () => Promise<unknown>][] = [
      ["product.changes", () => caller.product.changes({})],
      ["product.list", () => caller.product.list({})],
      ["product.byId", () => caller.product.byId({ id: product.id })],
      ["sale.byId", () => caller.sale.list({}).then(({ items }) => caller.sale.byId({ id: items[0]!.id }))],
      ["drawer.session", () => caller.drawer.session({ sessionId: randomUUID() }).catch(() => undefined)],
      ["alert.list", () => caller.alert.list({})],
      ["review.list", () => caller.review.list({})],
      [
        "REST /api/sales/analytics",
        () => restRouter.createCaller(ctx).salesAnalytics({ product_id: product.id, start_date: day, end_date: day, period: "daily" }),
      ],
    ];
    for (const [name, call] of primaryOnly) {
      const before = name === "sale.byId" ? reads + 1 : reads;
      await call();
      expect(reads, name).toBe(before);
    }
  });
});
