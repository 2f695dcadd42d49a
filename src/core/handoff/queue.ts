import type { Logger } from "../../observability/logger.js";
import type { Clock } from "../clock.js";
import type { ConversationEventBus } from "../conversations/conversation-events.js";
import type { ConversationLifecycle } from "../conversations/conversation-lifecycle.js";
import type { ConversationRecord, HandoffRequestRecord } from "../conversations/conversation-records.js";
import { Coalescer } from "./coalescer.js";
import { assertTransition, type ConversationStatus } from "./conversation-status.js";
import { HandoffError } from "./errors.js";
import type { HandoffReason, HandoffRequestResult, QueuePosition } from "./handoff-port.js";
import type { HandoffStores, OrganisationRecord } from "./handoff-stores.js";
import type { AgentPresence } from "./presence.js";
import { orderQueue } from "./queue-order.js";
import type { QueueSequence, QueueVersion } from "./queue-sequence.js";
import type { QueueChange, QueueEntryView, QueueItem, StaffEventBus } from "./staff-events.js";
import { estimateFromBasis, type WaitStatistics, waitBasis } from "./wait-estimate.js";

/** How far back recent waits and chat lengths are taken for the estimate. */
const STATISTICS_WINDOW_MS = 7 * 24 * 3_600_000;
const FIRST_WORDS_LENGTH = 160;

export interface QueueOptions {
  graceSeconds: number;
  /** When this process started: a disconnect recorded before it gets a full grace period after it. */
  startedAt: Date;
  /** Numbers each organisation's queue changes (shared between processes when there are several). */
  sequence: QueueSequence;
}

/** What moved in the queue, as the operation that moved it knows it; none: only the estimates. */
export type QueueMove = { type: "join" | "update" | "leave"; conversationId: string };

/** A consistent starting point for numbered changes: the items, and the numbers read before them. */
export interface QueueSnapshot {
  items: QueueItem[];
  versions: Record<string, QueueVersion>;
}

/**
 * The durable, per-organisation queue of customers waiting for an agent:
 * joining and leaving it, positions and wait estimates, the grace period of
 * disconnected customers, and live updates whenever it moves.
 */
export class HandoffQueue {
  private readonly publishing = new Coalescer();
  /** Per organisation, the numbered changes in the order their operations finished here. */
  private readonly changes = new Map<string, Promise<void>>();

  constructor(
    private readonly repos: Pick<HandoffStores, "handoff" | "assignments" | "organisations" | "audit">,
    private readonly lifecycle: ConversationLifecycle,
    private readonly presence: AgentPresence,
    private readonly events: ConversationEventBus,
    private readonly staff: StaffEventBus,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: QueueOptions,
  ) {}

  async request(input: {
    conversationId: string;
    reason: HandoffReason;
    summary?: string | null;
  }): Promise<HandoffRequestResult> {
    const conversation = await this.repos.handoff.findConversation(input.conversationId);
    if (!conversation) throw new HandoffError("not_found", "no such conversation");
    const already = alreadyResult(conversation.status);
    if (already) return already;
    assertTransition(conversation.status, "request_handoff");
    if (!(await this.presence.isAnyoneOnline(conversation.organisationId))) {
      await this.repos.audit.record(
        {
          action: "handoff.no_agents",
          organisationId: conversation.organisationId,
          targetType: "conversation",
          targetId: conversation.id,
          details: { reason: input.reason },
        },
        this.clock.now(),
      );
      return { status: "no_agents" };
    }
    const summary = input.summary?.trim().slice(0, 500) || null;
    const request = await this.lifecycle.requestHandoff(conversation, { reason: input.reason, summary });
    if (!request) {
      const now = await this.repos.handoff.findConversation(conversation.id);
      const again = now ? alreadyResult(now.status) : null;
      if (again) return again;
      throw new HandoffError("conflict", "the conversation changed while it was being queued");
    }
    this.events.publish({
      type: "status",
      conversationId: conversation.id,
      organisationId: conversation.organisationId,
      status: "queued",
    });
    await this.publish(conversation.organisationId, { type: "join", conversationId: conversation.id });
    const place = await this.position(conversation.id);
    return {
      status: "queued",
      handoffId: request.id,
      position: place?.position ?? 1,
      estimatedWaitSeconds: place?.estimatedWaitSeconds ?? 0,
    };
  }

  /** The customer leaves the queue (cancelled) or ends the chat (abandoned if waiting, closed if with an agent). */
  async cancel(conversationId: string, why: "customer_cancelled" | "customer_ended"): Promise<void> {
    const conversation = await this.repos.handoff.findConversation(conversationId);
    if (!conversation) return;
    const request = await this.repos.handoff.findActive(conversationId);
    if (request?.status === "waiting") {
      const change = why === "customer_cancelled" ? "cancelled" : "abandoned";
      const status = why === "customer_cancelled" ? "bot" : "closed";
      const ended = await this.lifecycle.leaveQueue(request, { status: change, conversationStatus: status, why });
      if (ended) await this.left(request, change, status);
    }
  }

