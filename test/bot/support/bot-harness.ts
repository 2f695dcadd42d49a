import { randomUUID } from "node:crypto";
import path from "node:path";
import { type Activity, TestAdapter } from "botbuilder";
import { type BotRuntime, createBotRuntime } from "../../../src/bot/bot-runtime.js";
import { ORG_HINT_FIELD } from "../../../src/bot/channels.js";
import { DatabaseStorage } from "../../../src/bot/database-storage.js";
import type { BotLogic, EventTurnAdapter } from "../../../src/bot/event-turns.js";
import { createAnswerEngine } from "../../../src/core/answering/index.js";
import { createAnswerService } from "../../../src/core/answering/service.js";
import { type Clock, FixedClock } from "../../../src/core/clock.js";
import { ConversationEventBus } from "../../../src/core/conversations/conversation-events.js";
import { FeedbackService } from "../../../src/core/feedback/feedback-service.js";
import { PersonRequests } from "../../../src/core/handoff/person-requests.js";
import { StaffEventBus } from "../../../src/core/handoff/staff-events.js";
import { loadKnowledgeBase } from "../../../src/core/knowledge/index.js";
import { OfflineMessageService } from "../../../src/core/offline/offline-message-service.js";
import { syncOrganisations } from "../../../src/core/organisations/sync-organisations.js";
import { createLogger } from "../../../src/observability/logger.js";
import { type Database, openDatabase } from "../../../src/storage/database.js";
import { createRepositories, type Repositories } from "../../../src/storage/repositories/index.js";
import { channelConversationsFor, conversationCoreFor } from "../../support/conversation-core.js";
import { FakeHandoffPort } from "../../support/fake-handoff-port.js";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.js";

export const knowledge = loadKnowledgeBase(path.resolve(import.meta.dirname, "../../../knowledge"));
/** The engine is built once; its clock is the current harness's (opening-hours answers read it). */
let harnessClock: Clock = new FixedClock(new Date(0));
const engine = createAnswerEngine(knowledge, { clock: { now: () => harnessClock.now() } });

/** TestAdapter that gives activities unique ids (as real channels do) and can run event turns. */
export class SkrankeTestAdapter extends TestAdapter implements EventTurnAdapter {
  override makeActivity(text?: string): Partial<Activity> {
    return { ...super.makeActivity(text), id: randomUUID() };
  }

  override processActivity(activity: string | Partial<Activity>, callback?: BotLogic): Promise<unknown> {
    const request = typeof activity === "string" ? { type: "message", text: activity } : activity;
    request.id ??= randomUUID();
    return super.processActivity(request, callback);
  }

  async runEventTurn(activity: Partial<Activity>, logic: BotLogic): Promise<void> {
    await super.processActivity({ ...activity }, logic);
  }

  /** Runs one turn and returns the activities the bot sent during it. */
  async turn(activity: string | Partial<Activity>): Promise<Array<Partial<Activity>>> {
    this.activeQueue.splice(0);
    await this.processActivity(activity);
    return this.activeQueue.splice(0);
  }

  /** Runs one turn and returns the texts of the messages the bot sent. */
  async say(text: string | Partial<Activity>): Promise<string[]> {
    return (await this.turn(text)).filter((a) => a.type === "message").map((a) => a.text ?? "");
  }
}

export interface BotHarness {
  t: TestDatabase;
  clock: FixedClock;
  events: ConversationEventBus;
  handoff: FakeHandoffPort;
  adapter: SkrankeTestAdapter;
  runtime: BotRuntime;
  repos: Repositories;
  /** Drops the bot, its state objects and the database connection, and builds them again (a server restart). */
  restart(): Promise<void>;
  /** The stored conversation of the test adapter's conversation. */
  conversation(): ReturnType<Repositories["conversations"]["findByExternal"]>;
  destroy(): Promise<void>;
}

/** A bot on a TestAdapter over a fresh test database with the real knowledge base and answering engine. */
export async function createBotHarness(opts: { now: Date; org?: string }): Promise<BotHarness> {
  const t = await createTestDatabase();
  await syncOrganisations(knowledge, t.repos.organisations);
  const clock = new FixedClock(opts.now);
  harnessClock = clock;
  const events = new ConversationEventBus();
  const logger = createLogger("silent");
  let db: Database = t.db;
  let repos = t.repos;
  const handoff = new FakeHandoffPort(repos.conversations, events);

  const build = () => {
    const { log, lifecycle } = conversationCoreFor(repos, clock, events);
    const conversations = channelConversationsFor(repos, lifecycle, clock, events);
    const runtime = createBotRuntime({
      conversations,
      log,
      retentionPolicies: repos.retentionPolicies,
      answers: createAnswerService({ engine }),
      knowledge,
      feedback: new FeedbackService(repos.feedback, repos.conversations, clock),
      offline: new OfflineMessageService(repos.offlineMessages, clock, new StaffEventBus()),
      handoff,
      persons: new PersonRequests(handoff, clock),
      storage: new DatabaseStorage(repos.botState, conversations),
      clock,
      logger,
    });
    const template: Partial<Activity> = opts.org ? { channelData: { [ORG_HINT_FIELD]: opts.org } } : {};
    const adapter = new SkrankeTestAdapter(runtime.logic, template);
    runtime.install(adapter);
    return { runtime, adapter };
  };

  const harness: BotHarness = {
    t,
    clock,
    events,
    handoff,
    repos,
    ...build(),
    async restart() {
      if (db !== t.db) await db.close();
      db = await openDatabase(t.config, { migrate: false });
      repos = createRepositories(db);
      harness.repos = repos;
      Object.assign(harness, build());
    },
    conversation() {
      return harness.repos.conversations.findByExternal("test", harness.adapter.conversation.conversation.id);
    },
    async destroy() {
      if (db !== t.db) await db.close();
      await t.destroy();
    },
  };
  return harness;
}
