import type { Server as SocketServer } from "socket.io";
import type { Repositories } from "../storage/repositories/index.js";
import type { MetricsSources } from "./metrics.js";

/**
 * Where the gauges of /metrics read their values: the Socket.IO namespaces
 * of this process, and the shared database (the waiting queue, the newest
 * real purge run). `parts` is called at scrape time.
 */
export function metricsSources(parts: () => { io: SocketServer; repos: Repositories }): MetricsSources {
  return {
    connectedCustomers: () => parts().io.of("/widget").sockets.size,
    connectedStaff: () => parts().io.of("/agent").sockets.size,
    async queues() {
      const { repos } = parts();
      const [organisations, waiting] = await Promise.all([repos.organisations.list(), repos.handoff.listWaiting()]);
      const now = Date.now();
      return organisations.map((o) => {
        const mine = waiting.filter((w) => w.organisationId === o.id);
        const oldest = mine.reduce((min, w) => Math.min(min, w.requestedAt.getTime()), now);
        return { organisation: o.slug, waiting: mine.length, oldestWaitSeconds: Math.max(0, (now - oldest) / 1000) };
      });
    },
    async latestPurge() {
      const runs = await parts().repos.compliance.purge.listRuns(20);
      return runs.find((r) => !r.dryRun) ?? null;
    },
  };
}