  /** Announcements shared by cancel, customer end and abandonment (stored and audited by then). */
  private async left(
    request: HandoffRequestRecord,
    change: "cancelled" | "abandoned",
    status: ConversationStatus,
  ): Promise<void> {
    this.events.publish({
      type: "status",
      conversationId: request.conversationId,
      organisationId: request.organisationId,
      status,
    });
    this.staff.publish({
      type: "assignment",
      change,
      conversationId: request.conversationId,
      organisationId: request.organisationId,
      status,
      agent: null,
      previousAgent: null,
      by: null,
    });
    await this.publish(request.organisationId, { type: "leave", conversationId: request.conversationId });
  }

  /** Starts the grace period of a waiting customer; false when not waiting or already gone. */
  async customerDisconnected(conversationId: string): Promise<boolean> {
    if (!(await this.repos.handoff.markDisconnected(conversationId, this.clock.now()))) return false;
    await this.customerPresence(conversationId, false);
    return true;
  }

  /** Ends the grace period of a waiting customer who came back; false when there was none. */
  async customerReconnected(conversationId: string): Promise<boolean> {
    if (!(await this.repos.handoff.clearDisconnected(conversationId))) return false;
    await this.customerPresence(conversationId, true);
    return true;
  }

  private async customerPresence(conversationId: string, connected: boolean): Promise<void> {
    const conversation = await this.repos.handoff.findConversation(conversationId);
    if (!conversation) return;
    this.staff.publish({ type: "customer", organisationId: conversation.organisationId, conversationId, connected });
    await this.publish(conversation.organisationId, { type: "update", conversationId });
  }

  async position(conversationId: string): Promise<QueuePosition | null> {
    const request = await this.repos.handoff.findActive(conversationId);
    if (request?.status !== "waiting") return null;
    const places = await this.places(request.organisationId);
    return places.find((p) => p.conversationId === conversationId) ?? null;
  }

  /**
   * Abandons waiting requests whose customer has been gone longer than the
   * grace period. Derived from the stored disconnect time, so it survives
   * restarts; a disconnect from before this process started counts from the
   * start (the customer may have been cut off by the restart itself).
   */
  async sweepAbandoned(): Promise<number> {
    const now = this.clock.now();
    const graceMs = this.options.graceSeconds * 1000;
    const cutoff = new Date(now.getTime() - graceMs);
    const candidates = await this.repos.handoff.listDisconnectedBefore(cutoff);
    let abandoned = 0;
    for (const request of candidates) {
      const since = Math.max((request.customerDisconnectedAt as Date).getTime(), this.options.startedAt.getTime());
      if (since + graceMs > now.getTime()) continue;
      const ended = await this.lifecycle.leaveQueue(request, {
        status: "abandoned",
        conversationStatus: "bot",
        why: "grace_expired",
      });
      if (!ended) continue;
      abandoned++;
      await this.left(request, "abandoned", "bot");
    }
    return abandoned;
  }

  /** The organisation's queue in order, with wait estimates. */
  async snapshot(organisationId: string): Promise<QueueItem[]> {
    const waiting = orderQueue(await this.repos.handoff.listWaiting(organisationId));
    if (waiting.length === 0) return [];
    const ids = waiting.map((r) => r.conversationId);
    const [stats, conversations, firstWords, organisation] = await Promise.all([
      this.statistics(organisationId),
      this.repos.handoff.listConversations(ids),
      this.repos.handoff.firstCustomerWords(ids),
      this.repos.organisations.findById(organisationId),
    ]);
    const basis = waitBasis(stats);
    const language = new Map(conversations.map((c) => [c.id, c.language]));
    return waiting.map((r, i) => ({
      ...this.entryView(r, organisation, language.get(r.conversationId), firstWords.get(r.conversationId)),
      position: i + 1,
      estimatedWaitSeconds: estimateFromBasis(i + 1, basis),
    }));
  }

  /**
   * The queues of these organisations with the numbers of their latest
   * changes, read before the queues: a change numbered after them may or may
   * not be in the items already (applying it again changes nothing), one
   * numbered up to them is.
   */
  async snapshotOf(versionsOf: readonly string[], itemsOf: readonly string[]): Promise<QueueSnapshot> {
    const versions = await this.options.sequence.current(versionsOf);
    const items = (await Promise.all(itemsOf.map((o) => this.snapshot(o)))).flat();
    return { items, versions: Object.fromEntries(versions) };
  }

  /** Places and estimates of the waiting customers, from the requests alone (what the widget shows). */
  private async places(organisationId: string): Promise<Array<QueuePosition & { conversationId: string }>> {
    const waiting = orderQueue(await this.repos.handoff.listWaiting(organisationId));
    if (waiting.length === 0) return [];
    const basis = waitBasis(await this.statistics(organisationId));
    return waiting.map((r, i) => ({
      conversationId: r.conversationId,
      position: i + 1,
      estimatedWaitSeconds: estimateFromBasis(i + 1, basis),
    }));
  }

