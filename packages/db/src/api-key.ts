import { createHash, randomBytes } from "node:crypto";

import { LRUCache } from "lru-cache";

import { recordAudit } from "./audit";
import { TX_OPTIONS, type Actor } from "./db";
import { notFound } from "./errors";
import { Prisma, type ApiKeyRole, type PrismaClient } from "./generated/prisma/client";
import { sqlRunner } from "./sql";

// API keys are 256-bit random tokens, so a plain SHA-256 is the right way to store them
// (a slow password hash would add nothing but latency on every till request).
const KEY_PREFIX = "tsk_";

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * A new key for `input.shopId`, returned once (`key`); the database keeps its SHA-256. The
 * audit log records who created it (`by`: the staff member or key acting; left out, the
 * operator's command line) with its name and role, never the key or its hash.
 */
export async function createApiKey(prisma: PrismaClient, input: { shopId: number; name: string; role: ApiKeyRole }, by: Actor = { shopId: input.shopId }) {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: { shopId: input.shopId, name: input.name, role: input.role, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 12) },
      select: { id: true, shopId: true, name: true, role: true, keyPrefix: true, createdAt: true },
    });
    await recordAudit(
      tx,
      { ...by, shopId: input.shopId },
      { action: "apiKey.created", subject: { kind: "apiKey", id: created.id }, after: { name: created.name, role: created.role } },
    );
    return created;
  }, TX_OPTIONS);
  return { ...row, key };
}

export interface ApiKeyPrincipal {
  apiKeyId: number;
  shopId: number;
  name: string;
  role: ApiKeyRole;
}

/**
 * How long a process trusts a key it has checked without asking the database again. Every
 * till request carries its key, and the lookup was a round trip per request. A revocation
 * through revokeApiKey takes effect at once in the process that made it; other API
 * processes stop accepting the key within this window.
 */
export const API_KEY_CACHE_TTL_MS = 10_000;
const API_KEY_CACHE_SIZE = 10_000;

// Per database client (tests run several databases in one process), keyed by the key's hash
// so the cache never holds a usable key. Unknown keys are not cached: guessing keys must
// not be able to evict real ones.
const caches = new WeakMap<PrismaClient, LRUCache<string, ApiKeyPrincipal>>();
function cacheOf(prisma: PrismaClient) {
  let cache = caches.get(prisma);
  if (!cache) caches.set(prisma, (cache = new LRUCache({ max: API_KEY_CACHE_SIZE, ttl: API_KEY_CACHE_TTL_MS })));
  return cache;
}

/** The key's owner, or null for an unknown or revoked key (see API_KEY_CACHE_TTL_MS). */
export async function authenticateApiKey(prisma: PrismaClient, key: string, options: { cacheTtlMs?: number } = {}): Promise<ApiKeyPrincipal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 128) return null;
  const keyHash = hashApiKey(key);
  const cache = cacheOf(prisma);
  const cached = cache.get(keyHash);
  if (cached) return cached;
  // Looking the key up also records its use, so "last used" is right to within the TTL.
  const [row] = await sqlRunner(prisma)<{ id: number; shop_id: number; name: string; role: ApiKeyRole }>(
    Prisma.sql`UPDATE api_key SET last_used_at = now() WHERE key_hash = ${keyHash} AND revoked_at IS NULL
               RETURNING id, shop_id, name, role::text AS role`,
    "tillsync_use_api_key",
  );
  if (!row) return null;
  const principal = { apiKeyId: row.id, shopId: row.shop_id, name: row.name, role: row.role };
  cache.set(keyHash, principal, { ttl: options.cacheTtlMs ?? API_KEY_CACHE_TTL_MS });
  return principal;
}

/** Drops a revoked key from this process's cache; other processes drop it within the TTL. */
function forgetApiKey(prisma: PrismaClient, id: number) {
  const cache = cacheOf(prisma);
  for (const [keyHash, principal] of cache.entries()) if (principal.apiKeyId === id) cache.delete(keyHash);
}

/**
 * Revokes a key of the shop, recorded in the audit log as done by `by` (an Actor; a bare shop
 * id: the operator's command line). Revoking twice is harmless and logged once; a key of
 * another shop is NOT_FOUND, like an unknown one.
 */
export async function revokeApiKey(prisma: PrismaClient, by: Actor | number, id: number) {
  const actor: Actor = typeof by === "number" ? { shopId: by } : by;
  await prisma.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id, shopId: actor.shopId }, select: { id: true, name: true } });
    if (!key) throw notFound("NOT_FOUND", "No such API key in this shop.");
    const revokedAt = new Date();
    const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } });
    if (count === 1) {
      await recordAudit(tx, actor, {
        action: "apiKey.revoked",
        subject: { kind: "apiKey", id },
        before: { name: key.name, revokedAt: null },
        after: { revokedAt },
      });
    }
  }, TX_OPTIONS);
  forgetApiKey(prisma, id);
}

export function listApiKeys(prisma: PrismaClient, shopId: number) {
  return prisma.apiKey.findMany({
    where: { shopId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, role: true, keyPrefix: true, createdAt: true, revokedAt: true, lastUsedAt: true },
  });
}
