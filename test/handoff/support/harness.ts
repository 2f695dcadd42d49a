import { randomUUID } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import {
  applyDelta,
  emptyQueues,
  fromSnapshot,
  type LiveQueueItem,
  type QueueState,
  allItems as queueItemsOf,
} from "../../../agent-console/src/queue-deltas.js";
import { type App, createApp } from "../../../src/app.js";
import { type AppConfig, type DatabaseConfig, loadConfig } from "../../../src/config/config.js";
import type { Clock } from "../../../src/core/clock.js";
import type { ConversationEvent } from "../../../src/core/conversations/conversation-events.js";
import { createLogger } from "../../../src/observability/logger.js";
import type { Organisation } from "../../../src/storage/repositories/organisations.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER } from "../../support/test-database.js";
import { WAIT_MS } from "../../support/wait.js";

/**
 * A real server (createApp on port 0) on a fresh test database, agents
 * connected over Socket.IO, and customers driven through the core the way
 * the /widget namespace drives it (a conversation, messages recorded with
 * ConversationLog, HandoffService.requestHandoff), collecting what the
 * customer's channel would be told.
 */
export const PASSWORD = "correct horse battery staple";

export interface Server {
  app: App;
  url: string;
  port: number;
  orgs: { alpha: Organisation; beta: Organisation };
  close(): Promise<void>;
}

export function testConfig(database: DatabaseConfig, overrides: Record<string, string> = {}): AppConfig {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...overrides });
  return { ...config, database };
}

export async function startServer(
  database: DatabaseConfig,
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<Server> {
  const app = await createApp(
    testConfig(database, options.env),
    createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
    options.clock ? { clock: options.clock } : {},
  );
  const [alpha, beta] = await app.context.repos.organisations.sync([
    { slug: "alpha", name: "Alpha Kundeservice", defaultLanguage: "nb", privacyUrl: null },
    { slug: "beta", name: "Beta Support", defaultLanguage: "nb", privacyUrl: null },
  ]);
  const port = await app.listen();
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    orgs: { alpha: alpha as Organisation, beta: beta as Organisation },
    close: () => app.close(),
  };
}

/** A fresh database config (SQLite file or PostgreSQL schema) and its cleanup. */
export function freshDatabase() {
  return freshDatabaseConfig(PRIMARY_PROVIDER);
}

export async function createStaff(
  server: Server,
  input: { email: string; role: string; org?: string | null; maxChats?: number; name?: string },
): Promise<{ id: string; token: string; email: string }> {
  const user = await server.app.context.services.accounts.createUser({
    email: input.email,
    role: input.role,
    organisationSlug: input.org === undefined ? "alpha" : input.org,
    password: PASSWORD,
    displayName: input.name ?? input.email.split("@")[0],
    ...(input.maxChats ? { maxConcurrentChats: input.maxChats } : {}),
  });
  const token = await login(server.url, input.email);
  return { id: user.id, token, email: input.email };
}

