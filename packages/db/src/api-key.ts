import { createHash, randomBytes } from "node:crypto";

import type { ApiKeyRole, PrismaClient } from "./generated/prisma/client";

// API keys are 256-bit random tokens, so a plain SHA-256 is the right way to store them
// (a slow password hash would add nothing but latency on every till request).
const KEY_PREFIX = "tsk_";

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export async function createApiKey(prisma: PrismaClient, input: { shopId: number; name: string; role: ApiKeyRole }) {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await prisma.apiKey.create({
    data: { shopId: input.shopId, name: input.name, role: input.role, keyHash: hashApiKey(key), keyPrefix: key.slice(0, 12) },
    select: { id: true, shopId: true, name: true, role: true, keyPrefix: true, createdAt: true },
  });
  return { ...row, key };
}

export interface ApiKeyPrincipal {
  apiKeyId: number;
  shopId: number;
  name: string;
  role: ApiKeyRole;
}

/** The key's owner, or null for an unknown or revoked key. */
export async function authenticateApiKey(prisma: PrismaClient, key: string): Promise<ApiKeyPrincipal | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 128) return null;
  const row = await prisma.apiKey.findUnique({
    where: { keyHash: hashApiKey(key) },
    select: { id: true, shopId: true, name: true, role: true, revokedAt: true },
  });
  if (!row || row.revokedAt) return null;
  return { apiKeyId: row.id, shopId: row.shopId, name: row.name, role: row.role };
}

export async function revokeApiKey(prisma: PrismaClient, shopId: number, id: number) {
  const { count } = await prisma.apiKey.updateMany({ where: { id, shopId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export function listApiKeys(prisma: PrismaClient, shopId: number) {
  return prisma.apiKey.findMany({
    where: { shopId },
    orderBy: { id: "asc" },
    select: { id: true, name: true, role: true, keyPrefix: true, createdAt: true, revokedAt: true, lastUsedAt: true },
  });
}
