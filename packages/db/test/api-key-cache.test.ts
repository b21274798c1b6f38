import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { authenticateApiKey, createApiKey, revokeApiKey } from "../src/api-key";
import { createDatabase, type Database } from "../src/client";
import { createShop } from "../src/shop";
import { createTestDatabase, type TestDatabase } from "../src/testing";

describe("API key authentication cache", () => {
  let db: TestDatabase;
  let shopId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    shopId = (await createShop(db.prisma, { name: "Cache shop" })).id;
  }, 60_000);
  afterAll(() => db?.destroy());

  it("stops accepting a key as soon as revokeApiKey revokes it, even while it is cached", async () => {
    const { id, key } = await createApiKey(db.prisma, { shopId, name: "pos-01", role: "device" });
    expect(await authenticateApiKey(db.prisma, key)).toMatchObject({ apiKeyId: id, shopId, role: "device" });
    expect(await authenticateApiKey(db.prisma, key)).toMatchObject({ apiKeyId: id });
    await revokeApiKey(db.prisma, shopId, id);
    expect(await authenticateApiKey(db.prisma, key)).toBeNull();
  });

  it("records when a key was last used, once per cache lifetime", async () => {
    const { id, key } = await createApiKey(db.prisma, { shopId, name: "pos-03", role: "device" });
    const lastUsed = async () => (await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    await authenticateApiKey(db.prisma, key, { cacheTtlMs: 200 });
    const first = await lastUsed();
    expect(first!.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    // Served from the cache: no write.
    await authenticateApiKey(db.prisma, key);
    expect(await lastUsed()).toEqual(first);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await authenticateApiKey(db.prisma, key);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(first!.getTime());
  });

  it("stops accepting a key revoked by another process once the cache entry expires", async () => {
    const { id, key } = await createApiKey(db.prisma, { shopId, name: "pos-02", role: "device" });
    expect(await authenticateApiKey(db.prisma, key, { cacheTtlMs: 300 })).toMatchObject({ apiKeyId: id });

    // Another API process: its own client and cache, the same database.
    const other: Database = db.url ? createDatabase({ url: db.url, poolSize: 1 }) : db;
    try {
      await revokeApiKey(other.prisma, shopId, id);
    } finally {
      if (other !== db) await other.close();
    }
    // PGlite has one client per database, so there revocation is immediate; on PostgreSQL
    // this process may trust its cached answer for the rest of the TTL, never longer.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await authenticateApiKey(db.prisma, key)).toBeNull();
  });
});
