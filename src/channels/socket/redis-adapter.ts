import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { RedisConfig } from "../../config/config.js";
import type { Logger } from "../../observability/logger.js";

/** How often a Redis that is unreachable at start is tried before the server gives up. */
const START_ATTEMPTS = 5;
const START_RETRY_MS = 500;
const CONNECT_TIMEOUT_MS = 5_000;
/** Longest pause between reconnection attempts once the server runs. */
const MAX_RECONNECT_MS = 5_000;

export type SocketAdapterFactory = ReturnType<typeof createAdapter>;
export type RedisClient = ReturnType<typeof createClient>;

export interface RedisSocketAdapter {
  /** For `new Server(http, { adapter })`: room emits, fetchSockets() and connection-state recovery across processes. */
  adapter: SocketAdapterFactory;
  /** The connection, for the shared rate limits and session revocations (keys under the same prefix). */
  client: RedisClient;
  /** Closes the Redis connection; call after the Socket.IO server has closed. */
  close(): Promise<void>;
}

/** Redis could not be reached at start (the message names REDIS_URL). */
export class RedisUnavailableError extends Error {
  constructor(url: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message || cause.name : String(cause);
    super(`REDIS_URL: cannot connect to Redis at ${redacted(url)} (${why})`, { cause });
    this.name = "RedisUnavailableError";
  }
}

/**
 * Connects to Redis and builds the Socket.IO Redis Streams adapter that lets
 * several server processes share rooms. Packets go through one stream and
 * pub/sub channels, and recovery sessions are stored as keys, all named with
 * `config.prefix`. Fails with RedisUnavailableError when Redis cannot be
 * reached at start; once running, a lost connection is retried for ever and
 * logged once per outage.
 */
export async function connectRedisAdapter(config: RedisConfig, logger: Logger): Promise<RedisSocketAdapter> {
  let started = false;
  let down = false;
  const client = createClient({
    url: config.url,
    // While Redis is down a command fails at once instead of waiting in a queue until it is back:
    // pushes to this process's own clients, rate limits and "is anyone connected" go on without it.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Shared with the adapter's duplicated clients (reading the stream, pub/sub).
      reconnectStrategy: (retries, cause) => {
        if (started) return Math.min(100 * 2 ** retries, MAX_RECONNECT_MS);
        return retries + 1 < START_ATTEMPTS ? START_RETRY_MS : cause;
      },
    },
  });
  client.on("error", (err: unknown) => {
    if (!started || down) return;
    down = true;
    logger.error({ err }, "Redis connection lost: live updates between server processes stop until it is back");
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info("Redis connection back");
  });

  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    if (client.isOpen) client.destroy();
    throw new RedisUnavailableError(config.url, err);
  }
  started = true;

  // The adapter duplicates the client for its blocking stream reads and pub/sub. Those keep the
  // offline queue: a read that failed at once would be retried at once, in a loop that starves the
  // process for as long as Redis is down; queued, it waits for the reconnection instead.
  const queuedDuplicate = client.duplicate.bind(client);
  client.duplicate = ((overrides) =>
    queuedDuplicate({ disableOfflineQueue: false, ...overrides })) as typeof client.duplicate;
  const adapter = createAdapter(observingUnawaitedCommands(client, logger), {
    streamName: `${config.prefix}:socket.io`,
    channelPrefix: `${config.prefix}:socket.io`,
    sessionKeyPrefix: `${config.prefix}:socket.io:session:`,
  });
  logger.info({ redis: redacted(config.url), prefix: config.prefix }, "Socket.IO shares rooms through Redis");

  return {
    adapter,
    client,
    async close() {
      if (!client.isOpen) return;
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}

/**
 * Commands the adapter sends without keeping their promise: the recovery session's SET at every
 * disconnect (`persistSession`) and the PUBLISH of an ephemeral packet. While Redis is down each
 * of those rejects at once (the offline queue is off), and an unobserved rejection stops the
 * process — so one customer closing a tab during an outage would take the server down. The
 * adapter gets a view of the client whose replies to these commands are observed (a failure is
 * logged; the customer's session then cannot be recovered on another process, which is what an
 * outage means anyway). Callers that await the reply still see the rejection.
 */
const UNAWAITED_BY_ADAPTER = new Set<PropertyKey>(["set", "publish", "sPublish"]);

export function observingUnawaitedCommands(client: RedisClient, logger: Logger): RedisClient {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!UNAWAITED_BY_ADAPTER.has(property)) return method.bind(target);
      return (...args: unknown[]) => {
        const reply = method.apply(target, args);
        if (reply instanceof Promise) {
          reply.catch((err: unknown) =>
            logger.warn({ err, command: String(property) }, "Redis command for the Socket.IO adapter failed"),
          );
        }
        return reply;
      };
    },
  });
}

/** The URL without its password, for messages and logs. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(invalid URL)";
  }
}
