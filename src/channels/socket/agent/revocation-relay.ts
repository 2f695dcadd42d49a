import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { z } from "zod";
import type { RedisConfig } from "../../../config/config.js";
import { type SessionRevocation, SessionRevocationBus } from "../../../core/accounts/session-revocations.js";
import type { Logger } from "../../../observability/logger.js";
import type { RedisClient } from "../redis-adapter.js";

/**
 * Carries session revocations between processes over Redis pub/sub, on the
 * channel `<SKRANKE_REDIS_PREFIX>:sessions:revoked`: a logout on one server
 * process, or `user:disable` / `user:reset` on the command line, reaches the
 * /agent sockets of that user on every server process at once. Messages are
 * validated like any other input; a process ignores its own.
 */
const message = z.object({
  origin: z.string().max(64),
  userId: z.string().min(1).max(64),
  sessionId: z.string().min(1).max(64).nullable(),
  reason: z.enum(["logout", "disabled", "password_reset", "expired", "revoked"]),
});

export function revocationChannel(prefix: string): string {
  return `${prefix}:sessions:revoked`;
}

export interface RevocationRelay {
  close(): Promise<void>;
}

/**
 * Publishes what `bus` announces; with `listen`, also subscribes (on a
 * second connection, as pub/sub requires) and delivers what other processes
 * announce. Publishing while Redis is down is skipped with a warning (the
 * servers' periodic session check catches up), so a logout never waits for
 * Redis to come back.
 */
export async function relayRevocations(
  bus: SessionRevocationBus,
  client: RedisClient,
  prefix: string,
  logger: Logger,
  options: { listen: boolean },
): Promise<RevocationRelay> {
  const origin = randomUUID();
  const channel = revocationChannel(prefix);
  const stopRelay = bus.relay(async (r: SessionRevocation) => {
    if (!client.isReady) {
      logger.warn(
        { userId: r.userId },
        "Redis unavailable: other processes learn of the ended session at their next check",
      );
      return;
    }
    try {
      await client.publish(channel, JSON.stringify({ origin, ...r }));
    } catch (err) {
      logger.warn({ err, userId: r.userId }, "could not announce the ended session to other processes");
    }
  });
  if (!options.listen) {
    return {
      async close() {
        stopRelay();
      },
    };
  }
  const subscriber = client.duplicate();
  // The main connection logs outages; this one reconnects with it.
  subscriber.on("error", () => {});
  await subscriber.connect();
  await subscriber.subscribe(channel, (raw) => {
    let parsed: z.infer<typeof message>;
    try {
      parsed = message.parse(JSON.parse(raw));
    } catch {
      logger.warn("ignored a malformed session revocation from Redis");
      return;
    }
    if (parsed.origin === origin) return;
    const { origin: _from, ...revocation } = parsed;
    bus.deliver(revocation);
  });
  return {
    async close() {
      stopRelay();
      if (subscriber.isReady) await subscriber.close();
      else subscriber.destroy();
    },
  };
}

/**
 * For the command-line tools: a bus whose revocations are published to the
 * servers through Redis (when REDIS_URL is set and Redis answers). Without
 * Redis the servers find the ended sessions at their periodic check; the
 * warning says so.
 */
export async function revocationPublisher(
  config: RedisConfig | undefined,
  logger: Logger,
): Promise<{ bus: SessionRevocationBus; close(): Promise<void> }> {
  const bus = new SessionRevocationBus();
  const nothing = { bus, close: async () => {} };
  if (!config) return nothing;
  const client = createClient({ url: config.url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    logger.warn(
      { err },
      "Redis unreachable: open agent consoles are disconnected at the servers' next session check (SKRANKE_SESSION_CHECK_SECONDS)",
    );
    return nothing;
  }
  const relay = await relayRevocations(bus, client, config.prefix, logger, { listen: false });
  return {
    bus,
    async close() {
      await relay.close();
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}
