import type { Server as HttpServer } from "node:http";
import type restify from "restify";
import type { Server as SocketServer } from "socket.io";
import { createBotRuntime } from "./bot/bot-runtime.js";
import { DatabaseStorage } from "./bot/database-storage.js";
import { registerBotFrameworkRoute } from "./channels/botframework/messages-route.js";
import { startProactiveRelay } from "./channels/botframework/proactive-relay.js";
import { SkrankeCloudAdapter } from "./channels/botframework/skranke-cloud-adapter.js";
import { registerAccountRoutes } from "./channels/http/account-routes.js";
import { registerAgentConsoleRoutes } from "./channels/http/agent-console-routes.js";
import { registerHandoffRoutes } from "./channels/http/handoff-routes.js";
import { registerHealthRoutes } from "./channels/http/health-routes.js";
import { registerMetricsRoute } from "./channels/http/metrics-route.js";
import { limiterStore, storedLoginLockout } from "./channels/http/rate-limiters.js";
import { registerReportRoutes } from "./channels/http/report-routes.js";
import { createHttpServer } from "./channels/http/server.js";
import { registerWidgetRoutes } from "./channels/http/widget-routes.js";
import { registerAgentNamespace } from "./channels/socket/agent/agent-namespace.js";
import { relayRevocations } from "./channels/socket/agent/revocation-relay.js";
import { connectRedisAdapter } from "./channels/socket/redis-adapter.js";
import { RedisQueueSequence } from "./channels/socket/redis-queue-sequence.js";
import { createSocketServer } from "./channels/socket/socket-server.js";
import { registerWidgetNamespace } from "./channels/socket/widget/widget-namespace.js";
import { installCompliance } from "./compliance-module.js";
import type { AppConfig } from "./config/config.js";
import { AccountService } from "./core/accounts/account-service.js";
import { MemoryLoginLockout } from "./core/accounts/login-lockout.js";
import { SessionRevocationBus } from "./core/accounts/session-revocations.js";
import { createAnswerEngine } from "./core/answering/index.js";
import { type AnswerService, createAnswerService } from "./core/answering/service.js";
import { type Clock, systemClock } from "./core/clock.js";
import { ChannelConversations } from "./core/conversations/channel-conversations.js";
import { createConversationCore } from "./core/conversations/conversation-core.js";
import { ConversationEventBus } from "./core/conversations/conversation-events.js";
import type { ConversationLifecycle } from "./core/conversations/conversation-lifecycle.js";
import type { ConversationLog } from "./core/conversations/conversation-log.js";
import { CustomerConversations } from "./core/customers/customer-conversations.js";
import { CustomerSessions } from "./core/customers/customer-sessions.js";
import { FeedbackService } from "./core/feedback/feedback-service.js";
import { startGraceSweeper } from "./core/handoff/grace-sweeper.js";
import { HandoffService } from "./core/handoff/handoff-service.js";
import { PersonRequests } from "./core/handoff/person-requests.js";
import { startRestartRecovery } from "./core/handoff/restart-recovery.js";
import { StaffEventBus } from "./core/handoff/staff-events.js";
import { type KnowledgeBase, loadKnowledgeBase } from "./core/knowledge/index.js";
import { OfflineInbox } from "./core/offline/offline-inbox.js";
import { OfflineMessageService } from "./core/offline/offline-message-service.js";
import { syncOrganisations } from "./core/organisations/sync-organisations.js";
import { ReportService } from "./core/reports/report-service.js";
import { type AiAnsweringDeps, aiAnsweringFromConfig } from "./integrations/azure-openai/from-config.js";
import { generationLog } from "./observability/generation-log.js";
import type { Logger } from "./observability/logger.js";
import { ServerMetrics } from "./observability/metrics.js";
import { metricsSources } from "./observability/metrics-sources.js";
import { observeAnswers, observeBotTurns } from "./observability/observed-bot.js";
import { type Database, openDatabase } from "./storage/database.js";
import { createRepositories, type Repositories } from "./storage/repositories/index.js";
import type { StatementObserver } from "./storage/statement-observer.js";

/** The domain services the channels call. */
export interface Services {
  accounts: AccountService;
  events: ConversationEventBus;
  log: ConversationLog;
  /** A conversation's state changes, each one transaction with its audit record and retention. */
  lifecycle: ConversationLifecycle;
  /** Human handoff: the durable agent queue (HandoffPort for the bot and /widget) and agents' operations. */
  handoff: HandoffService;
  /** "Request a person" for every channel: opening hours, holidays, agents online, then the queue. */
  persons: PersonRequests;
  /** The knowledge base, loaded once at start (SKRANKE_KNOWLEDGE_DIR). */
  knowledge: KnowledgeBase;
  /** The answering engine over `knowledge`, built once. */
  answers: AnswerService;
  /** Widget customers and their tokens. */
  customers: CustomerSessions;
  /** "Was this helpful?" and end-of-chat ratings. */
  feedback: FeedbackService;
  /** Leave-a-message requests for agents. */
  offlineMessages: OfflineMessageService;
  /** Agents' side of leave-a-message requests: list, handle, the chat it was left from. */
  offlineInbox: OfflineInbox;
  /** Supervisors' daily reports (conversations, containment, handoffs, response times, ratings). */
  reports: ReportService;
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
  /** Resolves when the widget's events and bot turns under way, and queue updates, are done (tests). */
  idle(): Promise<void>;
}

