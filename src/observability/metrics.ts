import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { GenerationOutcome, GenerationReport } from "../core/answering/generated/generated-answers.js";
import type { Action } from "../core/answering/types.js";
import type { StatementFailureKind } from "../storage/statement-observer.js";

/**
 * The server's Prometheus metrics (GET /metrics, docs/deployment.md). This
 * module only counts and reads: events are fed to it by the composition root
 * (bot turns, answer decisions, failed SQL statements) and gauges read their
 * sources when scraped. One registry per server, so that several servers in
 * one process (tests) do not share counts.
 *
 * Per process: connections, turns, decisions, database errors (sum them
 * over the processes). From the shared database: queues and purge progress
 * (every process reports the same value; take max, not sum).
 */
export interface MetricsSources {
  /** Widget sockets connected to this process. */
  connectedCustomers(): number;
  /** Agent console sockets connected to this process. */
  connectedStaff(): number;
  /** Every organisation's waiting customers. */
  queues(): Promise<Array<{ organisation: string; waiting: number; oldestWaitSeconds: number }>>;
  /** The newest real (not dry) purge run, if any. */
  latestPurge(): Promise<PurgeRunView | null>;
}

export interface PurgeRunView {
  status: string;
  deletedConversations: number;
  deletedMessages: number;
  skipped: number;
  startedAt: Date;
  heartbeatAt: Date | null;
  finishedAt: Date | null;
}

export type TurnChannel = "widget" | "botframework";

const DECISIONS: readonly Action[] = ["answer", "clarify", "fallback", "handoff"];
const PURGE_STATUSES = ["running", "completed", "failed"] as const;
const GENERATION_OUTCOMES: readonly GenerationOutcome[] = [
  "generated",
  "rejected",
  "not-in-sources",
  "timeout",
  "failed",
];
const CIRCUIT_STATES = ["closed", "open", "half-open"] as const;