export async function login(url: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export type AckResult = { ok: true; [k: string]: unknown } | { ok: false; error: { code: string; message: string } };

/** An agent console's socket with a request helper and a log of what the server pushed. */
export class AgentClient {
  readonly received: Array<{ event: string; payload: unknown }> = [];
  hello: Record<string, unknown> | undefined;
  /** The queues as the agent console keeps them: hello's snapshot and the numbered changes (its reducer). */
  queueState: QueueState = emptyQueues();
  /** Snapshots the reducer asked for after the first (gaps, new epochs). */
  resyncs = 0;
  private greeted = false;

  private constructor(readonly socket: Socket) {
    socket.onAny((event: string, payload: unknown) => {
      this.received.push({ event, payload });
      if (event === "hello") {
        this.greeted = true;
        this.queueState = fromSnapshot(snapshotOf(payload), Date.now()).state;
      }
      // Before hello: hello's snapshot holds these already (the console ignores them too).
      if (event === "queue:update" && this.greeted) {
        const applied = applyDelta(this.queueState, payload as Parameters<typeof applyDelta>[1], Date.now());
        this.queueState = applied.state;
        if (applied.resync) void this.resync();
      }
    });
  }

  private async resync(): Promise<void> {
    this.resyncs++;
    const reply = await this.ok("queue:list");
    this.queueState = fromSnapshot(snapshotOf({ queue: reply.items, queueVersions: reply.versions }), Date.now()).state;
  }

  /** Every waiting customer the console would show now, in queue order. */
  queue(): LiveQueueItem[] {
    return queueItemsOf(this.queueState);
  }

  /** Waits until the console's queue matches, and returns it. */
  async waitForQueue(match: (items: LiveQueueItem[]) => boolean, ms = WAIT_MS): Promise<LiveQueueItem[]> {
    await eventually(() => match(this.queue()), ms);
    return this.queue();
  }

  static async connect(
    url: string,
    token: string | undefined,
    options: { transports?: Array<"polling" | "websocket">; extraHeaders?: Record<string, string> } = {},
  ): Promise<AgentClient> {
    const socket = connect(`${url}/agent`, {
      auth: token === undefined ? {} : { token },
      transports: options.transports ?? ["websocket"],
      reconnection: false,
      forceNew: true,
      ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
    });
    const client = new AgentClient(socket);
    client.hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no hello within ${WAIT_MS} ms`)), WAIT_MS);
      socket.once("hello", (h: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(h);
      });
      socket.once("connect_error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return client;
  }

  request(event: string, payload?: unknown): Promise<AckResult> {
    return this.socket.timeout(WAIT_MS).emitWithAck(event, payload ?? {}) as Promise<AckResult>;
  }

  async ok(event: string, payload?: unknown): Promise<Record<string, unknown>> {
    const r = await this.request(event, payload);
    if (!r.ok) throw new Error(`${event} failed: ${r.error.code} ${r.error.message}`);
    return r;
  }

  /** Resolves with the first pushed event of that name (seen already or coming) that matches. */
  waitFor<T = unknown>(event: string, match: (payload: T) => boolean = () => true, ms = WAIT_MS): Promise<T> {
    const seen = this.received.find((r) => r.event === event && match(r.payload as T));
    if (seen) return Promise.resolve(seen.payload as T);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off(event, listener);
        reject(new Error(`no ${event} event within ${ms} ms`));
      }, ms);
      const listener = (payload: T) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        this.socket.off(event, listener);
        resolve(payload);
      };
      this.socket.on(event, listener);
    });
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): void {
    this.socket.disconnect();
  }
}

function snapshotOf(hello: unknown): Parameters<typeof fromSnapshot>[0] {
  const h = hello as {
    queue: Parameters<typeof fromSnapshot>[0]["items"];
    queueVersions: Parameters<typeof fromSnapshot>[0]["versions"];
  };
  return { items: h.queue, versions: h.queueVersions };
}

/** The reason a connection was refused (connect_error message). */
export async function connectError(url: string, token: string | undefined): Promise<string> {
  try {
    const c = await AgentClient.connect(url, token);
    c.close();
    return "connected";
  } catch (err) {
    return (err as Error).message;
  }
}

/** A customer, driven through the core as the /widget namespace would, seeing what its channel is told. */
export class Customer {
  readonly events: ConversationEvent[] = [];
  private readonly off: () => void;

  private constructor(
    private readonly server: Server,
    readonly conversationId: string,
    readonly organisationId: string,
  ) {
    this.off = server.app.context.services.events.onAny((e) => {
      if ("conversationId" in e && e.conversationId === conversationId) this.events.push(e);
    });
  }

  /** `org`: "alpha", "beta" or the slug of an organisation of the knowledge base. */
  static async start(server: Server, org: string, name: string, firstWords: string): Promise<Customer> {
    const { repos, clock } = server.app.context;
    const organisationId =
      org === "alpha" || org === "beta" ? server.orgs[org].id : (await repos.organisations.findBySlug(org))?.id;
    if (!organisationId) throw new Error(`no organisation ${org}`);
    const customer = await repos.customers.create({ organisationId, displayName: name, language: "nb" }, clock.now());
    const conversation = await repos.conversations.create(
      { organisationId, channel: "widget", customerId: customer.id },
      clock.now(),
    );
    const c = new Customer(server, conversation.id, organisationId);
    await c.say(firstWords);
    await server.app.context.services.log.record(organisationId, {
      conversationId: conversation.id,
      role: "bot",
      text: "Beklager, det vet jeg ikke. Vil du snakke med en kundebehandler?",
    });
    return c;
  }

  /** Reattach to an existing conversation (after a restart). */
  static attach(server: Server, conversationId: string, organisationId: string): Customer {
    return new Customer(server, conversationId, organisationId);
  }

  async say(text: string): Promise<number> {
    const { message } = await this.server.app.context.services.log.record(this.organisationId, {
      conversationId: this.conversationId,
      role: "customer",
      text,
      clientId: randomUUID(),
    });
    return message.id;
  }

  requestHandoff(summary?: string) {
    return this.server.app.context.services.handoff.requestHandoff({
      conversationId: this.conversationId,
      reason: "customer_request",
      summary: summary ?? null,
    });
  }

  typing(typing: boolean): void {
    this.server.app.context.services.events.publish({
      type: "typing",
      conversationId: this.conversationId,
      organisationId: this.organisationId,
      from: "customer",
      typing,
    });
  }

  of<T extends ConversationEvent["type"]>(type: T): Array<Extract<ConversationEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<ConversationEvent, { type: T }> => e.type === type);
  }

  lastQueue() {
    return this.of("queue").at(-1);
  }

  async status(): Promise<string | undefined> {
    return (await this.server.app.context.repos.conversations.findById(this.conversationId))?.status;
  }

  stop(): void {
    this.off();
  }
}

/** Waits until a condition holds (polling), for effects that arrive asynchronously. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