  private entryView(
    r: HandoffRequestRecord,
    organisation: OrganisationRecord | null,
    language: ConversationRecord["language"] | undefined,
    firstWords: string | undefined,
  ): QueueEntryView {
    const now = this.clock.now();
    return {
      handoffId: r.id,
      conversationId: r.conversationId,
      organisationId: r.organisationId,
      organisationSlug: organisation?.slug ?? "",
      organisationName: organisation?.name ?? "",
      requestedAt: r.requestedAt.toISOString(),
      waitingSeconds: Math.max(0, Math.round((now.getTime() - r.requestedAt.getTime()) / 1000)),
      reason: r.reason,
      summary: r.summary,
      firstWords: shorten(firstWords ?? null),
      language: language ?? "nb",
      customerConnected: r.customerDisconnectedAt === null,
      transferred: r.reason === "transfer",
    };
  }

  /** One customer's entry, read on its own; null when they are not waiting (any more). */
  private async entry(conversationId: string): Promise<QueueEntryView | null> {
    const request = await this.repos.handoff.findActive(conversationId);
    if (request?.status !== "waiting") return null;
    const [conversations, firstWords, organisation] = await Promise.all([
      this.repos.handoff.listConversations([conversationId]),
      this.repos.handoff.firstCustomerWords([conversationId]),
      this.repos.organisations.findById(request.organisationId),
    ]);
    return this.entryView(request, organisation, conversations[0]?.language, firstWords.get(conversationId));
  }

  /** Inputs of the wait estimate for an organisation, as of now. */
  async statistics(organisationId: string): Promise<WaitStatistics> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - STATISTICS_WINDOW_MS);
    const [recentWaits, recentHandling, staff] = await Promise.all([
      this.repos.handoff.recentWaits(organisationId, since),
      this.repos.assignments.recentHandlingSeconds(organisationId, since),
      this.presence.list(organisationId),
    ]);
    const online = staff.filter((s) => s.presence === "online");
    return {
      recentWaits,
      recentHandling,
      slots: online.reduce((n, s) => n + s.maxConcurrentChats, 0),
      busy: online.reduce((n, s) => n + Math.min(s.activeChats, s.maxConcurrentChats), 0),
    };
  }

  /**
   * Tells everyone the queue moved: staff get one numbered change about the
   * customer it concerns (`move`; none: only the estimates moved), and each
   * waiting customer a `queue` event with their place (the /widget side
   * forwards it) and `queue:changed`. The customers' places are coalesced
   * per organisation; every change to staff is sent, in the order the
   * operations called this.
   */
  publish(organisationId: string, move?: QueueMove): Promise<void> {
    const previous = this.changes.get(organisationId) ?? Promise.resolve();
    const change = previous.then(() => this.announceChange(organisationId, move));
    this.changes.set(organisationId, change);
    void change.finally(() => {
      if (this.changes.get(organisationId) === change) this.changes.delete(organisationId);
    });
    const places = this.publishing.run(organisationId, () => this.announcePlaces(organisationId));
    return Promise.all([change, places]).then(() => undefined);
  }

  /** The change is stored already: a failed announcement is logged, never the caller's error. */
  private async announceChange(organisationId: string, move: QueueMove | undefined): Promise<void> {
    try {
      const version = await this.options.sequence.next(organisationId);
      const [stats, entry] = await Promise.all([
        this.statistics(organisationId),
        move && move.type !== "leave" ? this.entry(move.conversationId) : Promise.resolve(null),
      ]);
      const change: QueueChange = !move
        ? { type: "estimates" }
        : entry && move.type !== "leave"
          ? { type: move.type, entry }
          : { type: "leave", conversationId: move.conversationId };
      this.staff.publish({
        type: "queue",
        organisationId,
        delta: { organisationId, ...version, change, wait: waitBasis(stats) },
      });
    } catch (err) {
      this.logger.error({ err, organisationId }, "queue change announcement failed");
    }
  }

  private async announcePlaces(organisationId: string): Promise<void> {
    try {
      for (const place of await this.places(organisationId)) {
        this.events.publish({ type: "queue", organisationId, ...place });
      }
      this.events.publish({ type: "queue:changed", organisationId });
    } catch (err) {
      this.logger.error({ err, organisationId }, "queue update failed");
    }
  }

  /** Resolves when pending queue publications are done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.changes.size > 0) await Promise.allSettled([...this.changes.values()]);
    await this.publishing.idle();
  }
}

function alreadyResult(status: ConversationStatus): HandoffRequestResult | null {
  if (status === "queued" || status === "assigned") return { status: "already", conversationStatus: status };
  return null;
}

function shorten(text: string | null): string | null {
  if (text === null) return null;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > FIRST_WORDS_LENGTH ? `${flat.slice(0, FIRST_WORDS_LENGTH - 1)}…` : flat;
}
