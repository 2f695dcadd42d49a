import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { RateLimit } from "../../config/config.js";
import { type LoginLockout, type LoginLockoutSettings, lockoutKey } from "../../core/accounts/login-lockout.js";
import type { RedisClient } from "../socket/redis-adapter.js";

/**
 * Where the rate limits (HTTP, both Socket.IO namespaces, login lockout)
 * keep their counts: this process's memory, or, with REDIS_URL, Redis, so
 * every server process counts against the same budget. Redis keys are
 * `<SKRANKE_REDIS_PREFIX>:limit:<name>:<key>`. While Redis is unreachable
 * each process falls back to counting in its own memory (an outage loosens
 * the limits for a while; it does not refuse every request).
 */
export interface LimiterStore {
  /** A limiter; `name` keeps its counts apart from other limiters'. */
  limiter(name: string, limit: RateLimit, options?: { blockDuration?: number }): RateLimiterAbstract;
  readonly shared: boolean;
}

export function limiterStore(redis?: { client: RedisClient; prefix: string }): LimiterStore {
  return {
    shared: redis !== undefined,
    limiter(name, limit, options = {}) {
      const base = { points: limit.points, duration: limit.duration, ...options };
      if (!redis) return new RateLimiterMemory({ ...base, keyPrefix: name });
      return new RateLimiterRedis({
        ...base,
        storeClient: redis.client,
        useRedisPackage: true,
        // Without this node-redis queues commands while disconnected, and every request would wait.
        rejectIfRedisNotReady: true,
        keyPrefix: `${redis.prefix}:limit:${name}`,
        insuranceLimiter: new RateLimiterMemory({ ...base, keyPrefix: `${name}:insurance` }),
      });
    },
  };
}

/** Takes one point for `key`: false when the limit is used up. */
export async function consumed(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}

/**
 * The login lockout rule (core/accounts/login-lockout.ts) counted in the
 * limiter store, so that with Redis a lockout holds on every server process.
 */
export function storedLoginLockout(store: LimiterStore, settings: LoginLockoutSettings): LoginLockout {
  const seconds = settings.minutes * 60;
  const failures = store.limiter("login-failures", { points: settings.failures, duration: seconds });
  return {
    async isLocked(email, address) {
      const r = await failures.get(lockoutKey(email, address));
      return r !== null && r.consumedPoints >= settings.failures;
    },
    async failed(email, address) {
      const key = lockoutKey(email, address);
      const r = await failures.penalty(key, 1);
      if (r.consumedPoints >= settings.failures) await failures.block(key, seconds);
    },
    async succeeded(email, address) {
      await failures.delete(lockoutKey(email, address));
    },
  };
}
