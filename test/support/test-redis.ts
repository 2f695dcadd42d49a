import { randomBytes } from "node:crypto";
import { createClient } from "redis";

/**
 * Redis for tests that run several server processes: SKRANKE_TEST_REDIS_URL
 * (default: the local server). When it cannot be reached those tests skip
 * with a message, unless SKRANKE_REQUIRE_REDIS=1 (CI), where that fails.
 * Each test gets its own key prefix (SKRANKE_REDIS_PREFIX), removed afterwards.
 */
export const REDIS_URL = process.env.SKRANKE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

let probe: Promise<string | null> | undefined;

/** null when Redis answers, else why not. */
export function redisUnavailable(): Promise<string | null> {
  probe ??= (async () => {
    const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 3000, reconnectStrategy: false } });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.ping();
      return null;
    } catch (err) {
      return `Redis at ${REDIS_URL} is unreachable (${(err as Error).message})`;
    } finally {
      if (client.isOpen) client.destroy();
    }
  })();
  return probe;
}

/** For describe.skipIf: true when Redis tests must skip (and says why). */
export async function shouldSkipRedis(): Promise<boolean> {
  const why = await redisUnavailable();
  if (why === null) return false;
  if (process.env.SKRANKE_REQUIRE_REDIS === "1") {
    throw new Error(`${why}, and SKRANKE_REQUIRE_REDIS=1 makes that a failure`);
  }
  console.warn(`Skipping Redis tests: ${why}. Set SKRANKE_REQUIRE_REDIS=1 to make this a failure.`);
  return true;
}

/** A fresh key prefix for one test, and a cleanup that deletes every key under it. */
export function freshRedisPrefix(): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `skranke-test-${randomBytes(6).toString("hex")}`;
  return {
    prefix,
    cleanup: async () => {
      const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
      client.on("error", () => {});
      await client.connect();
      try {
        const keys: string[] = [];
        for await (const batch of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 100 })) keys.push(...batch);
        if (keys.length > 0) await client.del(keys);
      } finally {
        client.destroy();
      }
    },
  };
}

/** Whether `key` exists in the test Redis (for waiting on what a server process stores there). */
export async function redisKeyExists(key: string): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.exists(key)) === 1;
  } finally {
    client.destroy();
  }
}
