/**
 * The child process that plays live chat during a purge benchmark (the
 * server's traffic while `npm run purge` runs beside it): its own database
 * connection, the load from bench/live-chat.ts, results back over IPC. The
 * latencies are also sent every second, so a long run keeps what was
 * measured even if this process dies.
 */
import type { DatabaseConfig } from "../src/config/config.js";
import { openDatabase } from "../src/storage/database.js";
import { createRepositories } from "../src/storage/repositories/index.js";
import { startLiveChatLoad } from "./live-chat.js";

interface Start {
  config: DatabaseConfig;
  conversationIds: string[];
  rateHz: number;
}

process.on("uncaughtException", (err) => {
  process.stderr.write(`live-chat worker: uncaught ${err.stack ?? err}\n`);
  process.exit(70);
});
process.on("unhandledRejection", (err) => {
  process.stderr.write(`live-chat worker: unhandled rejection ${(err as Error)?.stack ?? err}\n`);
  process.exit(70);
});

process.once("message", async (start: Start) => {
  const db = await openDatabase(start.config, { migrate: false, poolSize: 4 });
  const load = await startLiveChatLoad(createRepositories(db), start.conversationIds, start.rateHz);
  const progress = setInterval(() => process.send?.({ type: "progress", ...load.snapshot() }), 1000);
  process.on("message", async (m: { type: string }) => {
    if (m.type !== "stop") return;
    clearInterval(progress);
    const result = await load.stop();
    process.send?.({ type: "latencies", ...result }, () => {
      void db.close().finally(() => process.exit(0));
    });
  });
  process.send?.({ type: "ready" });
});
