import { afterEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { freshDatabaseConfig } from "../support/test-database.js";

/** SQLite's PRAGMA synchronous: 2 is FULL (the log synced at every commit), 1 is NORMAL. */
async function synchronousOf(app: App): Promise<number> {
  const rows =
    await app.context.db.prisma.$queryRawUnsafe<Array<{ synchronous: number | bigint }>>("PRAGMA synchronous");
  return Number(rows[0]?.synchronous);
}

describe("the server's SQLite durability setting", () => {
  let app: App | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await app?.close();
    await cleanup?.();
    app = undefined;
  });

  const start = async (env: Record<string, string>) => {
    const db = freshDatabaseConfig("sqlite");
    cleanup = db.cleanup;
    const config = {
      ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env }),
      database: db.config,
    };
    app = await createApp(config, createLogger("silent"));
    return app;
  };

  it("syncs the write-ahead log at every commit by default", async () => {
    expect(await synchronousOf(await start({}))).toBe(2);
  });

  it("syncs only at checkpoints with SKRANKE_SQLITE_SYNCHRONOUS=normal", async () => {
    expect(await synchronousOf(await start({ SKRANKE_SQLITE_SYNCHRONOUS: "normal" }))).toBe(1);
  });
});