export class ServerMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly turns: Counter<"channel">;
  private readonly turnSeconds: Histogram<"channel">;
  private readonly decisions: Counter<"action">;
  private readonly databaseErrors: Counter<"kind">;
  private readonly handoffs: Counter;
  private readonly generations: Counter<"outcome">;
  private readonly generationSeconds: Histogram<"outcome">;
  private readonly modelTokens: Counter<"kind">;
  private readonly circuit: Gauge<"state">;

  constructor(sources: MetricsSources, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "skranke_connected_customers",
      help: "Widget connections (browser tabs) open to this process",
      registers,
      collect() {
        this.set(sources.connectedCustomers());
      },
    });
    new Gauge({
      name: "skranke_connected_staff",
      help: "Agent console connections open to this process",
      registers,
      collect() {
        this.set(sources.connectedStaff());
      },
    });
    // The gauges of a scrape are collected together: one read of each source serves them all.
    const queues = onePerScrape(() => sources.queues());
    new Gauge({
      name: "skranke_queue_waiting",
      help: "Customers waiting for an agent, per organisation (shared database: the same on every process)",
      labelNames: ["organisation"],
      registers,
      async collect() {
        const all = await queues();
        this.reset();
        for (const q of all) this.set({ organisation: q.organisation }, q.waiting);
      },
    });
    new Gauge({
      name: "skranke_queue_oldest_wait_seconds",
      help: "How long the longest-waiting customer has waited, per organisation (0 when nobody waits)",
      labelNames: ["organisation"],
      registers,
      async collect() {
        const all = await queues();
        this.reset();
        for (const q of all) this.set({ organisation: q.organisation }, q.oldestWaitSeconds);
      },
    });
    this.turns = new Counter({
      name: "skranke_bot_turns_total",
      help: "Bot turns run by this process (rate() gives turns per second)",
      labelNames: ["channel"],
      registers,
    });
    this.turnSeconds = new Histogram({
      name: "skranke_bot_turn_duration_seconds",
      help: "How long a bot turn took, from the adapter's first middleware to its end",
      labelNames: ["channel"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.decisions = new Counter({
      name: "skranke_answer_decisions_total",
      help: "The answering engine's decisions: answer, clarify, fallback (no answer), handoff (to a human)",
      labelNames: ["action"],
      registers,
    });
    for (const action of DECISIONS) this.decisions.inc({ action }, 0);
    this.handoffs = new Counter({
      name: "skranke_handoff_queued_total",
      help: "Conversations this process put in an agent queue (handed off to a human)",
      registers,
    });
    this.databaseErrors = new Counter({
      name: "skranke_database_errors_total",
      help: "SQL statements that failed: constraint (refused by a unique or foreign key) or other (connection, timeout, ...)",
      labelNames: ["kind"],
      registers,
    });
    for (const kind of ["constraint", "other"] as const) this.databaseErrors.inc({ kind }, 0);
    this.generations = new Counter({
      name: "skranke_ai_generations_total",
      help: "Questions put to the language model (SKRANKE_AI_MODE=generate), by outcome: generated (answered), rejected (fact check), not-in-sources, timeout, failed",
      labelNames: ["outcome"],
      registers,
    });
    for (const outcome of GENERATION_OUTCOMES) this.generations.inc({ outcome }, 0);
    this.generationSeconds = new Histogram({
      name: "skranke_ai_generation_duration_seconds",
      help: "How long a question waited for the language model, by outcome",
      labelNames: ["outcome"],
      buckets: [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20],
      registers,
    });
    this.modelTokens = new Counter({
      name: "skranke_ai_tokens_total",
      help: "Tokens the language model reported for generated answers: prompt, completion",
      labelNames: ["kind"],
      registers,
    });
    for (const kind of ["prompt", "completion"] as const) this.modelTokens.inc({ kind }, 0);
    this.circuit = new Gauge({
      name: "skranke_ai_circuit_state",
      help: "1 for the state of the language model's circuit breaker (closed: calls go through; open: failing fast; half-open: one probe)",
      labelNames: ["state"],
      registers,
    });
    this.circuitChanged("closed");
    const purge = onePerScrape(() => sources.latestPurge());
    new Gauge({
      name: "skranke_purge_running",
      help: "1 while a retention purge runs (shared database)",
      registers,
      async collect() {
        this.set((await purge())?.status === "running" ? 1 : 0);
      },
    });
    new Gauge({
      name: "skranke_purge_deleted",
      help: "What the newest real purge run has deleted so far (conversations, messages) or skipped",
      labelNames: ["what"],
      registers,
      async collect() {
        const run = await purge();
        this.set({ what: "conversations" }, run?.deletedConversations ?? 0);
        this.set({ what: "messages" }, run?.deletedMessages ?? 0);
        this.set({ what: "skipped" }, run?.skipped ?? 0);
      },
    });
    new Gauge({
      name: "skranke_purge_last_run_status",
      help: "1 for the status of the newest real purge run",
      labelNames: ["status"],
      registers,
      async collect() {
        const run = await purge();
        for (const status of PURGE_STATUSES) this.set({ status }, run?.status === status ? 1 : 0);
      },
    });
    new Gauge({
      name: "skranke_purge_last_progress_timestamp_seconds",
      help: "When the newest real purge run last recorded progress (or started, or finished); 0: never ran",
      registers,
      async collect() {
        const run = await purge();
        const at = run ? (run.finishedAt ?? run.heartbeatAt ?? run.startedAt) : undefined;
        this.set(at ? at.getTime() / 1000 : 0);
      },
    });
  }

  /** Call when a bot turn starts; call what it returns when the turn has ended. */
  turnStarted(channel: TurnChannel): () => void {
    const end = this.turnSeconds.startTimer({ channel });
    return () => {
      end();
      this.turns.inc({ channel });
    };
  }

  decided(action: Action): void {
    this.decisions.inc({ action });
  }

  /** One question that went to the language model. */
  generated(report: GenerationReport): void {
    this.generations.inc({ outcome: report.outcome });
    this.generationSeconds.observe({ outcome: report.outcome }, report.latencyMs / 1000);
    if (report.usage) {
      this.modelTokens.inc({ kind: "prompt" }, report.usage.promptTokens);
      this.modelTokens.inc({ kind: "completion" }, report.usage.completionTokens);
    }
  }

  circuitChanged(state: (typeof CIRCUIT_STATES)[number]): void {
    for (const s of CIRCUIT_STATES) this.circuit.set({ state: s }, s === state ? 1 : 0);
  }

  handoffQueued(): void {
    this.handoffs.inc();
  }

  statementFailed(kind: StatementFailureKind): void {
    this.databaseErrors.inc({ kind });
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** One call of `read` shared by every caller while it is under way (the gauges of one scrape). */
function onePerScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => {
    current ??= read().finally(() => {
      setImmediate(() => {
        current = undefined;
      });
    });
    return current;
  };
}
