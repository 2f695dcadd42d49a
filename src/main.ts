import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config/config.js";
import { createLogger } from "./observability/logger.js";
import { installProcessGuards } from "./observability/process-guards.js";

/** `npm start`: validate configuration, migrate, serve, and shut down cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  installProcessGuards(logger);
  const app = await createApp(config, logger);
  const port = await app.listen();
  logger.info(
    { port, host: config.host, database: config.database.provider },
    `Skranke listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    try {
      await app.close();
      logger.info("stopped");
      logger.flush(() => process.exit(0));
    } catch (err) {
      logger.error({ err }, "shutdown failed");
      logger.flush(() => process.exit(1));
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`Skranke failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
