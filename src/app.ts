import type { Server as HttpServer } from "node:http";
import type restify from "restify";
import type { Server as SocketServer } from "socket.io";
import { registerAccountRoutes } from "./channels/http/account-routes.js";
import { registerHealthRoutes } from "./channels/http/health-routes.js";
import { createHttpServer } from "./channels/http/server.js";
import { createSocketServer } from "./channels/socket/socket-server.js";
import type { AppConfig } from "./config/config.js";
import { AccountService } from "./core/accounts/account-service.js";
import { type Clock, systemClock } from "./core/clock.js";
import { ConversationEventBus } from "./core/conversations/conversation-events.js";
import { ConversationLog } from "./core/conversations/conversation-log.js";
import type { Logger } from "./observability/logger.js";
import { type Database, openDatabase } from "./storage/database.js";
import { createRepositories, type Repositories } from "./storage/repositories/index.js";

/** The domain services the channels call. */
export interface Services {
  accounts: AccountService;
  events: ConversationEventBus;
  log: ConversationLog;
}

/**
 * The composition root: opens the database, builds the domain services and
 * puts the channels (HTTP routes, Socket.IO namespaces, Bot Framework) around
 * them. Nothing else wires modules together.
 */
export interface AppContext {
  config: AppConfig;
  logger: Logger;
  clock: Clock;
  db: Database;
  repos: Repositories;
  services: Services;
  http: restify.Server;
  io: SocketServer;
  /** Cleanups run in reverse order at shutdown (timers, schedulers). */
  onShutdown(fn: () => Promise<void> | void): void;
}

export interface App {
  context: AppContext;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
}

export async function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): Promise<App> {
  const db = await openDatabase(config.database, { migrate: true });
  const repos = createRepositories(db);
  const http = createHttpServer(logger);
  const io = createSocketServer(http.server as unknown as HttpServer);
  const cleanups: Array<() => Promise<void> | void> = [];
  const clock = options.clock ?? systemClock;
  const events = new ConversationEventBus();
  const services: Services = {
    accounts: new AccountService(repos.users, repos.organisations, repos.audit, clock, config.sessionTtlHours),
    events,
    log: new ConversationLog(repos.messages, events, clock),
  };
  const context: AppContext = {
    config,
    logger,
    clock,
    db,
    repos,
    services,
    http,
    io,
    onShutdown: (fn) => cleanups.push(fn),
  };

  registerHealthRoutes(http, db);
  registerAccountRoutes(http, services.accounts);

  let closing: Promise<void> | undefined;
  return {
    context,
    listen() {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(config.port, config.host, () => {
          http.removeListener("error", reject);
          const address = http.server.address();
          resolve(typeof address === "object" && address ? address.port : config.port);
        });
      });
    },
    close() {
      closing ??= (async () => {
        const server = http.server;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        io.disconnectSockets(true);
        const timeout = new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            logger.warn("shutdown timeout: closing remaining connections");
            server.closeAllConnections();
            resolve();
          }, config.shutdownTimeoutMs);
          t.unref();
        });
        await Promise.race([stopped, timeout]);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        for (const fn of cleanups.reverse()) await fn();
        await db.close();
      })();
      return closing;
    },
  };
}
