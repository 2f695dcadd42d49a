import type { DestinationStream } from "pino";
import { type App, createApp } from "../../../src/app.js";
import { type AppConfig, type DatabaseConfig, loadConfig } from "../../../src/config/config.js";
import type { Clock } from "../../../src/core/clock.js";
import { createLogger } from "../../../src/observability/logger.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../../support/test-database.js";

/** The whole server (createApp) on a free port, over a database that outlives restarts. */
export class AppHarness {
  app!: App;
  url = "";
  private readonly db: { config: DatabaseConfig; cleanup: () => Promise<void> };

  constructor(
    private readonly clock: Clock,
    private readonly env: Record<string, string> = {},
    /** Where the server's logs go (at info level); none: silent unless TEST_LOG_LEVEL says otherwise. */
    private readonly logs?: DestinationStream,
  ) {
    this.db = freshDatabaseConfig(PRIMARY_PROVIDER);
  }

  config(): AppConfig {
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...this.env });
    return { ...config, database: this.db.config };
  }

  async start(): Promise<void> {
    const logger = this.logs ? createLogger("info", this.logs) : createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
    this.app = await createApp(this.config(), logger, {
      clock: this.clock,
    });
    this.url = `http://127.0.0.1:${await this.app.listen()}`;
  }

  /** Stops the server completely and starts a new one on the same database. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.app?.close();
    await this.db.cleanup();
  }
}
