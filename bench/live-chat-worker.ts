/**
 * The child process that plays live chat during a purge benchmark (the
 * server's traffic while `npm run purge` runs beside it): its own database
 * connection, the load from bench/live-chat.ts, results back over IPC.
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

process.once("message", async (start: Start) => {
  const db = await openDatabase(start.config, { migrate: false, poolSize: 4 });
  const load = await startLiveChatLoad(createRepositories(db), start.conversationIds, start.rateHz);
  process.on("message", async (m: { type: string }) => {
    if (m.type !== "stop") return;
    const result = await load.stop();
    process.send?.({ type: "latencies", ...result });
    await db.close();
    process.exit(0);
  });
  process.send?.({ type: "ready" });
});
