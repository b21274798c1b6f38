import type { Principal } from "@tillsync/api";
import { TRPCError } from "@trpc/server";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "pino";

export interface RateLimitConfig {
  /** Calls per window for each API key (a till, an internal tool); 0 turns the limit off. */
  RATE_LIMIT_API_KEY: number;
  /** Calls per window for each signed-in staff member; 0 turns the limit off. */
  RATE_LIMIT_USER: number;
  /** Failed authentications (unknown or revoked API keys, ended sessions) per window for each client address; 0 turns the limit off. */
  RATE_LIMIT_FAILED_AUTH: number;
  RATE_LIMIT_WINDOW_SECONDS: number;
  /** Shared counters for several API processes; without it each process counts alone. */
  REDIS_URL?: string | undefined;
}

/** The 429's cause: how long until the caller may call again. */
export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; retry in ${retryAfterSeconds} s.`);
    this.name = "RateLimited";
  }
}

export interface RateLimits {
  /** Counts `calls` procedure calls against the principal's budget; throws TOO_MANY_REQUESTS past it. */
  consume(principal: Principal | null, calls: number): Promise<void>;
  /**
   * Counts one failed authentication from `address` (DESIGN.md §10); throws
   * TOO_MANY_REQUESTS once the address is past its budget. Successful requests are never
   * counted by address: a shop's tills often share one.
   */
  failedAuthentication(address: string): Promise<void>;
  /** Throws TOO_MANY_REQUESTS while `address` is past its failed-authentication budget. */
  assertNotBlocked(address: string): Promise<void>;
  /** Where counters are kept right now, for /readyz: Redis falls back to memory while unreachable. */
  store(): "memory" | "redis" | "memory (Redis unreachable)";
  close(): Promise<void>;
}

/**
 * Per API key, per signed-in user and, for failed authentication only, per client address
 * (rate-limiter-flexible): in this process's memory, or
 * in Redis with REDIS_URL so that every API process behind the load balancer draws on one
 * budget. Should Redis go away, each process falls back to counting in memory (the
 * insurance limiter) rather than failing requests or letting everything through.
 */
export function createRateLimits(config: RateLimitConfig, { logger, keyPrefix = "tillsync:rate" }: { logger: Logger; keyPrefix?: string }): RateLimits {
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  redis?.on("error", (error: Error) => logger.warn({ err: error }, "rate limit store (Redis) unreachable; counting in memory"));

  const limiter = (points: number, name: string): RateLimiterAbstract | undefined => {
    if (points === 0) return undefined;
    const options = { points, duration: config.RATE_LIMIT_WINDOW_SECONDS, keyPrefix: `${keyPrefix}:${name}` };
    const memory = new RateLimiterMemory(options);
    return redis ? new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: memory }) : memory;
  };
  const byKey = limiter(config.RATE_LIMIT_API_KEY, "key");
  const byUser = limiter(config.RATE_LIMIT_USER, "user");
  const failures = limiter(config.RATE_LIMIT_FAILED_AUTH, "failed-auth");

  const tooMany = (msBeforeNext: number) => {
    const cause = new RateLimited(Math.max(1, Math.ceil(msBeforeNext / 1000)));
    return new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  };
  const charge = async (budget: RateLimiterAbstract, key: string, points: number) => {
    try {
      await budget.consume(key, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw tooMany(rejection.msBeforeNext);
    }
  };

  return {
    async consume(principal, calls) {
      const [budget, id] = principal?.apiKeyId !== undefined ? [byKey, principal.apiKeyId] : principal?.userId !== undefined ? [byUser, principal.userId] : [];
      if (!budget || id === undefined) return;
      await charge(budget, String(id), calls);
    },
    async failedAuthentication(address) {
      if (failures) await charge(failures, address, 1);
    },
    async assertNotBlocked(address) {
      if (!failures) return;
      // Only a shortcut (see auth.ts): while the store cannot answer, requests are authenticated as usual.
      const counted = await failures.get(address).catch(() => null);
      if (counted && counted.consumedPoints > config.RATE_LIMIT_FAILED_AUTH) throw tooMany(counted.msBeforeNext);
    },
    store: () => (!redis ? "memory" : redis.status === "ready" ? "redis" : "memory (Redis unreachable)"),
    async close() {
      await redis?.quit().catch(() => undefined);
    },
  };
}