export interface AppOptions {
  clock?: Clock;
  /** Told every SQL statement (tests count what a chat turn costs). */
  onStatement?: StatementObserver;
  /** Language-model settings that are not configuration (tests: an Entra ID credential, a short circuit reset). */
  ai?: AiAnsweringDeps;
}

export async function createApp(config: AppConfig, logger: Logger, options: AppOptions = {}): Promise<App> {
  // Gauges read their sources only when /metrics is scraped, by then everything below exists.
  const metrics = new ServerMetrics(metricsSources(() => ({ io, repos })));
  const db = await openDatabase(config.database, {
    migrate: true,
    timeoutMs: config.databaseTimeoutMs,
    sqliteSynchronous: config.sqliteSynchronous,
    logger,
    onStatement: options.onStatement,
    onStatementFailure: (failure) => metrics.statementFailed(failure.kind),
  });
  const repos = createRepositories(db);
  // With REDIS_URL, rooms are shared by every server process; an unreachable Redis stops the start.
  const redis = config.redis
    ? await connectRedisAdapter(config.redis, logger).catch(async (err: unknown) => {
        await db.close();
        throw err;
      })
    : undefined;
  const http = createHttpServer(logger);
  const io = createSocketServer(http.server as unknown as HttpServer, { adapter: redis?.adapter });
  const cleanups: Array<() => Promise<void> | void> = [];
  const clock = options.clock ?? systemClock;
  // Rate limits and lockouts count in Redis when there is one, so every process shares them.
  const limiters = limiterStore(
    redis && config.redis ? { client: redis.client, prefix: config.redis.prefix } : undefined,
  );
  const revocations = new SessionRevocationBus();
  const relay =
    redis && config.redis
      ? await relayRevocations(revocations, redis.client, config.redis.prefix, logger, { listen: true }).catch(
          async (err: unknown) => {
            await redis.close();
            await db.close();
            throw err;
          },
        )
      : undefined;
  const lockout = limiters.shared
    ? storedLoginLockout(limiters, config.limits.loginLockout)
    : new MemoryLoginLockout(clock, config.limits.loginLockout);
  const events = new ConversationEventBus();
  const staffEvents = new StaffEventBus();
  const { log, lifecycle } = createConversationCore({
    store: repos.conversationStore,
    policies: repos.retentionPolicies,
    events,
    clock,
  });
  const knowledge = loadKnowledgeBase(config.knowledgeDir);
  await syncOrganisations(knowledge, repos.organisations);
  const ai = aiAnsweringFromConfig(config, {
    logger,
    onCircuit: (state) => metrics.circuitChanged(state),
    ...options.ai,
  });
  const handoff = new HandoffService({
    repos,
    events,
    log,
    lifecycle,
    clock,
    logger,
    graceSeconds: config.queueGraceSeconds,
    knowledge: () => knowledge,
    staffEvents,
    queueSequence: redis && config.redis ? new RedisQueueSequence(redis.client, config.redis.prefix) : undefined,
  });
  const services: Services = {
    accounts: new AccountService(repos.users, repos.organisations, repos.audit, clock, config.sessionTtlHours, {
      lockout,
      revocations,
    }),
    events,
    log,
    lifecycle,
    handoff,
    persons: new PersonRequests(handoff, clock),
    knowledge,
    answers: observeAnswers(
      createAnswerService({
        engine: createAnswerEngine(knowledge, { clock }),
        reranker: ai.reranker,
        generator: ai.generator,
        timeoutMs: ai.timeoutMs,
        generationObserver: generationLog(logger, metrics),
        logger,
      }),
      metrics,
    ),
    customers: new CustomerSessions(repos.customers, repos.conversations, clock),
    feedback: new FeedbackService(repos.feedback, repos.conversations, clock),
    offlineMessages: new OfflineMessageService(repos.offlineMessages, clock, staffEvents),
    offlineInbox: new OfflineInbox({ repos, lifecycle, log, staff: staffEvents }),
    reports: new ReportService(repos.reports),
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
  // Registered first, so it runs last: after the Socket.IO server and everything using it closed.
  if (redis) context.onShutdown(() => redis.close());
  if (relay) context.onShutdown(() => relay.close());
  const generator = ai.generator;
  if (generator) context.onShutdown(() => generator.circuit.shutdown());

  registerHealthRoutes(http, db, logger);
  registerMetricsRoute(http, { token: config.metricsToken, metrics, logger });
  events.on("status", (e) => {
    if (e.status === "queued") metrics.handoffQueued();
  });
  registerAccountRoutes(http, services.accounts, {
    limiters,
    logins: config.limits.logins,
    trustProxy: config.trustProxy,
  });
  installCompliance(context);
  registerWidgetRoutes(http, { knowledgeDir: config.knowledgeDir, publicUrl: config.publicUrl, logger });
  registerAgentConsoleRoutes(http, logger);
  registerHandoffRoutes(http, services.accounts, services.handoff);
  registerReportRoutes(http, services.accounts, services.reports);
  const agentNamespace = registerAgentNamespace(io, {
    accounts: services.accounts,
    handoff: services.handoff,
    offline: services.offlineInbox,
    events,
    logger,
    clock,
    limiters,
    staffWrites: config.limits.staffWrites,
    sessionCheckSeconds: config.sessionCheckSeconds,
  });
  const graceSweeper = startGraceSweeper(() => services.handoff.sweepAbandoned(), config.queueGraceSeconds, logger);
  context.onShutdown(async () => {
    await graceSweeper.stop();
    await agentNamespace.close();
    await services.handoff.idle();
  });

  // The bot: one runtime (dialogs, state in the database) on two adapters, /api/messages and /widget.
  const channelConversations = new ChannelConversations({
    conversations: repos.conversations,
    customers: repos.customers,
    organisations: repos.organisations,
    lifecycle,
    events,
    clock,
  });
  const bot = observeBotTurns(
    createBotRuntime({
      conversations: channelConversations,
      log,
      retentionPolicies: repos.retentionPolicies,
      answers: services.answers,
      knowledge,
      feedback: services.feedback,
      offline: services.offlineMessages,
      handoff: services.handoff,
      persons: services.persons,
      storage: new DatabaseStorage(repos.botState, channelConversations),
      clock,
      logger,
    }),
    metrics,
  );
  const cloudAdapter = new SkrankeCloudAdapter(config.botFramework);
  bot.install(cloudAdapter);
  registerBotFrameworkRoute(http, {
    adapter: cloudAdapter,
    logic: bot.logic,
    knowledge,
    settings: config.botFramework,
    logger,
    limiters,
    trustProxy: config.trustProxy,
  });
  const proactive = startProactiveRelay({
    adapter: cloudAdapter,
    logic: bot.logic,
    events,
    conversations: channelConversations,
    logger,
  });
  const widget = registerWidgetNamespace(io, {
    knowledge,
    conversations: new CustomerConversations({
      conversations: repos.conversations,
      organisations: repos.organisations,
      staff: repos.users,
    }),
    sessions: services.customers,
    log,
    events,
    handoff: services.handoff,
    presenceChanges: (listener) => services.handoff.staffEvents.on("presence", (e) => listener(e.organisationId)),
    persons: services.persons,
    feedback: services.feedback,
    offline: services.offlineMessages,
    bot,
    clock,
    logger,
    origins: { development: config.development, publicUrl: config.publicUrl },
    limits: {
      messages: config.limits.messages,
      writes: config.limits.writes,
      newCustomers: config.limits.newCustomers,
    },
    limiters,
    trustProxy: config.trustProxy,
  });
  context.onShutdown(async () => {
    proactive.stop();
    await widget.close();
    await proactive.idle();
  });
  // Waiting customers a crash left without a disconnect time get one if they do not reconnect.
  const recovery = await startRestartRecovery({
    handoff: repos.handoff,
    queue: services.handoff.queue,
    connections: widget.connections,
    delayMs: config.queueGraceSeconds * 1000,
    logger,
  });
  context.onShutdown(() => recovery.stop());

  let closing: Promise<void> | undefined;
  return {
    context,
    async idle() {
      await widget.settle();
      await widget.adapter.idle();
      await services.handoff.idle();
    },
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
        // Every /widget and /agent connection ends now (WebSocket and held long-polling requests alike), for a
        // reason Socket.IO clients reconnect on: through the load balancer to another process, which recovers
        // their session from Redis. Without this they would hold the shutdown until its timeout.
        io.engine.close();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timeout = new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            logger.warn("shutdown timeout: closing remaining connections");
            server.closeAllConnections();
            resolve();
          }, config.shutdownTimeoutMs);
          t.unref();
        });
        await Promise.race([stopped, timeout]);
        // Disconnect bookkeeping asks the adapter whether a customer or agent is still connected
        // elsewhere, and writes to the database: let it finish while both are open.
        await Promise.all([widget.settle(), agentNamespace.settle()]);
        await new Promise<void>((resolve) => io.close(() => resolve()));
        for (const fn of cleanups.reverse()) await fn();
        await db.close();
      })();
      return closing;
    },
  };
}
