import type { Logger } from "../../observability/logger.js";

/**
 * Runs the queue's abandonment sweep on a timer. The state lives in the
 * database (HandoffRequest.customerDisconnectedAt), so a restarted server
 * simply picks up where the old one stopped; with several processes each
 * sweeps and the conditional update lets only one record each abandonment.
 */
export function startGraceSweeper(
  sweep: () => Promise<number>,
  graceSeconds: number,
  logger: Logger,
): { stop(): Promise<void> } {
  const everyMs = Math.min(5_000, Math.max(250, (graceSeconds * 1000) / 4));
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = sweep()
      .then((n) => {
        if (n > 0) logger.info({ abandoned: n }, "queue: abandoned after the grace period");
      })
      .catch((err: unknown) => logger.error({ err }, "queue sweep failed"))
      .finally(() => {
        running = undefined;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
